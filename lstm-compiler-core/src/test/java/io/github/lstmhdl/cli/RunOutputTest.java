package io.github.lstmhdl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.json.JsonNetworkWriter;
import io.github.lstmhdl.npy.Npy;
import io.github.lstmhdl.testing.RandomNetworks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --output} writes to what the user named: through a symbolic link, into a FIFO or a device,
 * atomically over a regular file, with the permissions a new file gets from the umask; a write that
 * fails is one line naming the output.
 */
class RunOutputTest {
    @TempDir
    static Path compiled;

    @TempDir
    Path dir;

    private static Path image;
    private static Path input;
    /** What {@code run} writes for {@link #input}, read from a regular file. */
    private static byte[] expected;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void compileAndRunOnce() throws Exception {
        Path json = compiled.resolve("tiny.lstm.json");
        JsonNetworkWriter.write(RandomNetworks.builder(3, 2, 0)
                .lstm("lstm_1", 3, Direction.FORWARD, OutputMode.SEQUENCE, false, false).fc("fc_1", 2)
                .build("tiny"), json);
        assertEquals(0, Main.run(List.of("compile", json.toString(), "-o", compiled.toString()), quiet(), quiet()));
        image = compiled.resolve("tiny.elf");
        input = compiled.resolve("x.npy");
        Npy.write(input, new int[] {4, 2}, new float[] {1, 2, 3, 4, -1, -2, 0.5f, 0.25f});
        Path y = compiled.resolve("y.npy");
        assertEquals(0, Main.run(List.of("run", image.toString(), "--input", input.toString(), "--output",
                y.toString()), quiet(), quiet()));
        expected = Files.readAllBytes(y);
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    private int run(Path output) {
        return run(input, output);
    }

    private int run(Path in, Path output) {
        out.reset();
        err.reset();
        return Main.run(List.of("run", image.toString(), "--input", in.toString(), "--output", output.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aSymbolicLinkIsFollowedAndStaysALink() throws Exception {
        Path target = Files.writeString(dir.resolve("target.npy"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.npy"), Path.of("target.npy"));
        assertEquals(0, run(link), stderr());
        assertTrue(Files.isSymbolicLink(link), "the link was replaced by a file");
        assertArrayEquals(expected, Files.readAllBytes(target), "the link's target holds the output");
        // a dangling link: its target is created, as a shell's > would
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.npy"), Path.of("new.npy"));
        assertEquals(0, run(dangling), stderr());
        assertTrue(Files.isSymbolicLink(dangling));
        assertArrayEquals(expected, Files.readAllBytes(dir.resolve("new.npy")));
        // a folder reached through a link is a folder
        Path real = Files.createDirectory(dir.resolve("real"));
        Path linkedFolder = Files.createSymbolicLink(dir.resolve("linked"), real);
        assertEquals(0, run(linkedFolder.resolve("y.npy")), stderr());
        assertArrayEquals(expected, Files.readAllBytes(real.resolve("y.npy")));
        assertEquals(List.of("dangling.npy", "link.npy", "linked", "new.npy", "real", "target.npy"), names(dir),
                "no temporary file left");
    }

    @Test
    void aFifoIsWrittenIntoAndStaysAFifo() throws Exception {
        Path fifo = dir.resolve("out.fifo");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("no mkfifo on this system (" + e.getMessage() + "): skipping");
            return;
        }
        assertTrue(mkfifo.waitFor(30, TimeUnit.SECONDS));
        Assumptions.assumeTrue(mkfifo.exitValue() == 0, "mkfifo failed on this file system: skipping");
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, runnable -> {
            Thread reader = new Thread(runnable, "fifo reader");
            reader.setDaemon(true); // never keeps the JVM alive when the FIFO is not written
            reader.start();
        });
        assertEquals(0, run(fifo), stderr());
        assertTrue(isOther(fifo), "the FIFO was replaced by a regular file");
        assertArrayEquals(expected, read.get(30, TimeUnit.SECONDS), "the reader got the output");
    }

    @Test
    void aFullDeviceIsOneErrorNamingTheOutputAndTheReason() {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.exists(full) && isOther(full), "no /dev/full on this system: skipping");
        assertEquals(1, run(full));
        assertEquals("error: /dev/full: cannot write the output: No space left on device", stderr().strip());
        assertTrue(isOther(full), "/dev/full is still the device");
    }

    @Test
    void aNewOutputGetsTheUmasksPermissionsAndAReplacedOneKeepsItsOwn() throws Exception {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                && Files.getFileStore(dir).supportsFileAttributeView("posix"), "not a POSIX file system: skipping");
        // a new file gets what any new file of this process gets: 0666 less the umask
        Path reference = dir.resolve("reference");
        Files.newOutputStream(reference).close();
        Path created = dir.resolve("new.npy");
        assertEquals(0, run(created), stderr());
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(created));
        // an existing file keeps its mode
        Path existing = Files.writeString(dir.resolve("existing.npy"), "old");
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-r-----"));
        assertEquals(0, run(existing), stderr());
        assertArrayEquals(expected, Files.readAllBytes(existing));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(existing)));
    }

    /**
     * The umask of another process: a child JVM started under {@code umask 002} writes a group-writable
     * output, so the permissions come from the umask and not from a fixed mode.
     */
    @Test
    void theUmaskOfTheProcessDecidesANewOutputsPermissions() throws Exception {
        Assumptions.assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"),
                "not a POSIX file system: skipping");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "no /bin/sh: skipping");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path output = dir.resolve("shared.npy");
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "umask 002 && exec \"$0\" \"$@\"",
                java.toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
                image.toString(), "--input", input.toString(), "--output", output.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), log);
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(output)));
        assertArrayEquals(expected, Files.readAllBytes(output));
    }

    @Test
    void anOutputInAMissingFolderOrOnAFolderSaysWhy() throws Exception {
        Path missing = dir.resolve("no/such/y.npy");
        assertEquals(1, run(missing));
        assertEquals("error: " + missing + ": cannot write the output: the folder " + missing.getParent()
                + " does not exist", stderr().strip());
        assertEquals(1, run(dir));
        assertEquals("error: " + dir + ": cannot write the output: it is a folder", stderr().strip());
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertEquals(1, run(file.resolve("y.npy")));
        assertEquals("error: " + file.resolve("y.npy") + ": cannot write the output: " + file + " is not a folder",
                stderr().strip());
        assertEquals(List.of("file.txt"), names(dir), "nothing written");
    }

    private static boolean isOther(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** NaN or an infinity in the input is refused, naming the input, the first such element and why; nothing is written. */
    @Test
    void aNonFiniteInputIsRefusedNamingTheFirstElement() throws Exception {
        Path bad = dir.resolve("bad.npy");
        Path y = dir.resolve("y.npy");
        float[] x = {1, 2, 3, 4, 5, Float.NaN, Float.POSITIVE_INFINITY, 0};
        Npy.write(bad, new int[] {4, 2}, x);
        assertEquals(1, run(bad, y));
        assertEquals("error: " + bad + ": element [2, 1]: NaN is not a finite number: run takes finite inputs only"
                + " (NaN and infinities would spread through the network's state into the outputs)", stderr().strip());
        x[5] = 0;
        Npy.write(bad, new int[] {4, 2}, x);
        assertEquals(1, run(bad, y));
        assertTrue(stderr().contains("element [3, 0]: Infinity is not a finite number"), stderr());
        assertFalse(Files.exists(y), "nothing written");
    }
}
