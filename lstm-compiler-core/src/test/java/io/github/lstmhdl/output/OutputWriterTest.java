package io.github.lstmhdl.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.image.RegionContent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unchanged outputs are left alone (time stamp kept); any difference rewrites the file. */
class OutputWriterTest {
    private static final FileTime OLD = FileTime.fromMillis(1_000_000_000_000L);

    /** Content written in pieces of random lengths (single bytes too), as the image writer does. */
    private static RegionContent pieces(byte[] bytes, long seed) {
        return new RegionContent() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                Random r = new Random(seed);
                for (int i = 0; i < bytes.length; ) {
                    if (r.nextInt(4) == 0) {
                        out.write(bytes[i++]);
                    } else {
                        int n = Math.min(bytes.length - i, 1 + r.nextInt(100_000));
                        out.write(bytes, i, n);
                        i += n;
                    }
                }
            }
        };
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void anUnchangedFileIsNotRewritten(@TempDir Path dir) throws Exception {
        byte[] bytes = random(300_000, 1);
        Path target = dir.resolve("a/b/image.elf");
        assertTrue(OutputWriter.write(target, pieces(bytes, 2)));
        Files.setLastModifiedTime(target, OLD);
        assertFalse(OutputWriter.write(target, pieces(bytes, 3)));
        assertEquals(OLD, Files.getLastModifiedTime(target));
        assertArrayEquals(bytes, Files.readAllBytes(target));
    }

    @Test
    void anyDifferingByteOfTheSameSizeRewritesTheFile(@TempDir Path dir) throws Exception {
        byte[] bytes = random(200_000, 4);
        Path target = dir.resolve("image.elf");
        Random r = new Random(5);
        for (int trial = 0; trial < 20; trial++) {
            Files.write(target, bytes);
            byte[] changed = bytes.clone();
            // the first, the last or any byte in between
            int at = trial == 0 ? 0 : trial == 1 ? changed.length - 1 : r.nextInt(changed.length);
            changed[at] ^= (byte) (1 + r.nextInt(255));
            assertTrue(OutputWriter.write(target, pieces(changed, trial)), "byte " + at);
            assertArrayEquals(changed, Files.readAllBytes(target));
        }
    }

    @Test
    void aFileWithMoreOrFewerBytesIsRewritten(@TempDir Path dir) throws Exception {
        byte[] bytes = random(70_000, 6);
        Path longer = dir.resolve("longer");
        Files.write(longer, random(70_001, 6));
        assertTrue(OutputWriter.write(longer, pieces(bytes, 7)));
        assertArrayEquals(bytes, Files.readAllBytes(longer));
        Path shorter = dir.resolve("shorter");
        Files.write(shorter, java.util.Arrays.copyOf(bytes, 69_999));
        assertTrue(OutputWriter.write(shorter, pieces(bytes, 8)));
        assertArrayEquals(bytes, Files.readAllBytes(shorter));
    }
}
