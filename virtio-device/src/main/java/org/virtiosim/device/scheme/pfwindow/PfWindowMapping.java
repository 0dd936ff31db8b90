package org.virtiosim.device.scheme.pfwindow;

/**
 * The hypervisor's map from each VF's guest to a window of the PF aperture: VF n's guest gets
 * window n. The device cannot check it (every window is in the one PF BAR, and the device tells
 * the VF from the address alone), so under {@code pf-window} the hypervisor is trusted to keep it
 * right; {@link #point} breaks it, for fault injection.
 */
public final class PfWindowMapping {
    private final int[] window;

    PfWindowMapping(int numVfs) {
        this.window = new int[numVfs + 1];
        for (int vf = 1; vf <= numVfs; vf++) {
            window[vf] = vf;
        }
    }

    /** The window (1-based, as a VF number) VF {@code vf}'s guest accesses go to. */
    public int window(int vf) {
        return window[vf];
    }

    /** Maps VF {@code vf}'s guest to window {@code to} (another VF's, or one past the aperture). */
    public void point(int vf, int to) {
        if (to < 1) {
            throw new IllegalArgumentException("a window is numbered from 1, got " + to);
        }
        window[vf] = to;
    }
}
