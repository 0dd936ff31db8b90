package org.virtiosim.testbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/results-with-pandas.md: the columns its script reads are the columns a sweep writes. */
class ResultsWithPandasDocTest {
    private static final Path DOC = Path.of("../docs/results-with-pandas.md");
    /** A column the script reads: {@code df["vfs"]}, {@code rows["access_cycles_mean"]}, {@code groupby("scheme"}, {@code values="..."}. */
    private static final Pattern COLUMN = Pattern.compile("(?:\\w+\\[|groupby\\(|sort_values\\(|index=|values=)[\"']([a-z0-9_]+)[\"']");

    @TempDir
    Path dir;

    @Test
    void everyColumnTheScriptReadsIsInASweepsResults() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("```python\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(block.find()).as("the doc has its python script").isTrue();
        Set<String> read = new LinkedHashSet<>();
        // Comments dropped: a column kept by a filter the reader adapts (df["link"]) is only in a sweep that varies it.
        String code = block.group(1).replaceAll("(?m)#.*$", "");
        for (Matcher m = COLUMN.matcher(code); m.find();) {
            read.add(m.group(1));
        }
        assertThat(read).as("columns the script names").contains("vfs", "scheme", "access_cycles_mean");
        Path out = dir.resolve("results");
        CliRun r = CliRun.of("sweep", "--threads", "1", "--vary", "vfs=1,2", "--vary", "scheme=mmio", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> header = List.of(Files.readAllLines(out.resolve("results.csv"), StandardCharsets.UTF_8).get(0).split(","));
        assertThat(header).containsAll(read);
    }
}
