package io.github.lstmhdl.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attached zip: every generated resource, in path order, byte for byte the same on every build. */
class ImageBundleTest {

    @TempDir
    Path tmp;

    @Test
    void theZipIsReproducibleAndHoldsEveryResourceInPathOrder() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("res/com/example"));
        Files.write(root.resolve("b.elf"), new byte[] {0x7f, 'E', 'L', 'F', 1, 2, 3});
        Files.writeString(root.resolve("a.h"), "#define A 1\n");
        Files.writeString(tmp.resolve("res/top.memory-map.json"), "{}\n");
        Path zip1 = tmp.resolve("one.zip");
        assertEquals(3, ImageBundle.write(tmp.resolve("res"), zip1, "2026-01-01T00:00:00Z"));
        // the same files written again later, with other modification times: the same bytes
        for (Path p : List.of(root.resolve("b.elf"), root.resolve("a.h"))) {
            Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() + 86_400_000L));
        }
        Path zip2 = tmp.resolve("two.zip");
        ImageBundle.write(tmp.resolve("res"), zip2, "2026-01-01T00:00:00Z");
        assertArrayEquals(Files.readAllBytes(zip1), Files.readAllBytes(zip2));
        try (ZipFile z = new ZipFile(zip1.toFile())) {
            List<String> names = new ArrayList<>();
            z.stream().forEach(e -> names.add(e.getName()));
            assertEquals(List.of("com/example/a.h", "com/example/b.elf", "top.memory-map.json"), names);
            ZipEntry elf = z.getEntry("com/example/b.elf");
            assertEquals(ZipEntry.STORED, elf.getMethod());
            assertEquals(LocalDateTime.of(2026, 1, 1, 0, 0), elf.getTimeLocal());
            assertArrayEquals(Files.readAllBytes(root.resolve("b.elf")), z.getInputStream(elf).readAllBytes());
        }
        assertTrue(Files.list(tmp).noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary left");
    }

    @Test
    void theTimestampComesFromMavensPropertyAsIsoOrEpochSeconds() {
        assertEquals(LocalDateTime.of(2026, 1, 1, 0, 0), ImageBundle.entryTime("2026-01-01T00:00:00Z"));
        assertEquals(LocalDateTime.of(2026, 1, 1, 0, 0), ImageBundle.entryTime("2026-01-01T02:00:00+02:00"));
        assertEquals(LocalDateTime.of(2001, 9, 9, 1, 46, 40), ImageBundle.entryTime("1000000000"));
        assertEquals(LocalDateTime.of(1980, 1, 1, 0, 0), ImageBundle.entryTime(null));
        assertEquals(LocalDateTime.of(1980, 1, 1, 0, 0), ImageBundle.entryTime("0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageBundle.entryTime("next tuesday"));
        assertTrue(e.getMessage().contains("next tuesday") && e.getMessage().contains("ISO-8601"), e.getMessage());
    }
}
