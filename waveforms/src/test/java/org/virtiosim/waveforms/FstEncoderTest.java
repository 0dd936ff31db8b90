package org.virtiosim.waveforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.virtiosim.core.component.Component;
import org.virtiosim.core.component.Probe;
import org.virtiosim.core.kernel.Kernel;

class FstEncoderTest {
    private static final String DATE = "Mon, 1 Dec 2025 00:00:00 GMT";
    private static final int CHANGES = 100_000;
    /** Small blocks: the run spans many value-change blocks, each with its own frame and time table. */
    private static final int SMALL_BLOCK = 16 << 10;

    @TempDir
    Path dir;

    private static WaveOptions opts(FstPack pack) {
        return WaveOptions.defaults().withDate(DATE).withFstPack(pack);
    }

    private static FileChannel channel(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** The Stimulus run (seed) traced into {@code file} as FST through the ring; returns the sink. */
    private WaveformSink fst(Path file, WaveOptions o, long seed, int blockBytes) throws IOException {
        return fst(file, o, seed, blockBytes, true);
    }

    private WaveformSink fst(Path file, WaveOptions o, long seed, int blockBytes, boolean asyncBlocks) throws IOException {
        Stimulus s = new Stimulus();
        FstEncoder e = new FstEncoder(channel(file), WaveformSink.signals(s.probes), o.date(), o.maxBytes(), blockBytes, o.fstPack(),
                asyncBlocks);
        WaveformSink sink = new WaveformSink(e, s.probes, o);
        try (sink) {
            s.run(sink, CHANGES, seed);
        }
        return sink;
    }

    private WaveformSink vcd(Path file, WaveOptions o, long seed) throws IOException {
        Stimulus s = new Stimulus();
        WaveformSink sink = WaveformSink.open(file, s.probes, o);
        try (sink) {
            s.run(sink, CHANGES, seed);
        }
        return sink;
    }

    private static long headerWord(Path fst, int offset) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(fst), offset, 8).getLong();
    }

    @ParameterizedTest
    @EnumSource(FstPack.class)
    void theSameRunAsVcdAndAsFstHasTheSameChangesSignalBySignalThroughFst2vcd(FstPack pack) throws Exception {
        assumeTrue(Fst2Vcd.tool().isPresent(), Fst2Vcd.ABSENT);
        Path vcd = dir.resolve("run.vcd");
        Path fst = dir.resolve("run.fst");
        WaveformSink v = vcd(vcd, opts(pack), 1);
        WaveformSink f = fst(fst, opts(pack), 1, SMALL_BLOCK);

        assertThat(f.published()).isEqualTo(v.published()).isGreaterThanOrEqualTo(CHANGES);
        assertThat(f.written()).isEqualTo(f.published());
        assertThat(f.capped()).isFalse();
        assertThat(Files.size(fst)).isEqualTo(f.bytes());
        assertThat(headerWord(fst, 65)).as("value-change blocks").isGreaterThan(10);

        Path back = Fst2Vcd.convert(fst, dir.resolve("back.vcd"));
        Map<String, List<VcdReader.LooseChange>> ours = VcdReader.changes(VcdReader.loose(vcd));
        Map<String, List<VcdReader.LooseChange>> theirs = VcdReader.changes(VcdReader.loose(back));
        assertThat(theirs.keySet()).containsExactlyElementsOf(ours.keySet());
        for (String signal : ours.keySet()) {
            assertThat(theirs.get(signal)).as(signal).isEqualTo(ours.get(signal));
        }
        VcdCheck.passes(back);
    }

    @ParameterizedTest
    @EnumSource(FstPack.class)
    void oneBlockOfDefaultSizeReadsBackTheSameAsManySmallOnes(FstPack pack) throws Exception {
        assumeTrue(Fst2Vcd.tool().isPresent(), Fst2Vcd.ABSENT);
        Path small = dir.resolve("small.fst");
        Path one = dir.resolve("one.fst");
        fst(small, opts(pack), 2, SMALL_BLOCK);
        fst(one, opts(pack), 2, FstEncoder.DEFAULT_BLOCK_BYTES);
        // block 0 ends at the first time step after the start; the rest fits in one
        assertThat(headerWord(one, 65)).isEqualTo(2);
        assertThat(VcdReader.changes(VcdReader.loose(Fst2Vcd.convert(one, dir.resolve("one.vcd")))))
                .isEqualTo(VcdReader.changes(VcdReader.loose(Fst2Vcd.convert(small, dir.resolve("small.vcd")))));
    }

    @ParameterizedTest
    @EnumSource(FstPack.class)
    void sameInputsGiveTheSameBytesAndTheHeaderSaysWhatIsInTheFile(FstPack pack) throws Exception {
        Path a = dir.resolve("a.fst");
        Path b = dir.resolve("b.fst");
        fst(a, opts(pack), 3, SMALL_BLOCK);
        fst(b, opts(pack), 3, SMALL_BLOCK);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        byte[] h = Files.readAllBytes(a);
        assertThat(h[0]).isEqualTo((byte) FstEncoder.FST_BL_HDR);
        assertThat(headerWord(a, 1)).isEqualTo(FstEncoder.HDR_LENGTH - 1);
        assertThat(headerWord(a, 9)).as("start time").isZero();
        assertThat(headerWord(a, 17)).as("end time").isPositive();
        assertThat(headerWord(a, 41)).as("scopes: tb, link, up, dev").isEqualTo(4);
        assertThat(headerWord(a, 49)).as("variables").isEqualTo(4);
        assertThat(h[73]).as("timescale exponent").isEqualTo((byte) -12);
        assertThat(new String(h, 202, DATE.length(), StandardCharsets.US_ASCII)).isEqualTo(DATE);
        Path c = dir.resolve("c.fst");
        fst(c, opts(pack), 4, SMALL_BLOCK);
        assertThat(Files.readAllBytes(c)).isNotEqualTo(Files.readAllBytes(a));
    }

    @ParameterizedTest
    @EnumSource(FstPack.class)
    void aWindowOpensWithFullStateAndEndsWhereAsked(FstPack pack) throws Exception {
        assumeTrue(Fst2Vcd.tool().isPresent(), Fst2Vcd.ABSENT);
        long from = 2_000_000;
        long to = 9_000_000;
        WaveOptions o = opts(pack).withWindow(from, to);
        Path vcd = dir.resolve("w.vcd");
        Path fst = dir.resolve("w.fst");
        WaveformSink v = vcd(vcd, o, 5);
        WaveformSink f = fst(fst, o, 5, SMALL_BLOCK);
        assertThat(f.written()).isEqualTo(v.written()).isPositive();
        Map<String, List<VcdReader.LooseChange>> theirs = VcdReader.changes(VcdReader.loose(Fst2Vcd.convert(fst, dir.resolve("wb.vcd"))));
        assertThat(theirs).isEqualTo(VcdReader.changes(VcdReader.loose(vcd)));
        for (List<VcdReader.LooseChange> l : theirs.values()) {
            assertThat(l).extracting(VcdReader.LooseChange::timePs).contains(from).allMatch(t -> t == 0 || (t >= from && t <= to));
        }
    }

    @ParameterizedTest
    @EnumSource(FstPack.class)
    void theSizeCapStopsAtAWholeBlockAndTheFileStillReads(FstPack pack) throws Exception {
        assumeTrue(Fst2Vcd.tool().isPresent(), Fst2Vcd.ABSENT);
        long cap = 64 << 10;
        Path full = dir.resolve("full.fst");
        Path capped = dir.resolve("capped.fst");
        WaveformSink all = fst(full, opts(pack), 6, SMALL_BLOCK);
        assertThat(Files.size(full)).as("the test needs a run larger than the cap").isGreaterThan(2 * cap);
        WaveformSink f = fst(capped, opts(pack).withMaxBytes(cap), 6, SMALL_BLOCK);
        assertThat(f.capped()).isTrue();
        assertThat(Files.size(capped)).isEqualTo(f.bytes()).isLessThanOrEqualTo(cap);
        assertThat(f.written()).isPositive().isLessThan(all.written());
        // what the capped file holds is the start of the full one, signal by signal
        Map<String, List<VcdReader.LooseChange>> part = VcdReader.changes(VcdReader.loose(Fst2Vcd.convert(capped, dir.resolve("c.vcd"))));
        Map<String, List<VcdReader.LooseChange>> whole = VcdReader.changes(VcdReader.loose(Fst2Vcd.convert(full, dir.resolve("f.vcd"))));
        long end = headerWord(capped, 17);
        for (String s : whole.keySet()) {
            List<VcdReader.LooseChange> upTo = whole.get(s).stream().filter(c -> c.timePs() <= end).toList();
            assertThat(part.get(s)).as(s).isEqualTo(upTo);
        }
    }

    @ParameterizedTest
    @EnumSource(FstPack.class)
    void aCapSmallerThanTheFirstBlockStillGivesAReadableFileWithTheInitialValues(FstPack pack) throws Exception {
        assumeTrue(Fst2Vcd.tool().isPresent(), Fst2Vcd.ABSENT);
        Path f = dir.resolve("tiny.fst");
        WaveformSink sink = fst(f, opts(pack).withMaxBytes(1), 7, SMALL_BLOCK);
        assertThat(sink.capped()).isTrue();
        assertThat(headerWord(f, 65)).as("blocks").isEqualTo(1);
        assertThat(headerWord(f, 17)).as("end time: the first block holds the start only").isZero();
        // every signal has its value at the start: the initial one, or the last change made at #0
        Map<String, List<VcdReader.LooseChange>> part = VcdReader.changes(VcdReader.loose(Fst2Vcd.convert(f, dir.resolve("tiny.vcd"))));
        Path vcd = dir.resolve("tiny-full.vcd");
        vcd(vcd, opts(pack), 7);
        Map<String, List<VcdReader.LooseChange>> whole = VcdReader.changes(VcdReader.loose(vcd));
        assertThat(part.keySet()).containsExactlyElementsOf(whole.keySet());
        for (String s : whole.keySet()) {
            assertThat(part.get(s)).as(s).hasSize(1).isEqualTo(whole.get(s).subList(0, 1));
        }
    }

    @ParameterizedTest
    @EnumSource(FstPack.class)
    void aTextSignalCarriesItsStringsAsFstVtGenString(FstPack pack) throws Exception {
        assumeTrue(Fst2Vcd.tool().isPresent(), Fst2Vcd.ABSENT);
        Path file = dir.resolve("text.fst");
        List<WaveSignal> signals = List.of(new WaveSignal("tb.link.down.tlp_type", 8, false), WaveSignal.text("tb.link.down.tlp"));
        FstEncoder e = new FstEncoder(channel(file), signals, DATE, Long.MAX_VALUE, SMALL_BLOCK, pack, true);
        e.begin(0, new long[] {0, 0});
        String[] lines = {"MRd64 tag=5 0xfe000010 len=1", "CplD tag=5 len=1 SC", "idle", "MWr32 0x1000 len=2 \u00b5"};
        byte[] reused = new byte[256];
        for (int i = 0; i < 4000; i++) {
            long t = 1000L * (i + 1);
            e.change(t, 0, (i % 10) + 1);
            byte[] b = lines[i % lines.length].getBytes(StandardCharsets.UTF_8);
            System.arraycopy(b, 0, reused, 3, b.length);
            e.text(t, 1, reused, 3, b.length);
            java.util.Arrays.fill(reused, (byte) '?'); // the encoder copied it
        }
        e.finish();
        assertThat(e.written()).isEqualTo(4000);
        assertThat(e.textWritten()).isEqualTo(4000);
        String back = Files.readString(Fst2Vcd.convert(file, dir.resolve("text.vcd")), StandardCharsets.UTF_8);
        assertThat(back).contains("$var string 0 \" tlp $end");
        VcdReader.LooseSignal tlp = VcdReader.loose(dir.resolve("text.vcd")).get("tb.link.down.tlp");
        assertThat(tlp.changes()).hasSize(4000);
        for (int i = 0; i < 4000; i++) {
            assertThat(tlp.changes().get(i)).isEqualTo(new VcdReader.LooseChange(1000L * (i + 1), lines[i % lines.length]));
        }
    }

    @Test
    void aNumericChangeOnATextSignalIsRefused() throws IOException {
        Kernel k = new Kernel();
        Probe bit = Component.root(k, "tb", 1).probe("bit", 1);
        FstEncoder e = new FstEncoder(channel(dir.resolve("x.fst")), List.of(WaveSignal.of(bit), WaveSignal.text("tb.s")), DATE);
        e.begin(0, new long[] {0, 0});
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.change(1, 1, 5)).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.text(1, 0, new byte[1], 0, 1)).isInstanceOf(IllegalArgumentException.class);
        e.abandon();
    }

    @ParameterizedTest
    @EnumSource(FstPack.class)
    void aBlockNamesItsPackAndRegularChangesTakeLessRoomThanTheyHold(FstPack pack) throws Exception {
        Path f = dir.resolve("pack.fst");
        Kernel k = new Kernel();
        Component c = Component.root(k, "tb", 1);
        List<WaveSignal> signals = List.of(WaveSignal.of(c.probe("clk", 1)), WaveSignal.of(c.probe("count", 32)));
        FileChannel ch = channel(f);
        FstEncoder e = new FstEncoder(ch, signals, DATE, Long.MAX_VALUE, pack);
        e.begin(0, new long[] {0, 0});
        for (int i = 1; i <= 200_000; i++) {
            e.change(1000L * i, 0, i & 1); // a clock and a counter: chains that compress well
            e.change(1000L * i, 1, i & 0xFF);
        }
        e.finish();
        assertThat(ch.isOpen()).as("finish closes the file").isFalse();
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f));
        // the second value-change block (the first holds the start only): FST_BL_VCDATA_DYN_ALIAS2, its
        // length, begin, end, the bytes its chains hold uncompressed, then the frame and the chains' pack type
        int at = FstEncoder.HDR_LENGTH;
        at += 1 + (int) b.getLong(at + 1);
        assertThat(b.get(at)).isEqualTo((byte) FstEncoder.FST_BL_VCDATA_DYN_ALIAS2);
        long sectionLength = b.getLong(at + 1);
        long chainsHold = b.getLong(at + 25);
        b.position(at + 33);
        varint(b); // frame, uncompressed
        long frameStored = varint(b);
        varint(b); // handles
        b.position(b.position() + (int) frameStored);
        varint(b); // handles
        assertThat((char) b.get()).isEqualTo(pack.packType());
        assertThat(chainsHold).as("the changes fill the block").isGreaterThan(400_000);
        // the time table is zlib either way; the chains are what the pack decides
        assertThat(sectionLength).as("chains compressed").isLessThan(chainsHold / 4);
    }

    @Test
    void theDefaultPackIsLz4AndTheTwoPacksReadBackTheSame() throws Exception {
        assertThat(WaveOptions.defaults().fstPack()).isEqualTo(FstPack.LZ4);
        assumeTrue(Fst2Vcd.tool().isPresent(), Fst2Vcd.ABSENT);
        Path z = dir.resolve("z.fst");
        Path l = dir.resolve("l.fst");
        fst(z, opts(FstPack.ZLIB), 9, SMALL_BLOCK);
        fst(l, opts(FstPack.LZ4), 9, SMALL_BLOCK);
        assertThat(Files.readAllBytes(l)).isNotEqualTo(Files.readAllBytes(z));
        assertThat(VcdReader.changes(VcdReader.loose(Fst2Vcd.convert(l, dir.resolve("l.vcd")))))
                .isEqualTo(VcdReader.changes(VcdReader.loose(Fst2Vcd.convert(z, dir.resolve("z.vcd")))));
    }

    @Test
    void packsAreNamedOnTheCommandLineAsFstapiNamesThem() throws IOException {
        assertThat(FstPack.forName("lz4")).isEqualTo(FstPack.LZ4);
        assertThat(FstPack.forName("zlib")).isEqualTo(FstPack.ZLIB);
        assertThat(FstPack.forName("LZ4")).isNull();
        assertThat(FstPack.forName("fastlz")).isNull();
        assertThat(FstPack.LZ4.cliName()).isEqualTo("lz4");
        assertThat(FstPack.LZ4.packType()).isEqualTo('4');
        assertThat(FstPack.ZLIB.packType()).isEqualTo('Z');
        FileChannel ch = channel(dir.resolve("abandoned.fst"));
        FstEncoder e = new FstEncoder(ch, List.of(new WaveSignal("tb.x", 8, false)), DATE);
        e.begin(0, new long[] {0});
        e.abandon();
        assertThat(ch.isOpen()).as("abandon closes the file").isFalse();
    }

    private static long varint(ByteBuffer b) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            int x = b.get() & 0xFF;
            v |= (long) (x & 0x7F) << shift;
            if (x < 0x80) {
                return v;
            }
        }
    }

    @ParameterizedTest
    @EnumSource(FstPack.class)
    void blocksEncodedOnTheirOwnThreadGiveTheBytesOfBlocksEncodedInLineCappedOrNot(FstPack pack) throws Exception {
        for (long cap : new long[] {Long.MAX_VALUE, 300 << 10, 64 << 10}) {
            Path async = dir.resolve("async-" + cap + ".fst");
            Path inline = dir.resolve("inline-" + cap + ".fst");
            WaveOptions o = opts(pack).withMaxBytes(cap);
            WaveformSink a = fst(async, o, 10, SMALL_BLOCK, true);
            WaveformSink i = fst(inline, o, 10, SMALL_BLOCK, false);
            assertThat(headerWord(inline, 65)).as("blocks").isGreaterThan(3);
            assertThat(Files.readAllBytes(async)).as("cap %d", cap).isEqualTo(Files.readAllBytes(inline));
            assertThat(a.written()).isEqualTo(i.written());
            assertThat(a.capped()).isEqualTo(i.capped()).isEqualTo(cap != Long.MAX_VALUE);
            assertThat(a.bytes()).isEqualTo(Files.size(async));
        }
    }
}
