package org.virtiosim.testbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --device-profile and the identity parameters through the CLI: what replay checks, what wins, what is refused. */
class DeviceProfileCliTest {
    /** The Linux probe trace the golden replay uses: written for the simulator's identity. */
    private static final String TRACE = "src/test/resources/golden/replay-trace.csv";

    @Test
    void theQemuProfileMakesTheSimulatorsTraceMismatchOnItsIdentityNamingLineRegisterAndValues() {
        CliRun r = CliRun.of("replay", "--trace", TRACE, "--scheme", "mmio", "--vfs", "1", "--device-profile", "qemu-virtio-net");
        assertThat(r.exit()).isEqualTo(Main.EXIT_VIOLATION);
        assertThat(r.err()).contains("mismatch: replay-trace.csv:27: VF 1 read 0x00 (host features, 4 bytes) returned 0x79bf8064, expected 0x30070020")
                .contains("replay-trace.csv:32: VF 1 read 0x14 (mac[0], 1 bytes) returned 0x52, expected 0x2")
                .contains("replay-trace.csv:70: VF 1 read 0x0c (queue size, 2 bytes) returned 0x40, expected 0x100");
    }

    @Test
    void setAfterTheProfileWins() {
        CliRun r = CliRun.of("replay", "--trace", TRACE, "--scheme", "mmio", "--vfs", "2", "--device-profile", "qemu-virtio-net",
                "--set", "host_features=0x30070020", "--set", "mac=02:00:00:00:00:01", "--set", "queue_sizes=256,256,256");
        assertThat(r.err()).doesNotContain("mismatch");
        assertThat(r.exit()).isEqualTo(Main.EXIT_OK);
    }

    @Test
    void theDefaultsAreTheSimulatorsIdentity() {
        assertThat(CliRun.of("replay", "--trace", TRACE, "--scheme", "aq", "--vfs", "2").exit()).isEqualTo(Main.EXIT_OK);
        assertThat(CliRun.of("replay", "--trace", TRACE, "--scheme", "aq", "--vfs", "2", "--device-profile", "simulator").exit())
                .isEqualTo(Main.EXIT_OK);
    }

    @Test
    void noMsixVectorsKeepsTheConfigAt0x14SoATraceThatEnablesMsixReadsOtherBytes() {
        CliRun r = CliRun.of("replay", "--trace", TRACE, "--scheme", "mmio", "--vfs", "1", "--set", "msix_vectors=0");
        assertThat(r.exit()).isEqualTo(Main.EXIT_VIOLATION);
        assertThat(r.err()).contains("mismatch:");
    }

    @Test
    void aMacAndNetStatusChangeWhatTheGuestReads() {
        CliRun mac = CliRun.of("replay", "--trace", TRACE, "--scheme", "mmio", "--vfs", "1", "--set", "mac=52:54:00:00:00:01");
        assertThat(mac.err()).contains("read 0x14 (mac[0], 1 bytes) returned 0x52, expected 0x2");
        CliRun down = CliRun.of("replay", "--trace", TRACE, "--scheme", "mmio", "--vfs", "1", "--set", "net_status=0");
        assertThat(down.exit()).isEqualTo(Main.EXIT_VIOLATION);
    }

    @Test
    void badProfilesAndValuesAreOneLineExitTwo() {
        for (String[] args : new String[][] {
            {"replay", "--trace", TRACE, "--scheme", "mmio", "--device-profile", "qemu"},
            {"compare", "--device-profile", "nope", "--schemes", "mmio", "--notify", "none"},
            {"replay", "--trace", TRACE, "--scheme", "mmio", "--set", "queue_sizes=256,100"},
            {"replay", "--trace", TRACE, "--scheme", "mmio", "--set", "mac=52:54:00"},
            {"compare", "--set", "host_features=0x100000000", "--schemes", "mmio", "--notify", "none"},
            {"compare", "--set", "max_virtqueue_pairs=0", "--schemes", "mmio", "--notify", "none"},
        }) {
            CliRun r = CliRun.of(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(Main.EXIT_USAGE);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        }
        assertThat(CliRun.of("replay", "--trace", TRACE, "--scheme", "mmio", "--device-profile", "qemu").err())
                .contains("unknown device profile 'qemu' (known: qemu-virtio-net, simulator)");
    }

    @Test
    void sweepVariesAListParameterWithSemicolonsAndTakesAProfileOnce(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of("sweep", "--vary", "queue_sizes=256,256,256;256,256,64", "--vary", "scheme=mmio", "--device-profile",
                "qemu-virtio-net", "--vary", "vfs=1", "--out", dir.toString(), "--threads", "1");
        assertThat(r.err()).doesNotContain("error");
        String csv = Files.readString(dir.resolve("results.csv"));
        assertThat(csv.lines().findFirst().orElseThrow()).contains(",scenario,device_profile,queue_sizes,scheme,vfs,");
        assertThat(csv).contains(",qemu-virtio-net,\"256,256,256\",mmio,1,").contains(",qemu-virtio-net,\"256,256,64\",mmio,1,");
        CliRun twice = CliRun.of("sweep", "--vary", "device_profile=simulator", "--device-profile", "qemu-virtio-net", "--out",
                dir.resolve("b").toString());
        assertThat(twice.exit()).isEqualTo(Main.EXIT_USAGE);
        assertThat(twice.err()).contains("--device-profile and --vary device_profile: give the profile once");
        assertThat(CliRun.of("sweep", "--vary", "device_profile=nope", "--out", dir.resolve("c").toString()).exit()).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void listShowsTheProfilesAndWhatTheySet() throws Exception {
        CliRun text = CliRun.of("list");
        assertThat(text.out()).contains("device profiles (--device-profile NAME").contains("qemu-virtio-net")
                .contains("sets host_features=0x79bf8064, mac=52:54:00:12:34:56, queue_sizes=256,256,64, msix_vectors=4, net_status=0x1, "
                        + "max_virtqueue_pairs=1");
        JsonNode json = new ObjectMapper().readTree(CliRun.of("list", "--json").out());
        JsonNode qemu = json.path("device_profiles").get(0);
        assertThat(qemu.path("id").asText()).isEqualTo("qemu-virtio-net");
        assertThat(qemu.path("sets").path("host_features").asText()).isEqualTo("0x79bf8064");
        assertThat(qemu.path("source").asText()).contains("QEMU 7.2");
    }

    @Test
    void replaySaysHowManyReadsWereCheckedWhenSomeAreMarkedUnchecked(@TempDir Path dir) throws Exception {
        Path t = dir.resolve("isr.csv");
        Files.writeString(t, "op,offset,size,value\nR,0x00,4,0x30070020\nR,0x13,1,?\n");
        CliRun r = CliRun.of("replay", "--trace", t.toString(), "--scheme", "mmio", "--vfs", "2");
        assertThat(r.exit()).isEqualTo(Main.EXIT_OK);
        assertThat(r.err()).contains("reads: 2 checked, 2 unchecked (value ? in the trace");
    }
}
