package org.virtiosim.device.scheme.aq;

import org.virtiosim.core.kernel.Kernel;
import org.virtiosim.device.host.AccessListener;
import org.virtiosim.device.host.HostTiming;
import org.virtiosim.device.host.LegacyAccessPath;
import org.virtiosim.device.legacy.LegacyLayout;
import org.virtiosim.pcie.host.RootComplex;
import org.virtiosim.pcie.sriov.SriovLayout;
import org.virtiosim.device.scheme.aq.command.AqLayout;

/**
 * Host half of the {@code aq} scheme over one or more admin queues: VF n uses queue (n − 1) mod
 * count, each queue driven by its own {@link AqAccessPath}; MSI-X vector q wakes queue q.
 *
 * <p>The 6-byte MAC write goes as two commands, 4 bytes and then 2, one after the other: the
 * command validator takes only the register widths 1, 2 and 4 today. (Interim: the spec allows
 * one 6-byte LEGACY_DEV_CFG_WRITE, and the aq host and engine are being changed to send it so.)
 */
public final class AqHost implements LegacyAccessPath {
    private final AqAccessPath[] paths;
    /** Per VF, the second part of a split write: where, what, and whom to tell (a VF has one access at a time). */
    private final int[] restOffset;
    private final long[] restValue;
    private final long[] restToken;
    private final AccessListener[] restDone;
    private final AccessListener firstPartDone;

    public AqHost(Kernel kernel, RootComplex rc, SriovLayout layout, HostTiming host, AqAccessPath.Mode mode, int queues,
                  int legacyConfigOffsetMsixOff, int legacyConfigOffsetMsixOn) {
        this.paths = new AqAccessPath[queues];
        int n = layout.numVfs() + 1;
        this.restOffset = new int[n];
        this.restValue = new long[n];
        this.restToken = new long[n];
        this.restDone = new AccessListener[n];
        this.firstPartDone = (vf, value, fail) -> {
            int v = (int) vf;
            AccessListener done = restDone[v];
            restDone[v] = null;
            if (fail) {
                done.accessDone(restToken[v], value, true);
            } else {
                of(v).access(v, true, restOffset[v], SPLIT_REST, restValue[v], restToken[v], done);
            }
        };
        for (int q = 0; q < queues; q++) {
            paths[q] = new AqAccessPath(kernel, rc, layout, host, mode, new AqLayout(q), legacyConfigOffsetMsixOff,
                    legacyConfigOffsetMsixOn);
        }
        if (mode == AqAccessPath.Mode.IRQ_PARALLEL) {
            rc.setInterruptListener(vector -> {
                if (vector < paths.length) {
                    paths[vector].interrupted();
                }
            });
        }
    }

    private AqAccessPath of(int vf) {
        return paths[(vf - 1) % paths.length];
    }

    private static final int SPLIT_FIRST = Integer.BYTES;
    private static final int SPLIT_REST = LegacyLayout.MAC_WRITE_BYTES - SPLIT_FIRST;

    @Override
    public void access(int vf, boolean write, int offset, int size, long value, long token, AccessListener done) {
        if (write && size == LegacyLayout.MAC_WRITE_BYTES) {
            restOffset[vf] = offset + SPLIT_FIRST;
            restValue[vf] = value >>> (8 * SPLIT_FIRST);
            restToken[vf] = token;
            restDone[vf] = done;
            of(vf).access(vf, true, offset, SPLIT_FIRST, value & 0xFFFF_FFFFL, vf, firstPartDone);
            return;
        }
        of(vf).access(vf, write, offset, size, value, token, done);
    }

    /** A legacy write as an admin command even when it is a queue notify (the {@code aq} notify path). */
    public void accessViaCommand(int vf, int offset, int size, long value, long token, AccessListener done) {
        of(vf).accessViaCommand(vf, offset, size, value, token, done);
    }

    /** LEGACY_NOTIFY_INFO for a VF, as vfio-virtio issues it when the VF is opened. */
    @Override
    public void open(int vf, long token, AccessListener done) {
        of(vf).queryNotifyInfo(vf, token, done);
    }

    public long notifyOffset(int vf) {
        return of(vf).notifyOffset(vf);
    }

    /** VF opens refused because LEGACY_NOTIFY_INFO held no valid member entry ({@link NotifyInfoChoice}). */
    public long refusedNotifyInfo() {
        long n = 0;
        for (AqAccessPath p : paths) {
            n += p.refusedNotifyInfo();
        }
        return n;
    }

    @Override
    public void msixChanged(int vf, boolean enabled) {
        of(vf).msixChanged(vf, enabled);
    }

    @Override
    public long hostBusyPs() {
        long b = 0;
        for (AqAccessPath p : paths) {
            b += p.hostBusyPs();
        }
        return b;
    }
}
