package org.virtiosim.core.bench;

/**
 * One run of a kernel benchmark, printed as the line ../shared/bench/SPEC.md defines:
 * {@code <impl> <workload> events=<n> seconds=<s> rate=<n/s> checksum=<c>}.
 */
public record BenchResult(String workload, long events, long checksum, long nanos) {
    public double seconds() {
        return nanos / 1e9;
    }

    public double rate() {
        return events / seconds();
    }

    public String line(String impl) {
        return String.format(java.util.Locale.ROOT, "%s %s events=%d seconds=%.3f rate=%.0f checksum=%s",
                impl, workload, events, seconds(), rate(), Long.toUnsignedString(checksum));
    }
}
