package org.virtiosim.testbench.cli;

import java.util.List;
import org.virtiosim.testbench.compare.CompareConfig;
import org.virtiosim.testbench.compare.Parameters;
import picocli.CommandLine.Option;

/**
 * {@code --device-profile NAME}, shared by compare, replay and sweep: the device identity a named
 * profile sets (virtio-sim list names them; docs/device-identity.md), under any {@code --set}.
 */
final class DeviceProfileOption {
    @Option(names = "--device-profile", paramLabel = "NAME", completionCandidates = Candidates.Profiles.class, description = {"present a named device's identity (host features, MAC,",
        "queue sizes, MSI-X vectors, net config), e.g. qemu-virtio-net; --set given with it wins (see virtio-sim list)"})
    String profile;

    /** {@code cfg} with the profile, if one was given, then each {@code name=value} of {@code settings}. */
    CompareConfig apply(CompareConfig cfg, List<String> settings) {
        CompareConfig c = profile == null ? cfg : UsageException.check("--device-profile", () -> Parameters.withProfile(cfg, profile));
        for (String s : settings) {
            CompareConfig before = c;
            c = UsageException.check(null, () -> Parameters.apply(before, s));
        }
        return c;
    }
}
