package org.virtiosim.pcie.sriov;

/**
 * Where a PF's Virtual Functions are, by ID and by address: PCI Express Base Specification Rev. 6.0
 * §9.3.3.10 (First VF Offset and VF Stride) and §9.3.3.14 (VF BAR0..5).
 *
 * <p>VF n (n = 1..NumVFs) has Routing ID = PF Routing ID + First VF Offset + (n − 1) × VF Stride,
 * modulo 2^16 (the bus number may increase past the PF's). Each VF BAR describes an aperture of
 * the same size for every VF; VF n's copy is at VF BAR base + (n − 1) × aperture.
 */
public final class SriovLayout {
    /** Largest NumVFs the 16-bit TotalVFs field allows. */
    public static final int MAX_VFS = 65535;

    private final int pfRoutingId;
    private final int firstVfOffset;
    private final int vfStride;
    private final int numVfs;
    private final long vfBarBase;
    private final long vfBarAperture;

    public SriovLayout(int pfRoutingId, int firstVfOffset, int vfStride, int numVfs, long vfBarBase, long vfBarAperture) {
        if (numVfs < 0 || numVfs > MAX_VFS) {
            throw new IllegalArgumentException("NumVFs must be 0..65535, got " + numVfs);
        }
        if (firstVfOffset < 1 || firstVfOffset > 0xFFFF || vfStride < 1 || vfStride > 0xFFFF) {
            throw new IllegalArgumentException("First VF Offset and VF Stride must be 1..65535");
        }
        if (vfBarAperture <= 0 || Long.bitCount(vfBarAperture) != 1 || vfBarAperture < 4096) {
            throw new IllegalArgumentException("VF BAR aperture must be a power of two of at least 4 KB (System Page Size): "
                    + vfBarAperture);
        }
        if ((vfBarBase & (vfBarAperture - 1)) != 0) {
            throw new IllegalArgumentException("VF BAR base must be aligned to the aperture");
        }
        long lastRid = (long) pfRoutingId + firstVfOffset + (long) Math.max(0, numVfs - 1) * vfStride;
        if (lastRid > 0xFFFF) {
            throw new IllegalArgumentException("VF Routing IDs run past bus 255: PF " + pfRoutingId + ", offset "
                    + firstVfOffset + ", stride " + vfStride + ", " + numVfs + " VFs");
        }
        this.pfRoutingId = pfRoutingId;
        this.firstVfOffset = firstVfOffset;
        this.vfStride = vfStride;
        this.numVfs = numVfs;
        this.vfBarBase = vfBarBase;
        this.vfBarAperture = vfBarAperture;
    }

    public int numVfs() {
        return numVfs;
    }

    public int pfRoutingId() {
        return pfRoutingId;
    }

    public int vfRoutingId(int vf) {
        checkVf(vf);
        return pfRoutingId + firstVfOffset + (vf - 1) * vfStride;
    }

    /** The VF number (1..NumVFs) with this Routing ID, or 0 if none (the PF or another function). */
    public int vfOfRoutingId(int rid) {
        int d = rid - pfRoutingId - firstVfOffset;
        if (d < 0 || d % vfStride != 0) {
            return 0;
        }
        int vf = d / vfStride + 1;
        return vf <= numVfs ? vf : 0;
    }

    public long vfBarAddress(int vf) {
        checkVf(vf);
        return vfBarBase + (vf - 1) * vfBarAperture;
    }

    /** The VF whose BAR aperture holds this address, or 0. */
    public int vfOfAddress(long address) {
        if (address < vfBarBase) {
            return 0;
        }
        long vf = (address - vfBarBase) / vfBarAperture + 1;
        return vf <= numVfs ? (int) vf : 0;
    }

    public long vfBarAperture() {
        return vfBarAperture;
    }

    public long vfBarBase() {
        return vfBarBase;
    }

    /** The last bus number the VFs use: what the bridge above must route to this device. */
    public int lastBus() {
        return (numVfs == 0 ? pfRoutingId : vfRoutingId(numVfs)) >>> 8;
    }

    private void checkVf(int vf) {
        if (vf < 1 || vf > numVfs) {
            throw new IllegalArgumentException("VF must be 1.." + numVfs + ", got " + vf);
        }
    }
}
