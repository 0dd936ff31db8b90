package org.virtiosim.testbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.virtiosim.waveforms.VcdReader;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --firmware} and {@code --firmware-classpath}: a firmware team's model compiled in the test
 * (javax.tools) and jarred, loaded in its own class loader; every way it can be wrong gives one line
 * and exit 2 (bad input) or 1 (it failed while running), never a stack trace.
 */
class FirmwareCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FW = "org.virtiosim.device.firmware.";

    @TempDir
    static Path dir;
    static Path jar;

    /** The team's classes: one per way a firmware class can be right or wrong. */
    private static final String[][] SOURCES = {
        {"team/SlowFirmware.java", "package team;\n"
            + "import " + FW + "*;\n"
            + "public final class SlowFirmware implements FirmwareProgram {\n"
            + "  private final long cycles;\n"
            + "  public SlowFirmware(org.virtiosim.device.DeviceTiming t) { cycles = 3 * t.firmwareAccessCycles(); }\n"
            + "  public void onLegacyAccess(FirmwareContext c, int vf, LegacyOp op, int off, int size, long v) { c.busy(cycles); c.perform(); }\n"
            + "  public void onAdminCommand(FirmwareContext c, FirmwareCommand cmd) { c.busy(cycles); c.perform(); }\n"
            + "}\n"},
        {"team/CostsOnly.java", "package team;\n"
            + "public final class CostsOnly implements " + FW + "Firmware {\n"
            + "  public long legacyAccessCycles(int vf, boolean w, int off, int size) { return 1000; }\n"
            + "  public long adminCommandCycles(int op, int vf, int bytes) { return 1000; }\n"
            + "}\n"},
        {"team/Throws.java", "package team;\n"
            + "import " + FW + "*;\n"
            + "public final class Throws implements FirmwareProgram {\n"
            + "  public void onLegacyAccess(FirmwareContext c, int vf, LegacyOp op, int off, int size, long v) {\n"
            + "    if (off == 0x12) { throw new IllegalStateException(\"status register not modelled\"); }\n"
            + "    c.perform();\n"
            + "  }\n"
            + "  public void onAdminCommand(FirmwareContext c, FirmwareCommand cmd) { c.perform(); }\n"
            + "}\n"},
        {"team/NotFirmware.java", "package team;\npublic final class NotFirmware { }\n"},
        {"team/NoConstructor.java", "package team;\n"
            + "import " + FW + "*;\n"
            + "public final class NoConstructor implements FirmwareProgram {\n"
            + "  public NoConstructor(int cores) { }\n"
            + "  public void onLegacyAccess(FirmwareContext c, int vf, LegacyOp op, int off, int size, long v) { c.perform(); }\n"
            + "  public void onAdminCommand(FirmwareContext c, FirmwareCommand cmd) { c.perform(); }\n"
            + "}\n"},
        {"team/Abstract.java", "package team;\n"
            + "public abstract class Abstract implements " + FW + "FirmwareProgram { }\n"},
    };

    @BeforeAll
    static void buildTheTeamsJar() throws IOException {
        Path src = dir.resolve("src");
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path")));
        for (String[] s : SOURCES) {
            Path f = src.resolve(s[0]);
            Files.createDirectories(f.getParent());
            Files.writeString(f, s[1]);
            args.add(f.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).as("javac of the team's firmware").isZero();
        jar = dir.resolve("team-firmware.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, (OutputStream) out);
                out.closeEntry();
            }
        }
    }

    private static CliRun compare(String... more) {
        List<String> a = new ArrayList<>(List.of("compare", "--vfs", "2", "--schemes", "mmio", "--notify", "none", "--json"));
        a.addAll(List.of(more));
        return CliRun.of(a.toArray(String[]::new));
    }

    private static JsonNode json(CliRun r) throws IOException {
        assertThat(r.exit()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    /** Bad input: exit 2 and one line on stderr naming the problem, no stack trace. */
    private static void refused(CliRun r, int exit, String... says) {
        assertThat(r.exit()).as(r.err()).isEqualTo(exit);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).doesNotContain("\tat ", "Exception in").contains(says);
    }

    @Test
    void theClassFromTheJarRunsOnTheDeviceAndResultsNameIt() throws IOException {
        JsonNode dflt = json(compare());
        JsonNode team = json(compare("--firmware", "team.SlowFirmware", "--firmware-classpath", jar.toString()));
        assertThat(dflt.get("firmware").asText()).isEqualTo("default");
        assertThat(team.get("firmware").asText()).isEqualTo("team.SlowFirmware");
        // Three times the default's cycles per trapped access: the same accesses, each slower.
        JsonNode a = dflt.get("schemes").get(0);
        JsonNode b = team.get("schemes").get(0);
        assertThat(b.get("register_accesses")).isEqualTo(a.get("register_accesses"));
        assertThat(b.get("access_cycles").get("mean").asDouble()).isGreaterThan(a.get("access_cycles").get("mean").asDouble());
        assertThat(b.get("mismatches").asLong()).isZero();
    }

    @Test
    void theBuiltInDefaultByNameIsTheSameRunAsNoOption() {
        assertThat(compare("--firmware", "default").out()).isEqualTo(compare().out());
    }

    @Test
    void aCostOnlyFirmwareRunsThroughTheDefaultProgram() throws IOException {
        JsonNode r = json(compare("--firmware", "team.CostsOnly", "--firmware-classpath", jar.toString()));
        assertThat(r.get("firmware").asText()).isEqualTo("team.CostsOnly");
        assertThat(r.get("schemes").get(0).get("mismatches").asLong()).isZero();
    }

    @Test
    void theTextHeaderHtmlAndJunitNameTheFirmware() throws IOException {
        Path html = dir.resolve("r.html");
        Path xml = dir.resolve("j.xml");
        CliRun r = CliRun.of("compare", "--vfs", "2", "--schemes", "mmio", "--notify", "none", "--firmware", "team.CostsOnly",
                "--firmware-classpath", jar.toString(), "--report", html.toString(), "--junit", xml.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().skip(1).findFirst().orElseThrow()).endsWith("; firmware team.CostsOnly");
        assertThat(Files.readString(html)).contains("firmware team.CostsOnly");
        assertThat(Files.readString(xml)).contains("on firmware team.CostsOnly");
    }

    @Test
    void aHandlerThatThrowsIsOneLineNamingHandlerVfAndTimeExit1() {
        CliRun r = compare("--firmware", "team.Throws", "--firmware-classpath", jar.toString());
        refused(r, Main.EXIT_VIOLATION, "firmware Throws.onLegacyAccess for VF ", " ns:", "status register not modelled");
    }

    @Test
    void aMissingClassIsBadInput() {
        refused(compare("--firmware", "team.Nowhere", "--firmware-classpath", jar.toString()), Main.EXIT_USAGE,
                "--firmware: 'team.Nowhere' is neither a built-in firmware", "default");
        refused(compare("--firmware", "team.SlowFirmware"), Main.EXIT_USAGE, "nor a class on the firmware classpath");
    }

    @Test
    void aClassThatIsNoFirmwareIsBadInput() {
        refused(compare("--firmware", "team.NotFirmware", "--firmware-classpath", jar.toString()), Main.EXIT_USAGE,
                "team.NotFirmware is not a firmware", "FirmwareProgram");
        refused(compare("--firmware", "team.Abstract", "--firmware-classpath", jar.toString()), Main.EXIT_USAGE,
                "team.Abstract is not a public concrete class");
    }

    @Test
    void aClassWithoutAUsableConstructorIsBadInput() {
        refused(compare("--firmware", "team.NoConstructor", "--firmware-classpath", jar.toString()), Main.EXIT_USAGE,
                "team.NoConstructor has no public constructor taking no arguments or a org.virtiosim.device.DeviceTiming");
    }

    @Test
    void aMissingJarIsBadInput() {
        refused(compare("--firmware", "team.SlowFirmware", "--firmware-classpath", dir.resolve("none.jar").toString()),
                Main.EXIT_USAGE, "--firmware-classpath: ", "none.jar: no such file");
    }

    @Test
    void theTeamsClassesStayInTheirOwnLoader() {
        // The tool's own loader never sees the jar's classes: they are loaded in a loader of their own.
        assertThat(classVisible("team.SlowFirmware", Main.class.getClassLoader())).isFalse();
        ClassLoader own = org.virtiosim.testbench.study.FirmwareChoice.classLoader(List.of(jar));
        assertThat(classVisible("team.SlowFirmware", own)).isTrue();
        assertThat(own.getParent()).isSameAs(org.virtiosim.testbench.study.FirmwareChoice.class.getClassLoader());
    }

    private static boolean classVisible(String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Test
    void replayTakesTheFirmwareToo() throws IOException {
        Path trace = Path.of("src/test/resources/golden/replay-trace.csv");
        CliRun r = CliRun.of("replay", "--trace", trace.toString(), "--scheme", "mmio", "--vfs", "2", "--json", "--firmware",
                "team.SlowFirmware", "--firmware-classpath", jar.toString());
        assertThat(json(r).get("firmware").asText()).isEqualTo("team.SlowFirmware");
        refused(CliRun.of("replay", "--trace", trace.toString(), "--scheme", "mmio", "--vfs", "2", "--firmware", "team.Throws",
                "--firmware-classpath", jar.toString()), Main.EXIT_VIOLATION, "Throws.onLegacyAccess");
    }

    @Test
    void sweepRowsNameTheirFirmwareAndItCanBeVaried() throws IOException {
        Path out = dir.resolve("sweep");
        CliRun r = CliRun.of("sweep", "--vary", "vfs=1", "--vary", "scheme=mmio", "--vary", "firmware=default,team.SlowFirmware",
                "--firmware-classpath", jar.toString(), "--threads", "1", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode rows = JSON.readTree(Files.readString(out.resolve("results.json"))).get("rows");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("firmware").asText()).isEqualTo("default");
        assertThat(rows.get(1).get("firmware").asText()).isEqualTo("team.SlowFirmware");
        assertThat(Files.readString(out.resolve("results.csv")).lines().findFirst().orElseThrow()).contains(",scheme,firmware,");
        refused(CliRun.of("sweep", "--vary", "vfs=1", "--vary", "scheme=mmio", "--firmware", "team.Nowhere", "--out",
                dir.resolve("sweep2").toString()), Main.EXIT_USAGE, "--firmware: 'team.Nowhere'");
        refused(CliRun.of("sweep", "--vary", "vfs=1", "--vary", "scheme=mmio", "--vary", "firmware=default", "--firmware", "default",
                "--out", dir.resolve("sweep3").toString()), Main.EXIT_USAGE, "give the firmware once");
        assertThat(dir.resolve("sweep2")).doesNotExist();
    }

    @Test
    void aScenarioFileNamesItsFirmware() throws IOException {
        Path yaml = dir.resolve("study.yaml");
        Files.writeString(yaml, "firmware: team.SlowFirmware\nschemes: [mmio]\nnotify: [vf-bar]\ntopology:\n  vfs: 2\n"
                + "workload:\n  scenario: linux-net-probe\n", StandardCharsets.UTF_8);
        JsonNode r = json(CliRun.of("compare", "--scenario", yaml.toString(), "--json", "--firmware-classpath", jar.toString()));
        assertThat(r.get("firmware").asText()).isEqualTo("team.SlowFirmware");
        // --firmware given here overrides the file's.
        assertThat(json(CliRun.of("compare", "--scenario", yaml.toString(), "--json", "--firmware", "default")).get("firmware").asText())
                .isEqualTo("default");
        refused(CliRun.of("compare", "--scenario", yaml.toString(), "--json"), Main.EXIT_USAGE, "key 'firmware': 'team.SlowFirmware'");
        Files.writeString(yaml, "firmware: [a, b]\nworkload:\n  scenario: linux-net-probe\n", StandardCharsets.UTF_8);
        refused(CliRun.of("compare", "--scenario", yaml.toString()), Main.EXIT_USAGE, "study.yaml:1", "key 'firmware'");
    }

    @Test
    void listShowsTheFirmwares() throws IOException {
        CliRun text = CliRun.of("list");
        assertThat(text.out()).contains("firmwares (--firmware NAME", "  default ");
        JsonNode j = JSON.readTree(CliRun.of("list", "--json").out());
        assertThat(j.get("firmwares").findValuesAsText("id")).contains("default");
    }

    @Test
    void theWavesShowEachCoresHandlerAsTextAndItsVfGroupedPerCore() throws IOException {
        Path w = dir.resolve("waves");
        Files.createDirectories(w);
        CliRun r = CliRun.of("compare", "--vfs", "2", "--schemes", "mmio", "--notify", "none", "--firmware", "team.SlowFirmware",
                "--firmware-classpath", jar.toString(), "--vcd", w.resolve("w.vcd").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String handlers = Files.readString(w.resolve(WaveformOptions.FW_HANDLERS));
        assertThat(handlers.lines().skip(1)).startsWith("0 idle", "1 onLegacyAccess", "2 onAdminCommand");
        String gtkw = Files.readString(w.resolve("w-mmio.gtkw"));
        String translated = "@2022\n^2 " + w.resolve(WaveformOptions.FW_HANDLERS).toAbsolutePath().normalize() + "\n";
        // the handler as text first (the running signal), then as a translated code, then the VF
        assertThat(gtkw).contains("@800200\n-tb.device.firmware.core0\n@800\ntb.device.firmware.core0.running\n" + translated
                + "tb.device.firmware.core0.handler[3:0]\n@22\n"
                + "tb.device.firmware.core0.vf[15:0]\n@1000200\n-tb.device.firmware.core0\n");
        assertThat(gtkw).contains("tb.device.vf2.deferred[15:0]");
        String vcd = Files.readString(w.resolve("w-mmio.vcd"));
        assertThat(vcd).contains("$scope module core0 $end", " handler [3:0] $end", " vf [15:0] $end", " deferred [15:0] $end",
                " running $end");
        assertThat(VcdReader.read(w.resolve("w-mmio.vcd")).text("tb.device.firmware.core0.running").changes())
                .extracting(VcdReader.TextChange::text).anyMatch(t -> t.matches("onLegacyAccess vf=[12]")).contains("");
    }
}
