package org.virtiosim.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** BAR decode: (BAR, offset) to the block that claims it, and the offset within the block. */
class BarMapTest {
    private final BarMap map = new BarMap();
    private final BarMap.Hit hit = new BarMap.Hit();

    /** A block that does nothing: only its identity matters here. */
    private static Region block() {
        return new Region() {
            @Override
            public void read(int function, int offset, int size, int slot) {
            }

            @Override
            public void write(int function, int offset, int size, long value) {
            }
        };
    }

    @Test
    void aVfBlockDecodesAtEveryOffsetItCoversWithItsOwnOffset() {
        Region a = block();
        Region b = block();
        map.map(Bar.VF_BAR2, 0x100, 8, a);
        map.map(Bar.VF_BAR2, 0x200, 2, b);
        for (int o = 0; o < 8; o++) {
            assertThat(map.decodeVf(0x100 + o, hit)).isTrue();
            assertThat(hit.region).isSameAs(a);
            assertThat(hit.offset).isEqualTo(o);
        }
        assertThat(map.decodeVf(0x201, hit)).isTrue();
        assertThat(hit.region).isSameAs(b);
        assertThat(hit.offset).isEqualTo(1);
    }

    @Test
    void vfOffsetsNoBlockClaimsDecodeToNothing() {
        map.map(Bar.VF_BAR2, 0x100, 8, block());
        assertThat(map.decodeVf(0x0FF, hit)).isFalse();
        assertThat(map.decodeVf(0x108, hit)).isFalse();
        assertThat(map.decodeVf(0, hit)).isFalse();
        assertThat(map.decodeVf(0xFFF, hit)).isFalse();
    }

    @Test
    void aVfBlockMayFillTheWholeBar() {
        Region r = block();
        map.map(Bar.VF_BAR2, 0, Bar.VF_BAR2.size(), r);
        assertThat(map.decodeVf(0xFFF, hit)).isTrue();
        assertThat(hit.offset).isEqualTo(0xFFF);
        assertThat(map.decodeVf(0, hit)).isTrue();
        assertThat(hit.offset).isZero();
    }

    @Test
    void overlappingVfBlocksAreRejectedAndTheFirstStays() {
        Region first = block();
        map.map(Bar.VF_BAR2, 0x100, 0x10, first);
        assertThatThrownBy(() -> map.map(Bar.VF_BAR2, 0x10F, 4, block())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("0x10f");
        assertThatThrownBy(() -> map.map(Bar.VF_BAR2, 0xF0, 0x11, block())).isInstanceOf(IllegalStateException.class);
        // A rejected block claims nothing, not even the bytes that were free.
        assertThat(map.decodeVf(0x112, hit)).isFalse();
        assertThat(map.decodeVf(0xF0, hit)).isFalse();
        assertThat(map.decodeVf(0x10F, hit)).isTrue();
        assertThat(hit.region).isSameAs(first);
        assertThat(hit.offset).isEqualTo(0xF);
    }

    @Test
    void adjacentBlocksAreNotAnOverlap() {
        map.map(Bar.VF_BAR2, 0x100, 0x10, block());
        map.map(Bar.VF_BAR2, 0x110, 0x10, block());
        map.map(Bar.VF_BAR2, 0xF0, 0x10, block());
        map.map(Bar.PF_BAR0, 0, 0x400, block());
        map.map(Bar.PF_BAR0, 0x400, 0x400, block());
        assertThat(map.decodePf(Bar.PF_BAR0.base() + 0x400, false, hit)).isTrue();
        assertThat(hit.offset).isZero();
        assertThat(map.decodePf(Bar.PF_BAR0.base() + 0x3FF, false, hit)).isTrue();
        assertThat(hit.offset).isEqualTo(0x3FF);
    }

    @Test
    void overlappingPfBlocksAreRejected() {
        map.map(Bar.PF_BAR0, 0x1000, 0x100, block());
        assertThatThrownBy(() -> map.map(Bar.PF_BAR0, 0x10FF, 1, block())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> map.map(Bar.PF_BAR0, 0xF00, 0x101, block())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> map.map(Bar.PF_BAR0, 0x0, 0x2000, block())).as("a block around it")
                .isInstanceOf(IllegalStateException.class);
        // The same offsets in another BAR are another block's.
        map.map(Bar.PF_BAR2, 0x1000, 0x100, block());
    }

    @Test
    void aBlockOutsideItsBarIsRejected() {
        for (Bar bar : Bar.values()) {
            assertThatThrownBy(() -> map.map(bar, -1, 1, block())).as(bar + " negative offset")
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bar.name());
            assertThatThrownBy(() -> map.map(bar, 0, 0, block())).as(bar + " empty")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> map.map(bar, 0, -4, block())).as(bar + " negative length")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> map.map(bar, bar.size() - 1, 2, block())).as(bar + " past the end")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> map.map(bar, bar.size(), 1, block())).as(bar + " at the end")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(map.hasBlocks(bar)).as(bar + " after rejections").isFalse();
            map.map(bar, bar.size() - 1, 1, block());
            assertThat(map.hasBlocks(bar)).isTrue();
        }
    }

    @Test
    void pfDecodeFindsTheBarByAddressAndTheBlockInIt() {
        Region doorbells = block();
        Region area = block();
        Region window = block();
        Region port = block();
        map.map(Bar.PF_BAR0, 0, 0x400, doorbells);
        map.map(Bar.PF_BAR0, 0x10000, Bar.PF_BAR0.size() - 0x10000, area);
        map.map(Bar.PF_BAR2, 0x2000, 0x100, window);
        map.map(Bar.PF_IO, 0, 4, port);

        assertThat(map.decodePf(Bar.PF_BAR0.base() + 8, false, hit)).isTrue();
        assertThat(hit.region).isSameAs(doorbells);
        assertThat(hit.offset).isEqualTo(8);

        assertThat(map.decodePf(Bar.PF_BAR0.base() + 0x10006, false, hit)).isTrue();
        assertThat(hit.region).isSameAs(area);
        assertThat(hit.offset).isEqualTo(6);

        assertThat(map.decodePf(Bar.PF_BAR0.base() + Bar.PF_BAR0.size() - 1, false, hit)).isTrue();
        assertThat(hit.region).isSameAs(area);

        assertThat(map.decodePf(Bar.PF_BAR2.base() + 0x2010, false, hit)).isTrue();
        assertThat(hit.region).isSameAs(window);
        assertThat(hit.offset).isEqualTo(0x10);

        assertThat(map.decodePf(Bar.PF_IO.base() + 2, true, hit)).isTrue();
        assertThat(hit.region).isSameAs(port);
        assertThat(hit.offset).isEqualTo(2);
    }

    @Test
    void pfDecodeMissesOutsideEveryBlock() {
        map.map(Bar.PF_BAR0, 0x100, 0x100, block());
        map.map(Bar.PF_BAR2, 0, 0x100, block());
        map.map(Bar.PF_IO, 0, 4, block());
        // In the BAR, not in a block.
        assertThat(map.decodePf(Bar.PF_BAR0.base(), false, hit)).isFalse();
        assertThat(map.decodePf(Bar.PF_BAR0.base() + 0x200, false, hit)).isFalse();
        assertThat(map.decodePf(Bar.PF_BAR2.base() + 0x100, false, hit)).isFalse();
        assertThat(map.decodePf(Bar.PF_IO.base() + 4, true, hit)).isFalse();
        // Outside every BAR: below, between and past them.
        assertThat(map.decodePf(Bar.PF_BAR0.base() - 1, false, hit)).isFalse();
        assertThat(map.decodePf(Bar.PF_BAR0.base() + Bar.PF_BAR0.size() + 0x100, false, hit)).isFalse();
        assertThat(map.decodePf(Bar.PF_BAR2.base() + Bar.PF_BAR2.size(), false, hit)).isFalse();
        assertThat(map.decodePf(0, false, hit)).isFalse();
    }

    @Test
    void memoryAndIoSpacesAreSeparate() {
        map.map(Bar.PF_IO, 0, 4, block());
        map.map(Bar.PF_BAR0, 0, 0x400, block());
        // The I/O port's address as a memory address, and a memory address as an I/O one, claim nothing.
        assertThat(map.decodePf(Bar.PF_IO.base(), false, hit)).isFalse();
        assertThat(map.decodePf(Bar.PF_BAR0.base(), true, hit)).isFalse();
    }

    @Test
    void aPfBarWithoutBlocksDecodesNothing() {
        map.map(Bar.PF_BAR2, 0, 0x100, block());
        assertThat(map.decodePf(Bar.PF_BAR0.base(), false, hit)).isFalse();
        assertThat(map.decodePf(Bar.PF_IO.base(), true, hit)).isFalse();
    }

    @Test
    void hasBlocksIsPerBar() {
        assertThat(Bar.values()).allSatisfy(b -> assertThat(map.hasBlocks(b)).isFalse());
        map.map(Bar.PF_BAR2, 0, 4, block());
        assertThat(map.hasBlocks(Bar.PF_BAR2)).isTrue();
        assertThat(map.hasBlocks(Bar.PF_BAR0)).isFalse();
        assertThat(map.hasBlocks(Bar.VF_BAR2)).isFalse();
        map.map(Bar.VF_BAR2, 0x800, 4, block());
        assertThat(map.hasBlocks(Bar.VF_BAR2)).isTrue();
        assertThat(map.hasBlocks(Bar.PF_IO)).isFalse();
    }

    @Test
    void manyPfBlocksAllDecode() {
        Region[] r = new Region[20];
        for (int i = 0; i < r.length; i++) {
            r[i] = block();
            map.map(Bar.PF_BAR2, i * 0x1000L, 0x1000, r[i]);
        }
        for (int i = 0; i < r.length; i++) {
            assertThat(map.decodePf(Bar.PF_BAR2.base() + i * 0x1000L + 0x10, false, hit)).isTrue();
            assertThat(hit.region).isSameAs(r[i]);
            assertThat(hit.offset).isEqualTo(0x10);
        }
    }

    @Test
    void theFirstByteOfAPfBarDecodes() {
        Region r = block();
        map.map(Bar.PF_BAR0, 0, 4, r);
        map.map(Bar.PF_IO, 0, 4, r);
        assertThat(map.decodePf(Bar.PF_BAR0.base(), false, hit)).isTrue();
        assertThat(hit.offset).isZero();
        assertThat(map.decodePf(Bar.PF_IO.base(), true, hit)).isTrue();
    }

    @Test
    void aBlockEndingWhereAnotherBeginsIsNotAnOverlap() {
        Region later = block();
        Region earlier = block();
        map.map(Bar.PF_BAR2, 0x800, 0x400, later);
        map.map(Bar.PF_BAR2, 0x400, 0x400, earlier);
        assertThat(map.decodePf(Bar.PF_BAR2.base() + 0x7FF, false, hit)).isTrue();
        assertThat(hit.region).isSameAs(earlier);
        assertThat(map.decodePf(Bar.PF_BAR2.base() + 0x800, false, hit)).isTrue();
        assertThat(hit.region).isSameAs(later);
        assertThatThrownBy(() -> map.map(Bar.PF_BAR2, 0x3FF, 2, block())).isInstanceOf(IllegalStateException.class);
    }
}
