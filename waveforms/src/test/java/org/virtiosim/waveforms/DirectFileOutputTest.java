package org.virtiosim.waveforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectFileOutputTest {
    @TempDir
    Path dir;

    /** Lengths around a block, the first buffer (64 KiB) and the grown one (4 MiB): the file holds exactly the bytes written. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 511, 512, 4095, 4096, 4097, 65_535, 65_536, 65_537, 4 << 20, (4 << 20) + 65_536 + 3, 9_999_991})
    void fileHoldsExactlyTheBytesWritten(int length) throws IOException {
        byte[] data = new byte[length];
        new Random(length).nextBytes(data);
        Path f = dir.resolve("out-" + length + ".bin");
        Random pieces = new Random(~length);
        try (OutputStream out = DirectFileOutput.open(f)) {
            int at = 0;
            while (at < length) {
                if (pieces.nextInt(8) == 0) {
                    out.write(data[at++]); // single bytes among the arrays
                    continue;
                }
                int n = Math.min(length - at, 1 + pieces.nextInt(200_000));
                out.write(data, at, n);
                at += n;
            }
        }
        assertThat(Files.size(f)).isEqualTo(length);
        assertThat(Files.readAllBytes(f)).isEqualTo(data);
    }

    @Test
    void neverOverwritesAnExistingFile() throws IOException {
        Path f = dir.resolve("kept.txt");
        Files.writeString(f, "input");
        assertThatThrownBy(() -> DirectFileOutput.open(f)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(f)).isEqualTo("input");
    }

    @Test
    void closeIsIdempotentAndWritesAfterItFail() throws IOException {
        Path f = dir.resolve("closed.bin");
        OutputStream out = DirectFileOutput.open(f);
        out.write(new byte[70_000]); // past the first buffer: one write to the file, then the rest at close
        out.close();
        out.close();
        assertThat(Files.size(f)).isEqualTo(70_000);
        assertThatThrownBy(() -> out.write(new byte[200_000])).isInstanceOf(IOException.class);
    }

    @Test
    void aMissingDirectoryFailsAtOnce() {
        assertThatThrownBy(() -> DirectFileOutput.open(dir.resolve("no/such/dir/x.vcd"))).isInstanceOf(IOException.class);
    }
}
