package org.virtiosim.testbench.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A results.json read back (merge, --resume): what it wrote reads back equal; a damaged row is named by file, line and field. */
class SweepOutputTest {
    private static final LinkedHashMap<String, List<String>> GRID = new LinkedHashMap<>();

    static {
        GRID.put("vfs", List.of("1", "2"));
        GRID.put("scheme", List.of("mmio"));
    }

    private static SweepRow row(int point) {
        LinkedHashMap<String, String> p = new Grid(GRID).point(point);
        return new SweepRow(point, 1, "probe", p, new SweepRow.Figures(10, 8, 2, 12.5, 11, 20, 30, 400, 5, 6, 70, 80, 90, 1, 2, 3, 4, 0, 0, 0));
    }

    private static Path written(Path dir) throws IOException {
        TreeMap<Integer, SweepRow> rows = new TreeMap<>();
        rows.put(0, row(0));
        rows.put(1, row(1));
        SweepOutput.write(dir, GRID, "probe", 1, rows);
        return dir.resolve(SweepOutput.JSON);
    }

    @Test
    void whatIsWrittenReadsBackEqual(@TempDir Path dir) throws IOException {
        written(dir);
        SweepOutput.Results r = SweepOutput.read(dir);
        assertThat(r.rows()).containsEntry(0, row(0)).containsEntry(1, row(1)).hasSize(2);
        assertThat(r.grid()).isEqualTo(GRID);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "\"point\" : 1,|\"point\" : 2,|field 'point': 2 is not a point of the grid (0..1)",
        "\"point\" : 1,|\"point\" : \"one\",|field 'point': 'one', expected a whole number >= 0",
        "\"point\" : 1,|\"point\" : 0,|field 'vfs': '2', but point 0 has vfs=1",
        "\"tlps_up\" : 6,|\"tlps_up\" : -6,|field 'tlps_up': '-6', expected a whole number >= 0",
        "\"tlps_up\" : 6,|\"tlps_up\" : 6.5,|field 'tlps_up': '6.5', expected a whole number >= 0",
        "\"tlps_up\" : 6,||field 'tlps_up' is missing",
        "\"access_cycles_mean\" : 12.5,|\"access_cycles_mean\" : \"x\",|field 'access_cycles_mean': 'x', expected a number >= 0",
        "\"seed\" : 1,\\n    \"scenario\" : \"probe\",\\n    \"vfs\" : 2|\"seed\" : 9,\\n    \"scenario\" : \"probe\",\\n    \"vfs\" : 2|"
            + "field 'seed': '9', but the file's seed is 1"})
    void aDamagedRowIsNamedByFileLineAndField(String from, String to, String message, @TempDir Path dir) throws IOException {
        Path json = written(dir);
        String text = Files.readString(json);
        String edit = from.replace("\\n", "\n");
        assertThat(text).contains(edit);
        int at = text.lastIndexOf(edit);
        Files.writeString(json, text.substring(0, at) + (to == null ? "" : to.replace("\\n", "\n")) + text.substring(at + edit.length()));
        assertThatThrownBy(() -> SweepOutput.read(dir)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(json + ":")
                .hasMessageEndingWith(message)
                .hasMessageNotContaining("\n")
                .hasMessageMatching("(?s).*results\\.json:\\d+: .*");
    }

    @Test
    void aPointTwiceNamesTheLineOfTheFirst(@TempDir Path dir) throws IOException {
        Path json = written(dir);
        String text = Files.readString(json);
        int start = text.indexOf('{', text.indexOf("\"rows\""));
        String first = text.substring(start, text.indexOf('}', start) + 1);
        Files.writeString(json, text.substring(0, start) + first + ", " + text.substring(start));
        int line = (int) text.substring(0, start).lines().count();
        assertThatThrownBy(() -> SweepOutput.read(dir)).hasMessageContaining("field 'point': point 0 is also the row at line " + line);
    }

    @Test
    void notJsonIsOneLineWithItsLine(@TempDir Path dir) throws IOException {
        Path json = written(dir);
        Files.writeString(json, Files.readString(json).replaceFirst("\"rows\" : \\[", "\"rows\" : [,"));
        assertThatThrownBy(() -> SweepOutput.read(dir)).isInstanceOf(IOException.class).hasMessageStartingWith(json + ":")
                .hasMessageContaining("not valid JSON").hasMessageNotContaining("\n").hasMessageNotContaining("Source:");
    }
}
