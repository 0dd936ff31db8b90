package org.virtiosim.testbench.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtiosim.testbench.trace.TraceRow.Op;

class TraceReaderTest {
    private static final String PROBE = "scenarios/linux-net-probe.csv";
    private static final String BROKEN = "trace/broken/";

    private final TraceReader reader = new TraceReader(TraceReader.VIRTIO_NET_MSIX_CONFIG_END);

    private Trace parse(String text) throws TraceException {
        return reader.read("t.csv", text.getBytes(StandardCharsets.UTF_8));
    }

    // ---- the bundled Linux probe trace ------------------------------------------------------------------------

    @Test
    void bundledLinuxProbeTraceParses() throws TraceException {
        Trace t = reader.readResource(PROBE);
        assertThat(t.name()).isEqualTo("linux-net-probe.csv");
        assertThat(t.configEnd()).isEqualTo(0x22);
        assertThat(t.size()).isEqualTo(114);
        assertThat(t.count(Op.MSIX)).isEqualTo(1);
        assertThat(t.rows()).allSatisfy(r -> assertThat(r.vf()).isZero());

        // reset first: status write 0, then the read-back
        assertThat(t.get(0)).extracting(TraceRow::op, TraceRow::offset, TraceRow::size, TraceRow::value)
                .containsExactly(Op.W, 0x12, 1, 0L);
        assertThat(t.get(1)).extracting(TraceRow::op, TraceRow::offset, TraceRow::hasExpected, TraceRow::value)
                .containsExactly(Op.R, 0x12, true, 0L);

        // status writes climb 0, ACK, ACK|DRIVER, ACK|DRIVER|DRIVER_OK
        List<Long> statusWrites = t.rows().stream().filter(r -> r.op() == Op.W && r.offset() == 0x12)
                .map(TraceRow::value).toList();
        assertThat(statusWrites).containsExactly(0L, 1L, 3L, 7L);

        int msix = indexOf(t, Op.MSIX, TraceRow.NONE);
        assertThat(t.get(msix).value()).isEqualTo(1);
        // the MAC is read byte by byte at 0x14.. before MSI-X is enabled
        List<Integer> macReads = t.rows().subList(0, msix).stream()
                .filter(r -> r.op() == Op.R && r.offset() >= 0x14).map(TraceRow::offset).toList();
        assertThat(macReads).containsExactly(0x14, 0x15, 0x16, 0x17, 0x18, 0x19);
        assertThat(t.rows().subList(0, msix).stream().filter(r -> r.offset() >= 0x14 && r.offset() <= 0x19)
                .allMatch(r -> r.size() == 1)).isTrue();
        // ... and the link status at 0x1E reads 1 after MSI-X is on and DRIVER_OK is written
        int linkStatus = indexOf(t, Op.R, 0x1E);
        assertThat(linkStatus).isGreaterThan(msix);
        assertThat(linkStatus).isGreaterThan(t.rows().indexOf(t.rows().stream()
                .filter(r -> r.op() == Op.W && r.offset() == 0x12 && r.value() == 7).findFirst().orElseThrow()));
        assertThat(t.get(linkStatus)).extracting(TraceRow::size, TraceRow::hasExpected, TraceRow::value)
                .containsExactly(1, true, 1L);

        // three queues of 256, PFNs written, vectors 1 and 2 for rx0/tx0, none for ctrl
        assertThat(t.rows().stream().filter(r -> r.op() == Op.R && r.offset() == 0x0C).map(TraceRow::value))
                .containsExactly(256L, 256L, 256L);
        assertThat(t.rows().stream().filter(r -> r.op() == Op.W && r.offset() == 0x08).count()).isEqualTo(3);
        assertThat(t.rows().stream().filter(r -> r.op() == Op.W && r.offset() == 0x16).map(TraceRow::value))
                .containsExactly(1L, 2L);

        // notifies: 1 rx at open, 3 ctrl from set_rx_mode, then 32 tx0 + 32 rx0
        List<TraceRow> notifies = t.rows().stream().filter(r -> r.op() == Op.W && r.offset() == 0x10).toList();
        assertThat(notifies).hasSize(68);
        assertThat(notifies.stream().filter(r -> r.value() == 1).count()).isEqualTo(32);
        assertThat(notifies.stream().filter(r -> r.value() == 0).count()).isEqualTo(33);
        assertThat(notifies.stream().filter(r -> r.value() == 2).count()).isEqualTo(3);
        assertThat(notifies).allSatisfy(r -> assertThat(r.size()).isEqualTo(2));
        assertThat(t.get(t.size() - 1).delayNs()).isPositive();
    }

    @Test
    void bundledTraceNamesTheLinuxFunctionBeforeEachPhase() throws Exception {
        URL url = getClass().getClassLoader().getResource(PROBE);
        assertThat(url).isNotNull();
        List<String> lines = Files.readAllLines(Path.of(url.toURI()));
        List<String> phases = lines.stream().filter(l -> l.startsWith("# Phase")).toList();
        assertThat(phases).hasSizeGreaterThanOrEqualTo(13);
        assertThat(phases).allSatisfy(l -> assertThat(l).containsPattern("[a-z_/]+\\.[ch]:[a-z_]+"));
    }

    @Test
    void bundledTraceAlsoParsesFromAPath() throws Exception {
        Path p = Path.of(getClass().getClassLoader().getResource(PROBE).toURI());
        assertThat(reader.read(p).rows()).isEqualTo(reader.readResource("/" + PROBE).rows());
    }

    private static int indexOf(Trace t, Op op, int offset) {
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).op() == op && t.get(i).offset() == offset) {
                return i;
            }
        }
        throw new AssertionError("no " + op + " at " + offset);
    }

    // ---- the corpus of broken traces --------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} -> line {1}, field {2}")
    @CsvSource(delimiter = '|', textBlock = """
            bad-op.csv                       | 3  | op
            empty-op.csv                     | 3  | op
            bad-size.csv                     | 12 | size
            size-zero.csv                    | 2  | size
            size-not-integer.csv             | 2  | size
            empty-size.csv                   | 2  | size
            too-few-fields.csv               | 2  | size
            bad-offset-hex.csv               | 2  | offset
            bad-offset-bare-0x.csv           | 2  | offset
            negative-offset.csv              | 2  | offset
            offset-beyond-end.csv            | 2  | offset
            offset-plus-size-beyond-end.csv  | 2  | offset
            offset-too-large.csv             | 2  | offset
            empty-offset.csv                 | 2  | offset
            value-too-wide-byte.csv          | 2  | value
            value-too-wide-word.csv          | 2  | value
            value-too-wide-dword.csv         | 2  | value
            negative-value.csv               | 2  | value
            write-without-value.csv          | 2  | value
            msix-with-offset.csv             | 2  | offset
            msix-with-size.csv               | 2  | size
            msix-bad-value.csv               | 2  | value
            msix-without-value.csv           | 2  | value
            bad-vf.csv                       | 2  | vf
            vf-too-large.csv                 | 2  | vf
            negative-delay.csv               | 2  | delay_ns
            too-many-fields.csv              | 2  | row
            no-header.csv                    | 2  | header
            comments-only.csv                | 3  | header
            missing-value-column.csv         | 1  | header
            missing-offset-column.csv        | 1  | header
            duplicate-column.csv             | 1  | header
            unnamed-column.csv               | 1  | header
            empty.csv                        | 1  | content
            blank-only.csv                   | 1  | content
            binary-nul.csv                   | 3  | content
            invalid-utf8.csv                 | 4  | content
            png-image.csv                    | 2  | content
            """)
    void brokenTraceIsRejectedWithLineAndField(String file, int line, String field) throws Exception {
        TraceException e = catchThrowableOfType(TraceException.class, () -> reader.readResource(BROKEN + file));
        assertThat(e).as(file).isNotNull();
        assertThat(e.fileName()).isEqualTo(file);
        assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
        assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
        assertThat(e.getMessage()).startsWith(file + ":" + line + ": field '" + field + "': ")
                .doesNotContain("\n", "\r");
        // the same verdict through the Path entry point
        TraceException viaPath = catchThrowableOfType(TraceException.class, () -> reader.read(brokenPath(file)));
        assertThat(viaPath.getMessage()).isEqualTo(e.getMessage());
    }

    @Test
    void everyBrokenCorpusFileIsInTheTable() throws Exception {
        Set<String> listed = new TreeSet<>(List.of(
                "bad-op.csv", "empty-op.csv", "bad-size.csv", "size-zero.csv", "size-not-integer.csv",
                "empty-size.csv", "too-few-fields.csv", "bad-offset-hex.csv", "bad-offset-bare-0x.csv",
                "negative-offset.csv", "offset-beyond-end.csv", "offset-plus-size-beyond-end.csv",
                "offset-too-large.csv", "empty-offset.csv", "value-too-wide-byte.csv", "value-too-wide-word.csv",
                "value-too-wide-dword.csv", "negative-value.csv", "write-without-value.csv",
                "msix-with-offset.csv", "msix-with-size.csv", "msix-bad-value.csv", "msix-without-value.csv",
                "bad-vf.csv", "vf-too-large.csv", "negative-delay.csv", "too-many-fields.csv", "no-header.csv",
                "comments-only.csv", "missing-value-column.csv", "missing-offset-column.csv",
                "duplicate-column.csv", "unnamed-column.csv", "empty.csv", "blank-only.csv", "binary-nul.csv",
                "invalid-utf8.csv", "png-image.csv"));
        try (Stream<Path> s = Files.list(brokenPath("bad-op.csv").getParent())) {
            Set<String> onDisk = s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            assertThat(onDisk).isEqualTo(listed);
        }
    }

    @Test
    void messageIsTheDocumentedOneLiner() {
        assertThatThrownBy(() -> reader.readResource(BROKEN + "bad-size.csv"))
                .isInstanceOf(TraceException.class)
                .hasMessage("bad-size.csv:12: field 'size': 3 is not 1, 2 or 4");
        assertThatThrownBy(() -> reader.readResource(BROKEN + "offset-plus-size-beyond-end.csv"))
                .hasMessage("offset-plus-size-beyond-end.csv:2: field 'offset': "
                        + "0x20 + size 4 ends at 0x24, beyond the device config end 0x22");
        assertThatThrownBy(() -> reader.readResource(BROKEN + "missing-value-column.csv"))
                .hasMessage("missing-value-column.csv:1: field 'header': missing required column 'value'");
    }

    private Path brokenPath(String file) throws URISyntaxException {
        return Path.of(getClass().getClassLoader().getResource(BROKEN + file).toURI());
    }

    @Test
    void missingFileAndResourceAreTraceExceptions(@TempDir Path dir) {
        TraceException e = catchThrowableOfType(TraceException.class, () -> reader.read(dir.resolve("nope.csv")));
        assertThat(e.fileName()).isEqualTo("nope.csv");
        assertThat(e.field()).isEqualTo("file");
        TraceException r = catchThrowableOfType(TraceException.class, () -> reader.readResource("no/such.csv"));
        assertThat(r.getMessage()).startsWith("such.csv:0: field 'file': ");
    }

    @Test
    void theLimitIsAParameter() throws TraceException {
        // without MSI-X the virtio-net config ends at 0x14 + 10 = 0x1E
        TraceReader noMsix = new TraceReader(0x1E);
        byte[] text = "op,offset,size,value\nR,0x1C,2,\n".getBytes(StandardCharsets.UTF_8);
        assertThat(noMsix.read("a.csv", text).get(0).offset()).isEqualTo(0x1C);
        byte[] beyond = "op,offset,size,value\nR,0x1E,1,\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> noMsix.read("b.csv", beyond)).hasMessageStartingWith("b.csv:2: field 'offset': ");
        assertThat(reader.read("b.csv", beyond).get(0).offset()).isEqualTo(0x1E);
        // the last byte of the MSI-X layout (max_virtqueue_pairs high byte at 0x21) is in range
        assertThat(reader.read("c.csv", "op,offset,size,value\nR,0x20,2,\n".getBytes(StandardCharsets.UTF_8))
                .get(0).size()).isEqualTo(2);
        assertThatThrownBy(() -> new TraceReader(0)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- what a valid trace may look like ---------------------------------------------------------------------

    @Test
    void hexAndDecimalAreTheSameNumbers() throws TraceException {
        Trace t = parse("""
                op,offset,size,value
                W,18,1,7
                W,0x12,1,0x07
                W,0X12,1,0X7
                R,0x0c,2,0x0100
                R,12,2,256
                W,4,4,0xFFFFFFFF
                W,0x04,4,4294967295
                """);
        assertThat(t.get(0)).isEqualTo(new TraceRow(Op.W, 0x12, 1, 7, false, 0, 0, 2));
        assertThat(t.get(1)).isEqualTo(new TraceRow(Op.W, 0x12, 1, 7, false, 0, 0, 3));
        assertThat(t.get(2).value()).isEqualTo(7);
        assertThat(t.get(3)).isEqualTo(new TraceRow(Op.R, 0x0C, 2, 256, true, 0, 0, 5));
        assertThat(t.get(4)).isEqualTo(new TraceRow(Op.R, 0x0C, 2, 256, true, 0, 0, 6));
        assertThat(t.get(5).value()).isEqualTo(0xFFFFFFFFL).isEqualTo(t.get(6).value());
    }

    @Test
    void readWithoutValueHasNoExpectation() throws TraceException {
        TraceRow r = parse("op,offset,size,value\nR,0x13,1,\n").get(0);
        assertThat(r.hasExpected()).isFalse();
        assertThat(r.value()).isZero();
        // a short row simply has no trailing value
        assertThat(parse("op,offset,size,value\nR,0x13,1\n").get(0).hasExpected()).isFalse();
    }

    @Test
    void msixRows() throws TraceException {
        Trace t = parse("op,offset,size,value\nMSIX,,,1\nmsix, , ,0\n");
        assertThat(t.get(0)).isEqualTo(new TraceRow(Op.MSIX, TraceRow.NONE, TraceRow.NONE, 1, false, 0, 0, 2));
        assertThat(t.get(1).value()).isZero();
    }

    @Test
    void columnsInAnyOrderAndHeaderCaseAndWhitespaceIgnored() throws TraceException {
        Trace a = parse("op,offset,size,value,vf,delay_ns\nW,0x0E,2,1,3,250\n");
        Trace b = parse(" Delay_NS , VALUE,Size ,vf,OFFSET, Op \n250,1,2,3,0x0E,W\n");
        assertThat(b.rows()).isEqualTo(a.rows());
        assertThat(b.get(0)).isEqualTo(new TraceRow(Op.W, 0x0E, 2, 1, false, 3, 250, 2));
    }

    @Test
    void extraColumnsAreIgnored() throws TraceException {
        Trace t = parse("""
                phase,op,comment,offset,size,value,function
                reset,W,status=0,0x12,1,0,vp_reset
                reset,R,read back,0x12,1,0,vp_reset
                """);
        assertThat(t.rows()).containsExactly(
                new TraceRow(Op.W, 0x12, 1, 0, false, 0, 0, 2),
                new TraceRow(Op.R, 0x12, 1, 0, true, 0, 0, 3));
    }

    @Test
    void vfRestrictsRowsAndDelayIsKept() throws TraceException {
        Trace t = parse("""
                op,offset,size,value,vf,delay_ns
                R,0x14,1,0x02,,
                R,0x19,1,0x01,1,100
                R,0x19,1,0x02,2,0x64
                W,0x10,2,1,0,1000000
                """);
        assertThat(t.get(1).vf()).isEqualTo(1);
        assertThat(t.get(2).vf()).isEqualTo(2);
        assertThat(t.get(1).delayNs()).isEqualTo(100).isEqualTo(t.get(2).delayNs());
        assertThat(t.get(3).delayNs()).isEqualTo(1_000_000);
        assertThat(t.rowsFor(1)).extracting(TraceRow::line).containsExactly(2, 3, 5);
        assertThat(t.rowsFor(2)).extracting(TraceRow::line).containsExactly(2, 4, 5);
        assertThat(t.rowsFor(7)).extracting(TraceRow::line).containsExactly(2, 5);
        assertThat(t.get(0).appliesTo(65535)).isTrue();
        assertThat(t.get(1).appliesTo(2)).isFalse();
    }

    @Test
    void withoutVfAndDelayColumnsRowsApplyEverywhereImmediately() throws TraceException {
        TraceRow r = parse("op,offset,size,value\nW,0x10,2,0\n").get(0);
        assertThat(r.vf()).isZero();
        assertThat(r.delayNs()).isZero();
    }

    @Test
    void commentsBlankLinesCrlfAndBomAreFine() throws TraceException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        String body = "# leading comment\r\n\r\nop,offset,size,value\r\n  # indented comment\r\nR,0x12,1,0\r\n\r\n"
                + "W,0x12,1,1";
        byte[] text = body.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, all, 0, bom.length);
        System.arraycopy(text, 0, all, bom.length, text.length);
        Trace t = reader.read("crlf.csv", all);
        assertThat(t.rows()).extracting(TraceRow::line).containsExactly(5, 7);
        assertThat(t.get(1).value()).isEqualTo(1);
    }

    @Test
    void headerOnlyIsAnEmptyTrace() throws TraceException {
        assertThat(parse("# nothing yet\nop,offset,size,value\n").rows()).isEmpty();
    }

    @Test
    void opIsCaseInsensitiveButNothingElseIsAccepted() throws TraceException {
        assertThat(parse("op,offset,size,value\nr,0x12,1,\nw,0x12,1,1\n").rows()).extracting(TraceRow::op)
                .containsExactly(Op.R, Op.W);
        assertThatThrownBy(() -> parse("op,offset,size,value\nRW,0x12,1,\n"))
                .hasMessage("t.csv:2: field 'op': 'RW' is not R, W or MSIX");
        assertThatThrownBy(() -> parse("op,offset,size,value\nR,+1,1,\n"))
                .hasMessage("t.csv:2: field 'offset': expected a whole number (decimal or 0x-hex), got '+1'");
    }

    @Test
    void echoedGarbageStaysOnOneShortLine() {
        String junk = "x".repeat(500) + "\u00e9";
        TraceException e = catchThrowableOfType(TraceException.class,
                () -> parse("op,offset,size,value\n" + junk + ",0,1,\n"));
        assertThat(e.field()).isEqualTo("op");
        assertThat(e.getMessage()).hasSizeLessThan(120).doesNotContain("\n");
    }

    // ---- every access against the legacy layout, so every scheme sees only accesses a driver makes ----------------

    @ParameterizedTest
    @ValueSource(strings = {"W,0x13,2,0", "W,0x01,4,0", "R,0x01,1,", "W,0x10,1,0", "W,0x10,4,0", "R,0x0E,4,", "W,0x12,2,0",
        "R,0x08,2,", "W,0x0C,4,0"})
    void anAccessThatStraddlesOrSplitsAHeaderRegisterIsRejectedOnItsLine(String row) {
        TraceException e = catchThrowableOfType(TraceException.class, () -> parse("op,offset,size,value\nR,0x12,1,\n" + row + "\n"));
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.field()).isEqualTo("offset");
        assertThat(e.getMessage()).contains("-byte register at 0x").doesNotContain("\n");
    }

    @Test
    void theLayoutFollowsTheMsixStateOfTheVfsARowRunsOn() throws TraceException {
        // 0x14 is the MSI-X config vector (2 bytes) with MSI-X on, the MAC's first byte with it off.
        assertThat(parse("op,offset,size,value\nR,0x14,1,\n").size()).isEqualTo(1);
        assertThatThrownBy(() -> parse("op,offset,size,value\nMSIX,,,1\nR,0x14,1,\n")).isInstanceOf(TraceException.class)
                .hasMessageContaining("t.csv:3: field 'offset': offset 0x14 size 1");
        // VF 2 has MSI-X on, VF 1 off: a row for every VF must be valid in both states.
        assertThatThrownBy(() -> parse("op,offset,size,value,vf\nMSIX,,,1,2\nR,0x14,1,,\n")).isInstanceOf(TraceException.class)
                .hasMessageContaining("(MSI-X on on some of the VFs it runs on)");
        assertThat(parse("op,offset,size,value,vf\nMSIX,,,1,2\nR,0x14,1,,1\n").size()).isEqualTo(2);
    }

    @Test
    void aDelayIsBoundedSoItsPicosecondsCannotOverflow() throws TraceException {
        assertThat(parse("op,offset,size,value,delay_ns\nR,0x12,1,,1000000000\n").get(0).delayNs()).isEqualTo(TraceReader.MAX_DELAY_NS);
        for (String d : new String[] {"1000000001", "9223372036854775807", "18446744073709551616"}) {
            assertThatThrownBy(() -> parse("op,offset,size,value,delay_ns\nR,0x12,1,," + d + "\n")).as(d)
                    .isInstanceOf(TraceException.class).hasMessageStartingWith("t.csv:2: field 'delay_ns': ")
                    .hasMessageContaining("out of range 0..1000000000");
        }
    }

    @Test
    void aRowForAVfBeyondTheRunIsAnErrorNamingItsLine() throws TraceException {
        Trace t = parse("op,offset,size,value,vf\nR,0x12,1,,\nR,0x12,1,,3\n");
        assertThat(t.requireVfs(3)).isSameAs(t);
        assertThatThrownBy(() -> t.requireVfs(2)).isInstanceOf(TraceException.class)
                .hasMessage("t.csv:3: field 'vf': VF 3 is beyond the run's 2 VFs (set --vfs to 3 or more)");
    }

    // ---- the 6-byte row: the hypervisor's coalesced MAC write ---------------------------------------------------

    @Test
    void aSixByteWriteOfTheMacIsAcceptedAtItsOffsetForTheMsixState() throws TraceException {
        Trace off = parse("op,offset,size,value\nW,0x14,6,0x563412005452\n");
        assertThat(off.get(0)).extracting(TraceRow::op, TraceRow::offset, TraceRow::size, TraceRow::value)
                .containsExactly(Op.W, 0x14, 6, 0x5634_1200_5452L);
        Trace on = parse("op,offset,size,value\nMSIX,,,1\nW,0x18,6,0xFFFFFFFFFFFF\nMSIX,,,0\nW,0x14,6,1\n");
        assertThat(on.get(1).size()).isEqualTo(6);
        assertThat(on.get(3).offset()).isEqualTo(0x14);
        Trace perVf = parse("op,offset,size,value,vf\nMSIX,,,1,2\nW,0x18,6,1,2\nW,0x14,6,1,1\nMSIX,,,1,\nW,0x18,6,1,\n");
        assertThat(perVf.size()).isEqualTo(5);
    }

    @Test
    void theMacWriteFollowsMsix() {
        assertThatThrownBy(() -> parse("op,offset,size,value\nW,0x18,6,1\n")).isInstanceOf(TraceException.class)
                .hasMessage("t.csv:2: field 'offset': a 6-byte W is the whole MAC, at 0x14 here (MSI-X off), not 0x18");
        assertThatThrownBy(() -> parse("op,offset,size,value\nMSIX,,,1\nW,0x14,6,1\n")).isInstanceOf(TraceException.class)
                .hasMessage("t.csv:3: field 'offset': a 6-byte W is the whole MAC, at 0x18 here (MSI-X on), not 0x14");
        assertThatThrownBy(() -> parse("op,offset,size,value,vf\nMSIX,,,1,3\nW,0x14,6,1,3\n")).isInstanceOf(TraceException.class)
                .hasMessageContaining("at 0x18 here (MSI-X on)");
    }

    @Test
    void aSixByteRowForEveryVfWhileTheirMsixDiffersIsRefused() {
        assertThatThrownBy(() -> parse("op,offset,size,value,vf\nMSIX,,,1,2\nW,0x14,6,1,\n")).isInstanceOf(TraceException.class)
                .hasMessageStartingWith("t.csv:3: field 'vf': ");
    }

    @Test
    void sixBytesAreNeverARead() {
        assertThatThrownBy(() -> parse("op,offset,size,value\nR,0x14,6,\n")).isInstanceOf(TraceException.class)
                .hasMessage("t.csv:2: field 'size': 6 is only a W (the coalesced MAC write); reads are 1, 2 or 4");
    }

    @Test
    void otherWideSizesAreStillRefused() {
        for (int size : new int[] {3, 5, 7, 8}) {
            assertThatThrownBy(() -> parse("op,offset,size,value\nW,0x14," + size + ",1\n")).as("size %d", size)
                    .isInstanceOf(TraceException.class).hasMessage("t.csv:2: field 'size': " + size + " is not 1, 2 or 4");
        }
        assertThatThrownBy(() -> parse("op,offset,size,value\nW,0x14,6,0x1000000000000\n")).isInstanceOf(TraceException.class)
                .hasMessageContaining("does not fit in 6 bytes");
    }

    @Test
    void markerCommentsDivideTheRowsIntoPhasesAndOtherCommentsDoNot() throws TraceException {
        Trace t = parse("# a comment\nop,offset,size,value\nR,0x12,1,\n# marker: probe\nW,0x12,1,0\nR,0x12,1,0\n# not a marker\n"
                + "# MARKER:  open \nW,0x10,2,0\n# marker: probe\nR,0x12,1,\n# marker:\n");
        assertThat(t.phases()).extracting(Trace.Phase::name, Trace.Phase::firstRow, Trace.Phase::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("probe", 1, 4), org.assertj.core.groups.Tuple.tuple("open", 3, 8),
                        org.assertj.core.groups.Tuple.tuple("probe", 4, 10));
        assertThat(t.phaseNames()).containsExactly(Trace.BEFORE_FIRST_MARKER, "probe", "open", "probe (2)");
        assertThat(java.util.stream.IntStream.range(0, t.size()).map(t::phaseOf)).containsExactly(0, 1, 1, 2, 3);
    }

    @Test
    void aTraceWithoutMarkersHasNoPhases() throws TraceException {
        Trace t = parse("op,offset,size,value\n# marker\nR,0x12,1,\n");
        assertThat(t.phases()).isEmpty();
        assertThat(t.phaseNames()).isEmpty();
        assertThat(t.phaseOf(0)).isEqualTo(-1);
    }
}
