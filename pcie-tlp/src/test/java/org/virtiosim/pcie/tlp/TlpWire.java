package org.virtiosim.pcie.tlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

/**
 * Test helpers: the fields a TLP's header format actually carries (§2.2, non-Flit Mode), so two
 * TLPs can be compared "on the wire", ignoring fields their type has no room for and the
 * simulation bookkeeping that is never encoded.
 */
final class TlpWire {
    private TlpWire() {
    }

    /** Every field the type's header has, one string, so a mismatch shows as a readable diff. */
    static String fields(Tlp t) {
        TlpType type = t.type();
        StringBuilder b = new StringBuilder()
                .append(type)
                .append(" TC=").append(t.tc())
                .append(" Attr=").append(t.attr())
                .append(" TH=").append(t.th())
                .append(" TD=").append(t.td())
                .append(" EP=").append(t.ep())
                .append(" AT=").append(t.at())
                .append(" Length=").append(t.lengthDw())
                .append(" Tag=").append(t.tag())
                .append(" RequesterID=").append(t.requesterId());
        if (type.isCompletion()) {
            b.append(" CompleterID=").append(t.completerId())
                    .append(" Status=").append(t.status())
                    .append(" BCM=").append(t.bcm())
                    .append(" ByteCount=").append(t.byteCount())
                    .append(" LowerAddress=").append(t.lowerAddress());
        } else {
            b.append(" FirstBE=").append(t.firstDwBe()).append(" LastBE=").append(t.lastDwBe());
            switch (type) {
                case CfgRd0, CfgWr0 -> b.append(" Target=").append(t.targetId())
                        .append(" Register=").append(t.registerOffset());
                case IORd, IOWr -> b.append(" Address=0x").append(Long.toHexString(t.address()));
                default -> b.append(" Address=0x").append(Long.toHexString(t.address())).append(" PH=").append(t.ph());
            }
        }
        return b.toString();
    }

    /** The Length × 4 payload bytes a type with data carries, else empty. */
    static byte[] payload(Tlp t) {
        return t.type().hasData() ? Arrays.copyOf(t.data(), t.payloadBytes()) : new byte[0];
    }

    static void assertSameOnWire(Tlp actual, Tlp expected) {
        assertThat(fields(actual)).isEqualTo(fields(expected));
        assertThat(payload(actual)).as("payload of %s", expected.type()).isEqualTo(payload(expected));
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] > 0xFF) {
                throw new IllegalArgumentException("not a byte: " + v[i]);
            }
            b[i] = (byte) v[i];
        }
        return b;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
