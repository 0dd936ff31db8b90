package org.virtiosim.pcie.link;

import org.virtiosim.core.component.TextFormat;
import org.virtiosim.pcie.tlp.CompletionStatus;
import org.virtiosim.pcie.tlp.TlpType;

/**
 * A link direction's {@code tlp} text signal: the TLP on the lanes in one line, decoded on the
 * waveform writer's thread from {@link LinkDirection}'s probes ({@code tlp_type}, {@code tlp_tag},
 * {@code tlp_address}, {@code tlp_length_dw}, {@code tlp_status}, in that order). Type names are
 * those of PCI Express Base Specification Rev. 6.0 §2.2.1 Table 2-6 ({@link TlpType}), completion
 * statuses those of §2.2.9.1 Table 2-40 ({@link CompletionStatus}):
 * <ul>
 * <li>memory and I/O requests: {@code MRd64 tag=5 0xfe000010 len=1}; a posted write has no tag
 *     ({@code MWr32 0xfe000010 len=1});</li>
 * <li>configuration requests: {@code CfgRd0 tag=2 01:00.1 reg=0x44 len=1}, the target's
 *     Bus:Device.Function and the register's byte offset (Register Number × 4);</li>
 * <li>completions: {@code CplD tag=5 len=1 SC}, {@code Cpl tag=5 UR};</li>
 * <li>nothing while the lanes are idle.</li>
 * </ul>
 */
public final class TlpText {
    private static final TlpType[] TYPES = TlpType.values();

    private TlpText() {
    }

    /** The {@link TextFormat} of the {@code tlp} signal (see the class comment). */
    public static void format(long[] v, StringBuilder out) {
        int code = (int) v[0];
        if (code <= 0 || code > TYPES.length) {
            return; // idle (or a value no TLP type has)
        }
        TlpType type = TYPES[code - 1];
        long tag = v[1];
        long address = v[2];
        long length = v[3];
        out.append(type.name());
        if (!type.isPosted()) {
            out.append(" tag=").append(tag);
        }
        if (type.isCompletion()) {
            if (type.hasData()) {
                out.append(" len=").append(length);
            }
            CompletionStatus s = CompletionStatus.decode((int) v[4]);
            out.append(' ');
            if (s == null) {
                out.append("status=").append(v[4]); // a reserved code (none the model sends)
            } else {
                out.append(s.name());
            }
            return;
        }
        if (type == TlpType.CfgRd0 || type == TlpType.CfgWr0) {
            // tlp_address of a configuration request: Routing ID << 12 | register byte offset (ECAM's layout).
            int rid = (int) (address >>> 12) & 0xFFFF;
            out.append(' ');
            hex2(out, rid >>> 8).append(':');
            hex2(out, (rid >>> 3) & 0x1F).append('.').append(rid & 7);
            out.append(" reg=");
            TextFormat.appendHex(out, address & 0xFFF);
        } else {
            out.append(' ');
            TextFormat.appendHex(out, address);
        }
        out.append(" len=").append(length);
    }

    private static StringBuilder hex2(StringBuilder out, int b) {
        return out.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
    }
}
