package io.github.lstmhdl.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.lstmhdl.image.RegionContent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One network's outputs are written all or nothing. */
class OutputSetTest {

    @TempDir
    Path dir;

    private static RegionContent text(String s) {
        return RegionContent.of(s.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * A content that hashes itself hands its digest over instead of being hashed again: the staged
     * digest is the content's own (here a marker no real hash gives), while a plain content's is the
     * SHA-256 of its bytes.
     */
    @Test
    void aSelfHashingContentIsNotHashedAgain() throws IOException {
        byte[] marker = new byte[32];
        java.util.Arrays.fill(marker, (byte) 7);
        SelfHashingContent self = new SelfHashingContent() {
            private boolean written;

            @Override
            public long size() {
                return 5;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write("image".getBytes(StandardCharsets.UTF_8));
                written = true;
            }

            @Override
            public byte[] sha256OfLastWrite() {
                assertTrue(written, "asked before the write");
                return marker.clone();
            }
        };
        try (OutputSet set = OutputSet.besideTargets()) {
            assertArrayEquals(marker, set.stage(dir.resolve("a.elf"), self).sha256());
            assertArrayEquals(OutputWriter.sha256(text("header")), set.stage(dir.resolve("a.h"), text("header")).sha256());
            set.commit();
        }
        assertEquals("image", Files.readString(dir.resolve("a.elf")));
    }

    @Test
    void whenOneTargetCannotBeWrittenTheOthersKeepTheirPreviousBytes() throws IOException {
        Path a = Files.writeString(dir.resolve("a.elf"), "old image");
        Path b = Files.writeString(dir.resolve("b.java"), "old constants");
        Path tooLong = dir.resolve("c".repeat(300) + ".json"); // longer than any file system's name limit
        try (OutputSet set = OutputSet.besideTargets()) {
            set.stage(a, text("new image"));
            set.stage(b, text("new constants"));
            set.stage(dir.resolve("new.h"), text("new header"));
            set.stage(tooLong, text("map"));
            IOException e = assertThrows(IOException.class, set::commit);
            assertTrue(IoErrors.describe(e).contains("c".repeat(300)), IoErrors.describe(e));
        }
        assertEquals("old image", Files.readString(a));
        assertEquals("old constants", Files.readString(b));
        assertEquals(List.of("a.elf", "b.java"), names(dir), "the new file is gone again and no temporary is left");
    }

    @Test
    void aStagingFolderKeepsTheTargetFoldersFreeOfTemporaryFiles() throws IOException {
        Path staging = dir.resolve("staging");
        Path out = Files.createDirectories(dir.resolve("out"));
        try (OutputSet set = OutputSet.stagedIn(staging)) {
            set.stage(out.resolve("a.elf"), new RegionContent() {
                @Override
                public long size() {
                    return 3;
                }

                @Override
                public void writeTo(OutputStream o) throws IOException {
                    o.write(new byte[] {1, 2, 3});
                    try (Stream<Path> s = Files.list(out)) {
                        assertEquals(0, s.count(), "nothing in the target folder while staging");
                    }
                }
            });
            set.commit();
        }
        assertEquals(List.of("a.elf"), names(out));
        assertEquals(List.of(), names(staging));
    }

    @Test
    void anErrorWhileStagingLeavesTheTargetsAsTheyWere() throws IOException {
        Path a = Files.writeString(dir.resolve("a.elf"), "old image");
        try (OutputSet set = OutputSet.besideTargets()) {
            set.stage(a, text("new image"));
            assertThrows(OutOfMemoryError.class, () -> set.stage(dir.resolve("b.java"), new RegionContent() {
                @Override
                public long size() {
                    return 10;
                }

                @Override
                public void writeTo(OutputStream o) throws IOException {
                    o.write(1);
                    throw new OutOfMemoryError("injected");
                }
            }));
        }
        assertEquals("old image", Files.readString(a));
        assertEquals(List.of("a.elf"), names(dir));
    }

    @Test
    void unchangedTargetsAreLeftAloneAndTheDigestIsOfTheBytes() throws IOException {
        Path a = Files.writeString(dir.resolve("a.elf"), "same");
        FileTime old = FileTime.fromMillis(946_684_800_000L);
        Files.setLastModifiedTime(a, old);
        try (OutputSet set = OutputSet.besideTargets()) {
            OutputSet.Staged staged = set.stage(a, text("same"));
            assertFalse(staged.changed());
            assertArrayEquals(OutputWriter.sha256(a), staged.sha256());
            set.commit();
        }
        assertEquals(old, Files.getLastModifiedTime(a));
    }

    @Test
    void newFilesGetTheDefaultPermissionsOfTheUmask() throws IOException {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class),
                "POSIX permissions only");
        Path reference = Files.writeString(dir.resolve("reference"), "x");
        Path a = dir.resolve("a.elf");
        OutputWriter.write(a, text("image"));
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(a));
    }

    @Test
    void aFolderInThePlaceOfATargetIsAClearError() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("a.elf"));
        try (OutputSet set = OutputSet.besideTargets()) {
            IOException e = assertThrows(IOException.class, () -> set.stage(folder, text("x")));
            assertEquals(folder + ": is a folder, not a file", IoErrors.describe(e));
        }
    }
}
