package org.virtiosim.device.scheme.aq.command;

import org.virtiosim.core.component.TextFormat;

/**
 * An admin queue's {@code command} text signal: the command the queue is executing, in one line,
 * decoded on the waveform writer's thread from the queue's probes {@code command} (opcode + 1, 0
 * for none), {@code command_vf} (group_member_id) and {@code command_offset} (the legacy commands'
 * u8 offset), in that order. Opcode names as in admin.tex and admin-cmds-legacy-interface.tex
 * without VIRTIO_ADMIN_CMD_ ({@link AdminOpcode#name}):
 * {@code LEGACY_COMMON_CFG_READ vf=3 off=0x12}, {@code LEGACY_NOTIFY_INFO vf=3}, {@code LIST_QUERY};
 * nothing when no command is executing.
 */
public final class AdminCommandText {
    private AdminCommandText() {
    }

    /** The {@link TextFormat} of the {@code command_text} signal (see the class comment). */
    public static void format(long[] v, StringBuilder out) {
        if (v[0] == 0) {
            return;
        }
        int opcode = (int) v[0] - 1;
        if (AdminOpcode.isKnown(opcode)) {
            out.append(AdminOpcode.name(opcode));
        } else {
            out.append("opcode=");
            TextFormat.appendHex(out, opcode);
        }
        if (AdminOpcode.usesMember(opcode)) {
            out.append(" vf=").append(v[1]);
        }
        if (AdminOpcode.isLegacyRead(opcode) || AdminOpcode.isLegacyWrite(opcode)) {
            out.append(" off=");
            TextFormat.appendHex(out, v[2]);
        }
    }
}
