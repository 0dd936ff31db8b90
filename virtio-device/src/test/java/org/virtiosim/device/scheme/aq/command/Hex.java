package org.virtiosim.device.scheme.aq.command;

/** Test vectors written as hex byte pairs, spaces and '|' ignored, so each field reads as in the struct. */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String hex) {
        String s = hex.replace(" ", "").replace("|", "").replace("\n", "");
        if (s.length() % 2 != 0) {
            throw new IllegalArgumentException("odd hex: " + hex);
        }
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    static byte[] slice(byte[] b, int off, int len) {
        byte[] r = new byte[len];
        System.arraycopy(b, off, r, 0, len);
        return r;
    }
}
