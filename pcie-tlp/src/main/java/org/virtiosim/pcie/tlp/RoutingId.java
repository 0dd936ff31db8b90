package org.virtiosim.pcie.tlp;

/**
 * A 16-bit Routing ID (Requester ID, Completer ID): Bus[15:8], Device[7:3], Function[2:0], or
 * with ARI (Alternative Routing-ID Interpretation, §6.13) Bus[15:8] and an 8-bit Function number,
 * which is how SR-IOV VFs beyond function 7 are numbered (PCI Express Base Specification Rev. 6.0,
 * §2.2.6.2 and §9.3.3.10).
 */
public final class RoutingId {
    private RoutingId() {
    }

    public static int of(int bus, int device, int function) {
        if (bus < 0 || bus > 255 || device < 0 || device > 31 || function < 0 || function > 7) {
            throw new IllegalArgumentException("bad bus/device/function " + bus + "/" + device + "/" + function);
        }
        return bus << 8 | device << 3 | function;
    }

    /** An ARI routing ID: bus and 8-bit function number. */
    public static int ari(int bus, int function) {
        if (bus < 0 || bus > 255 || function < 0 || function > 255) {
            throw new IllegalArgumentException("bad ARI bus/function " + bus + "/" + function);
        }
        return bus << 8 | function;
    }

    public static int bus(int rid) {
        return rid >>> 8 & 0xFF;
    }

    public static int device(int rid) {
        return rid >>> 3 & 0x1F;
    }

    public static int function(int rid) {
        return rid & 0x7;
    }

    /** Conventional notation, e.g. {@code 03:00.1}. */
    public static String toString(int rid) {
        return String.format("%02x:%02x.%x", bus(rid), device(rid), function(rid));
    }
}
