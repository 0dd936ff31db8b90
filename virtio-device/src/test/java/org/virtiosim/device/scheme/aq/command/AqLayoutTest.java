package org.virtiosim.device.scheme.aq.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.virtiosim.device.scheme.aq.command.Hex.bytes;
import static org.virtiosim.device.scheme.aq.command.Hex.slice;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The split virtqueue against bytes written out by hand from virtio 1.3 §2.7 (struct virtq_desc:
 * le64 addr, le32 len, le16 flags, le16 next; struct virtq_avail and struct virtq_used: le16 flags,
 * le16 idx, then the ring; struct virtq_used_elem: le32 id, le32 len), where the queue's parts lie,
 * and one command carried from the driver's encoding to the device's and back.
 */
class AqLayoutTest {

    private static final int AT = 3;
    private static final byte DIRT = (byte) 0xEE;

    private static byte[] dirty(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, DIRT);
        return b;
    }

    @Test
    void descriptor() {
        // addr 0x0000_0002_0000_2018, len 8, flags WRITE | NEXT, next 0x0102
        byte[] v = bytes("1820000002000000 | 08000000 | 0300 | 0201");
        byte[] b = dirty(AT + 20);
        AqLayout.encodeDescriptor(b, AT, 0x2_0000_2018L, 8, AqLayout.VIRTQ_DESC_F_WRITE | AqLayout.VIRTQ_DESC_F_NEXT,
                0x0102);
        assertThat(slice(b, AT, AqLayout.DESCRIPTOR_BYTES)).isEqualTo(v);
        assertThat(b[AT - 1]).isEqualTo(DIRT);
        assertThat(b[AT + AqLayout.DESCRIPTOR_BYTES]).isEqualTo(DIRT);

        assertThat(AqLayout.descAddr(v, 0)).isEqualTo(0x2_0000_2018L);
        assertThat(AqLayout.descLen(v, 0)).isEqualTo(8);
        assertThat(AqLayout.descFlags(v, 0)).isEqualTo(3);
        assertThat(AqLayout.descNext(v, 0)).isEqualTo(0x0102);
        // every byte of each field counts, in little-endian order
        byte[] w = bytes("0102030405060708 | 090a0b0c | 0d0e | 0f10");
        assertThat(AqLayout.descAddr(w, 0)).isEqualTo(0x0807_0605_0403_0201L);
        assertThat(AqLayout.descLen(w, 0)).isEqualTo(0x0c0b_0a09);
        assertThat(AqLayout.descFlags(w, 0)).isEqualTo(0x0e0d);
        assertThat(AqLayout.descNext(w, 0)).isEqualTo(0x100f);
    }

    @Test
    void ringFieldsAndUsedElement() {
        byte[] b = dirty(AT + 8);
        AqLayout.encodeIdx(b, AT, 0xBEEF);
        assertThat(slice(b, AT, AqLayout.IDX_BYTES)).isEqualTo(bytes("efbe"));
        assertThat(AqLayout.idx(b, AT)).isEqualTo(0xBEEF);
        AqLayout.encodeRingHead(b, AT, 60);
        assertThat(slice(b, AT, AqLayout.AVAIL_ENTRY_BYTES)).isEqualTo(bytes("3c00"));
        assertThat(AqLayout.ringHead(b, AT)).isEqualTo(60);
        assertThat(b[AT + 2]).isEqualTo(DIRT);

        // head 12 used, 72 bytes written (a LEGACY_NOTIFY_INFO status and result)
        byte[] elem = bytes("0c000000 | 48000000");
        byte[] u = dirty(AT + 9);
        AqLayout.encodeUsedElem(u, AT, 12, 72);
        assertThat(slice(u, AT, AqLayout.USED_ELEM_BYTES)).isEqualTo(elem);
        assertThat(u[AT + AqLayout.USED_ELEM_BYTES]).isEqualTo(DIRT);
        assertThat(AqLayout.usedId(elem, 0)).isEqualTo(12);
        assertThat(AqLayout.usedLen(elem, 0)).isEqualTo(72);
    }

    @Test
    void fieldsRoundTrip() {
        SplittableRandom r = new SplittableRandom(0xA7_1A7L);
        byte[] b = new byte[64];
        for (int n = 0; n < 10_000; n++) {
            int off = r.nextInt(40);
            long addr = r.nextLong();
            int len = r.nextInt();
            int flags = r.nextInt(65536);
            int next = r.nextInt(65536);
            AqLayout.encodeDescriptor(b, off, addr, len, flags, next);
            assertThat(AqLayout.descAddr(b, off)).isEqualTo(addr);
            assertThat(AqLayout.descLen(b, off)).isEqualTo(len);
            assertThat(AqLayout.descFlags(b, off)).isEqualTo(flags);
            assertThat(AqLayout.descNext(b, off)).isEqualTo(next);
            int id = r.nextInt();
            AqLayout.encodeUsedElem(b, off, id, len);
            assertThat(AqLayout.usedId(b, off)).isEqualTo(id);
            assertThat(AqLayout.usedLen(b, off)).isEqualTo(len);
            AqLayout.encodeIdx(b, off, flags);
            assertThat(AqLayout.idx(b, off)).isEqualTo(flags);
            AqLayout.encodeRingHead(b, off, next);
            assertThat(AqLayout.ringHead(b, off)).isEqualTo(next);
        }
    }

    @Test
    void partsAreAlignedAndApartAsTheSpecSizesThem() {
        // "Virtqueue Part / Alignment / Size": descriptor table 16, 16 * size; available ring 2,
        // 6 + 2 * size; used ring 4, 6 + 8 * size
        for (int q : new int[] {0, 1, 255}) {
            AqLayout l = new AqLayout(q);
            long base = AqLayout.BASE + q * AqLayout.QUEUE_SPAN;
            long desc = l.descriptor(0);
            long avail = l.availIdx() - AqLayout.IDX;
            long used = l.usedIdx() - AqLayout.IDX;
            assertThat(desc).isEqualTo(base);
            assertThat(desc % 16).isZero();
            assertThat(avail % 2).isZero();
            assertThat(used % 4).isZero();
            assertThat(desc + 16L * AqLayout.QUEUE_SIZE).isLessThanOrEqualTo(avail);
            assertThat(avail + 6 + 2L * AqLayout.QUEUE_SIZE).isLessThanOrEqualTo(used);
            assertThat(used + 6 + 8L * AqLayout.QUEUE_SIZE).isLessThanOrEqualTo(l.slotBuffer(0));
            assertThat(l.slotBuffer(AqLayout.SLOTS)).isLessThanOrEqualTo(base + AqLayout.QUEUE_SPAN);

            assertThat(l.descriptor(5)).isEqualTo(desc + 5 * 16);
            assertThat(l.availEntry(3)).isEqualTo(avail + AqLayout.RING + 3 * 2);
            assertThat(l.usedEntry(3)).isEqualTo(used + AqLayout.RING + 3 * 8);
            // ring indices run free and wrap at the queue size
            assertThat(l.availEntry(AqLayout.QUEUE_SIZE + 3)).isEqualTo(l.availEntry(3));
            assertThat(l.usedEntry(0xFFFF)).isEqualTo(l.usedEntry(AqLayout.QUEUE_SIZE - 1));
            assertThat(l.queue()).isEqualTo(q);
        }
        assertThatThrownBy(() -> new AqLayout(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AqLayout(256)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHeaderAndItsDataAreSeparateAllocationsAsLinuxKzallocsThem() {
        AqLayout l = new AqLayout(0);
        for (int slot = 0; slot < AqLayout.QUEUE_SIZE; slot++) {
            assertThat(l.data(slot)).isNotEqualTo(l.header(slot) + AdminCommandHeader.SIZE);
            assertThat(l.result(slot)).isNotEqualTo(l.status(slot) + AdminCommandStatus.SIZE);
            assertThat(l.indirectTable(slot) + AqLayout.INDIRECT_OBJECT).isLessThanOrEqualTo(AqLayout.BASE + AqLayout.QUEUE_SPAN);
        }
        // the largest readable data here, a 6-byte write, fits one data object
        assertThat(new AdminCommand().legacyWrite(AdminOpcode.LEGACY_DEV_CFG_WRITE, 1, 0, 0, 6).readableSize()
                - AdminCommandHeader.SIZE).isLessThanOrEqualTo(AqLayout.DATA_OBJECT);
        assertThat(AqLayout.SLOTS * AqLayout.DESCRIPTORS_PER_COMMAND).isEqualTo(AqLayout.QUEUE_SIZE);
    }

    /**
     * A legacy read carried the whole way as bytes: the driver writes the command and a chain of
     * four descriptors and makes it available; the device follows the ring and the chain, gathers
     * the readable part, decodes, answers, scatters the writable part and adds a used element; the
     * driver reads the answer at the used length.
     */
    @Test
    void commandThroughTheRingAndBack() {
        AqLayout l = new AqLayout(0);
        byte[] mem = new byte[(int) AqLayout.QUEUE_SPAN];
        long base = AqLayout.BASE;
        int slot = 2;
        int d0 = slot * AqLayout.DESCRIPTORS_PER_COMMAND;

        AdminCommand driver = new AdminCommand().legacyRead(AdminOpcode.LEGACY_COMMON_CFG_READ, 3, 0x0C, 2);
        byte[] part = new byte[64];
        int readable = driver.encodeReadable(part, 0);
        System.arraycopy(part, 0, mem, (int) (l.header(slot) - base), AdminCommandHeader.SIZE);
        System.arraycopy(part, AdminCommandHeader.SIZE, mem, (int) (l.data(slot) - base), readable - AdminCommandHeader.SIZE);
        long[] addr = {l.header(slot), l.data(slot), l.status(slot), l.result(slot)};
        int[] len = {AdminCommandHeader.SIZE, readable - AdminCommandHeader.SIZE, AdminCommandStatus.SIZE,
            driver.writableSize() - AdminCommandStatus.SIZE};
        int[] flags = {0, 0, AqLayout.VIRTQ_DESC_F_WRITE, AqLayout.VIRTQ_DESC_F_WRITE};
        for (int i = 0; i < 4; i++) {
            boolean last = i == 3;
            AqLayout.encodeDescriptor(mem, (int) (l.descriptor(d0 + i) - base), addr[i], len[i],
                    last ? flags[i] : flags[i] | AqLayout.VIRTQ_DESC_F_NEXT, last ? 0 : d0 + i + 1);
        }
        AqLayout.encodeRingHead(mem, (int) (l.availEntry(7) - base), d0);
        AqLayout.encodeIdx(mem, (int) (l.availIdx() - base), 8);
        // the hand-written descriptor of the 2-byte result
        assertThat(slice(mem, (int) (l.descriptor(d0 + 3) - base), 16))
                .isEqualTo(bytes("8070000002000000 | 02000000 | 0200 | 0000"));

        // device: idx, ring entry, chain
        assertThat(AqLayout.idx(mem, (int) (l.availIdx() - base))).isEqualTo(8);
        int head = AqLayout.ringHead(mem, (int) (l.availEntry(7) - base));
        byte[] gathered = new byte[64];
        int readBytes = 0;
        int writeBytes = 0;
        long[] writable = new long[2];
        int nw = 0;
        for (int d = head, more = 1; more != 0; ) {
            int o = (int) (l.descriptor(d) - base);
            int f = AqLayout.descFlags(mem, o);
            int n = AqLayout.descLen(mem, o);
            long a = AqLayout.descAddr(mem, o);
            if ((f & AqLayout.VIRTQ_DESC_F_WRITE) == 0) {
                System.arraycopy(mem, (int) (a - base), gathered, readBytes, n);
                readBytes += n;
            } else {
                writable[nw++] = a;
                writeBytes += n;
            }
            more = f & AqLayout.VIRTQ_DESC_F_NEXT;
            d = AqLayout.descNext(mem, o);
        }
        AdminCommand device = new AdminCommand().decodeReadable(gathered, 0, readBytes, writeBytes);
        assertThat(device.opcode()).isEqualTo(AdminOpcode.LEGACY_COMMON_CFG_READ);
        assertThat(device.groupMemberId()).isEqualTo(3);
        assertThat(device.legacyOffset()).isEqualTo(0x0C);
        assertThat(device.length()).isEqualTo(2);
        byte[] out = new byte[64];
        int used = device.dataValue(0x0100).result(AdminStatus.OK_RESULT).encodeWritable(out, 0, writeBytes);
        System.arraycopy(out, 0, mem, (int) (writable[0] - base), AdminCommandStatus.SIZE);
        System.arraycopy(out, AdminCommandStatus.SIZE, mem, (int) (writable[1] - base), used - AdminCommandStatus.SIZE);
        AqLayout.encodeUsedElem(mem, (int) (l.usedEntry(7) - base), head, used);
        AqLayout.encodeIdx(mem, (int) (l.usedIdx() - base), 8);

        // driver: the used element names the chain and the bytes written
        int e = (int) (l.usedEntry(7) - base);
        assertThat(slice(mem, e, 8)).isEqualTo(bytes("08000000 | 0a000000"));
        assertThat(AqLayout.usedId(mem, e)).isEqualTo(d0);
        byte[] answer = new byte[64];
        System.arraycopy(mem, (int) (l.status(slot) - base), answer, 0, AdminCommandStatus.SIZE);
        System.arraycopy(mem, (int) (l.result(slot) - base), answer, AdminCommandStatus.SIZE, 2);
        driver.decodeWritable(answer, 0, AqLayout.usedLen(mem, e));
        assertThat(driver.status()).isEqualTo(AdminStatus.OK);
        assertThat(driver.dataValue()).isEqualTo(0x0100);
    }
}
