package org.virtiosim.device.scheme.aq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.virtiosim.core.param.ParamValues;
import org.virtiosim.device.Bar;
import org.virtiosim.device.DeviceFixture;
import org.virtiosim.device.DeviceFixture.Done;
import org.virtiosim.device.Region;
import org.virtiosim.device.notify.PfBarRoute;
import org.virtiosim.device.notify.VfBarRoute;
import org.virtiosim.device.scheme.aq.command.AdminCommand;
import org.virtiosim.device.scheme.aq.command.AdminCommandStatus;
import org.virtiosim.device.scheme.aq.command.AqLayout;
import org.virtiosim.device.scheme.aq.command.AdminOpcode;
import org.virtiosim.device.scheme.aq.command.AdminCommandHeader;
import org.virtiosim.device.scheme.aq.command.NotifyInfoResult;
import org.virtiosim.pcie.sriov.SriovLayout;

/**
 * The host's check of LEGACY_NOTIFY_INFO entries (admin-cmds-legacy-interface.tex, driver-normative:
 * flags 0x1 or 0x2, a valid BAR of that function, a 2-byte aligned offset inside it; the first
 * valid entry with the wanted flags, as Linux takes the first match).
 */
class NotifyInfoChoiceTest {
    private static final int MEMBER = NotifyInfoResult.FLAGS_MEMBER_DEVICE;
    private static final int OWNER = NotifyInfoResult.FLAGS_OWNER_DEVICE;

    private static AdminCommand result(int[][] entries) {
        AdminCommand c = new AdminCommand().notifyInfo(1);
        for (int i = 0; i < entries.length; i++) {
            c.notifyEntry(i, entries[i][0], entries[i][1], entries[i][2]);
        }
        return c;
    }

    @Test
    void theDevicesOwnAnswerIsValid() {
        // What AdminQueueDevice answers: the member's notify register in VF BAR2, the owner's slot in PF BAR4.
        assertThat(NotifyInfoChoice.bar(MEMBER, VfBarRoute.BAR.index(), VfBarRoute.OFFSET)).isEqualTo(Bar.VF_BAR2);
        assertThat(NotifyInfoChoice.bar(OWNER, PfBarRoute.BAR.index(), PfBarRoute.slot(65535))).isEqualTo(Bar.PF_BAR4);
    }

    @Test
    void aMemberEntryNamingVfBar0IsInvalid() {
        // "valid entries MUST have a bar which is not hardwired to zero": VF BAR0 is.
        assertThat(NotifyInfoChoice.bar(MEMBER, 0, VfBarRoute.OFFSET)).isNull();
        assertThat(NotifyInfoChoice.bar(MEMBER, 1, 0)).as("VF BAR1: the upper half of none").isNull();
        assertThat(NotifyInfoChoice.bar(MEMBER, 3, 0)).as("VF BAR3: VF BAR2's upper half").isNull();
        assertThat(NotifyInfoChoice.bar(MEMBER, 6, 0)).as("no BAR6").isNull();
    }

    @Test
    void anOwnerEntryMustNameAMemoryBarOneToFive() {
        assertThat(NotifyInfoChoice.bar(OWNER, 0, 0)).as("0x1..0x5 are the values the field defines").isNull();
        assertThat(NotifyInfoChoice.bar(OWNER, Bar.PF_IO.index(), 0)).as("an I/O BAR takes no memory store").isNull();
        assertThat(NotifyInfoChoice.bar(OWNER, 2, 0x100)).isEqualTo(Bar.PF_BAR2);
        assertThat(NotifyInfoChoice.bar(OWNER, 3, 0)).as("the PF has no BAR3").isNull();
    }

    @Test
    void flagsOtherThanOwnerOrMemberAreInvalid() {
        for (int flags : new int[] {0, 3, 4, 0x80, 0xFF}) {
            assertThat(NotifyInfoChoice.bar(flags, 2, 0)).as("flags %d", flags).isNull();
        }
    }

    @Test
    void theOffsetIsAlignedAndTheStoreInsideTheBar() {
        long size = Bar.VF_BAR2.size();
        assertThat(NotifyInfoChoice.bar(MEMBER, 2, 0)).isNotNull();
        assertThat(NotifyInfoChoice.bar(MEMBER, 2, size - 2)).as("the last 16-bit slot").isNotNull();
        assertThat(NotifyInfoChoice.bar(MEMBER, 2, 0x201)).as("odd").isNull();
        assertThat(NotifyInfoChoice.bar(MEMBER, 2, size - 1)).isNull();
        assertThat(NotifyInfoChoice.bar(MEMBER, 2, size)).as("past the BAR").isNull();
        assertThat(NotifyInfoChoice.bar(MEMBER, 2, -2)).isNull();
        assertThat(NotifyInfoChoice.bar(MEMBER, 2, Long.MAX_VALUE - 1)).isNull();
    }

    @Test
    void theFirstValidEntryWithTheWantedFlagsWins() {
        AdminCommand c = result(new int[][] {{OWNER, 4, 0x10}, {MEMBER, 0, 0x200}, {MEMBER, 2, 0x300}});
        assertThat(NotifyInfoChoice.first(c, MEMBER)).as("entry 1 names VF BAR0: skipped").isEqualTo(2);
        assertThat(NotifyInfoChoice.first(c, OWNER)).isZero();
        AdminCommand two = result(new int[][] {{MEMBER, 2, 0x200}, {MEMBER, 2, 0x300}});
        assertThat(NotifyInfoChoice.first(two, MEMBER)).as("the earlier is preferred").isZero();
    }

    @Test
    void nothingAfterTheEndOfListCounts() {
        AdminCommand c = result(new int[][] {{MEMBER, 0, 0x200}, {0, 0, 0}, {MEMBER, 2, 0x200}});
        assertThat(NotifyInfoChoice.first(c, MEMBER)).isEqualTo(NotifyInfoChoice.NONE);
        assertThat(NotifyInfoChoice.first(new AdminCommand().notifyInfo(1), MEMBER)).as("empty list").isEqualTo(NotifyInfoChoice.NONE);
    }

    @Test
    void theAddressIsInTheVfsOwnCopyOfAVfBarOrInThePfBar() {
        SriovLayout layout = new SriovLayout(0x100, 1, 1, 4, Bar.VF_BAR2.base(), Bar.VF_BAR2.size());
        AdminCommand c = result(new int[][] {{MEMBER, 2, 0x200}, {OWNER, 4, 0x8}});
        assertThat(NotifyInfoChoice.address(c, 0, layout, 3)).isEqualTo(layout.vfBarAddress(3) + 0x200);
        assertThat(NotifyInfoChoice.address(c, 1, layout, 3)).isEqualTo(Bar.PF_BAR4.base() + 0x8);
        AdminCommand bad = result(new int[][] {{MEMBER, 0, 0x200}});
        assertThatThrownBy(() -> NotifyInfoChoice.address(bad, 0, layout, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- end to end: the host half opening a VF ----

    /**
     * A stand-in admin queue device that answers every command at once (straight into host memory,
     * no TLPs) with status OK and the given LEGACY_NOTIFY_INFO entries: what a device that still put
     * the member's notify register in VF BAR0 would answer.
     */
    private static final class FixedAnswer implements Region {
        private final DeviceFixture f;
        private final AqLayout q = new AqLayout(0);
        private final AdminCommand answer;
        private int seen;

        FixedAnswer(DeviceFixture f, AdminCommand answer) {
            this.f = f;
            this.answer = answer;
        }

        @Override
        public void read(int function, int offset, int size, int slot) {
            f.context().complete(slot, 0);
        }

        @Override
        public void write(int function, int offset, int size, long value) {
            byte[] b = new byte[AqLayout.SLOT_BYTES];
            f.memory.read(q.availIdx(), b, 0, AqLayout.IDX_BYTES);
            int avail = AqLayout.idx(b, 0);
            while (seen != avail) {
                f.memory.read(q.availEntry(seen), b, 0, AqLayout.AVAIL_ENTRY_BYTES);
                int head = AqLayout.ringHead(b, 0);
                long status = -1;
                long result = -1;
                long header = -1;
                for (int d = head; ; ) {
                    f.memory.read(q.descriptor(d), b, 0, AqLayout.DESCRIPTOR_BYTES);
                    if (header < 0) {
                        header = AqLayout.descAddr(b, 0);
                    }
                    if ((AqLayout.descFlags(b, 0) & AqLayout.VIRTQ_DESC_F_WRITE) != 0) {
                        if (status < 0) {
                            status = AqLayout.descAddr(b, 0);
                        } else if (result < 0) {
                            result = AqLayout.descAddr(b, 0);
                        }
                    }
                    if ((AqLayout.descFlags(b, 0) & AqLayout.VIRTQ_DESC_F_NEXT) == 0) {
                        break;
                    }
                    d = AqLayout.descNext(b, 0);
                }
                // The driver's list init first (LIST_QUERY, LIST_USE): every known command, accepted.
                f.memory.read(header + AdminCommandHeader.OPCODE, b, 0, 2);
                int opcode = (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
                AdminCommand a = opcode == AdminOpcode.LIST_QUERY ? new AdminCommand().listQuery().supportedCommands(AdminOpcode.KNOWN)
                        : opcode == AdminOpcode.LIST_USE ? new AdminCommand().listQuery() : answer;
                a.result(0);
                int n = a.encodeWritable(b, 0, b.length);
                f.memory.write(status, b, 0, AdminCommandStatus.SIZE);
                f.memory.write(result, b, AdminCommandStatus.SIZE, n - AdminCommandStatus.SIZE);
                AqLayout.encodeUsedElem(b, 0, head, n);
                f.memory.write(q.usedEntry(seen), b, 0, AqLayout.USED_ELEM_BYTES);
                seen = (seen + 1) & 0xFFFF;
                AqLayout.encodeIdx(b, 0, seen);
                f.memory.write(q.usedIdx(), b, 0, AqLayout.IDX_BYTES);
            }
        }
    }

    private static AqHost hostOver(DeviceFixture f, AdminCommand answer) {
        f.context().map(Bar.PF_BAR0, AdminQueues.DOORBELLS, AdminQueues.DOORBELLS_SIZE, new FixedAnswer(f, answer));
        // Direct descriptors: this stand-in walks the chain in the ring's descriptor table.
        return (AqHost) new AqScheme().host(f, ParamValues.defaults().with(AqScheme.MODE, AqAccessPath.Mode.POLL_SERIAL)
                .with(AqDriver.INDIRECT, false));
    }

    private static AdminCommand okAnswer(int[][] entries) {
        AdminCommand c = result(entries);
        c.result(0);
        return c;
    }

    @Test
    void aVfWhoseNotifyInfoNamesOnlyVfBar0FailsToOpenAndIsCounted() {
        DeviceFixture f = new DeviceFixture(2);
        // The old answer: member entry in VF BAR0, owner entry in PF BAR0; neither is valid now.
        AqHost host = hostOver(f, okAnswer(new int[][] {{MEMBER, 0, VfBarRoute.OFFSET}, {OWNER, 0, 0x10000}}));
        Done d = f.done();
        host.open(2, 7, d);
        f.run();
        assertThat(d.failed()).as("the open is refused").isTrue();
        assertThat(d.token()).isEqualTo(7);
        assertThat(host.refusedNotifyInfo()).isEqualTo(1);
        assertThat(host.notifyOffset(2)).as("notifies then go as admin commands").isEqualTo(-1);
    }

    @Test
    void aValidEntryAfterAnInvalidOneIsTaken() {
        DeviceFixture f = new DeviceFixture(2);
        AqHost host = hostOver(f, okAnswer(new int[][] {{MEMBER, 0, 0x200}, {MEMBER, 2, 0x300}}));
        Done d = f.done();
        host.open(1, 1, d);
        f.run();
        assertThat(d.failed()).isFalse();
        assertThat(d.value()).isEqualTo(0x300);
        assertThat(host.notifyOffset(1)).isEqualTo(0x300);
        assertThat(host.refusedNotifyInfo()).isZero();
    }

    /** The real device, and a host that (as this model's did) insists on the member entry naming BAR0. */
    @Test
    void aHostThatRequiresBar0FindsNoEntryInTheDevicesAnswer() {
        DeviceFixture f = new DeviceFixture(3);
        AqScheme scheme = new AqScheme();
        ParamValues p = ParamValues.defaults().with(AqScheme.MODE, AqAccessPath.Mode.POLL_SERIAL);
        scheme.install(f.context(), p);
        new VfBarRoute().install(f.context(), p);
        AqHost host = (AqHost) scheme.host(f, p);
        Done d = f.done();
        host.open(3, 3, d);
        f.run();
        assertThat(d.failed()).isFalse();
        assertThat(host.notifyOffset(3)).isEqualTo(VfBarRoute.OFFSET);
        // The answer as the host decoded it, re-read from the slot the open used: status and result
        // are separate allocations; the one slot whose result holds a member entry.
        AqLayout q = new AqLayout(0);
        byte[] b = new byte[AdminCommandStatus.SIZE + NotifyInfoResult.SIZE];
        AdminCommand seen = null;
        for (int slot = 0; slot < AqLayout.SLOTS && seen == null; slot++) {
            f.memory.read(q.status(slot), b, 0, AdminCommandStatus.SIZE);
            f.memory.read(q.result(slot), b, AdminCommandStatus.SIZE, NotifyInfoResult.SIZE);
            AdminCommand c = new AdminCommand().notifyInfo(3).decodeWritable(b, 0, b.length);
            if (c.notifyFlags(0) == MEMBER) {
                seen = c;
            }
        }
        assertThat(seen).as("the open's answer is in one of the slots").isNotNull();
        int bar0Entries = 0;
        for (int e = 0; e < NotifyInfoResult.ENTRIES && seen.notifyFlags(e) != NotifyInfoResult.FLAGS_END_OF_LIST; e++) {
            assertThat(seen.notifyBar(e)).as("entry %d names a BAR that is not hardwired to zero", e).isNotZero();
            if (seen.notifyFlags(e) == MEMBER && seen.notifyBar(e) == 0) {
                bar0Entries++;
            }
        }
        assertThat(bar0Entries).as("a BAR0-only host would find nothing and fail").isZero();
        assertThat(NotifyInfoChoice.first(seen, MEMBER)).isZero();
        assertThat(host.refusedNotifyInfo()).isZero();
    }
}
