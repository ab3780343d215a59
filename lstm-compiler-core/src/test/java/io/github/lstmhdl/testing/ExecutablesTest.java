package io.github.lstmhdl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tools are looked up in the PATH folders in order, skipping what is not an executable file. */
class ExecutablesTest {
    @Test
    void theFirstExecutableOnThePathWins(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX only");
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Path c = Files.createDirectories(dir.resolve("c"));
        Files.writeString(a.resolve("tool"), "not executable");
        Files.createDirectories(b.resolve("tool")); // a folder, not a tool
        Path tool = Files.writeString(c.resolve("tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path other = Files.writeString(Files.createDirectories(dir.resolve("d")).resolve("tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rwxr-xr-x"));
        String path = String.join(File.pathSeparator, "", a.toString(), b.toString(), c.toString(),
                other.getParent().toString());
        assertEquals(Optional.of(tool), Executables.onPath("tool", path));
        assertEquals(Optional.empty(), Executables.onPath("missing", path));
        assertEquals(Optional.empty(), Executables.onPath("tool", null));
    }

    @Test
    void readelfIsFoundWhereverThePathPutsIt() {
        Optional<Path> readelf = Executables.onPath("readelf");
        Assumptions.assumeTrue(readelf.isPresent(), "readelf is not installed: skipping");
        assertTrue(Files.isExecutable(readelf.get()) && readelf.get().endsWith("readelf"), readelf.toString());
    }
}
