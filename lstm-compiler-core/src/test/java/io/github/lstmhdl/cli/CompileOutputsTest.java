package io.github.lstmhdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.json.JsonNetworkWriter;
import io.github.lstmhdl.testing.RandomNetworks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compile} writes one network's output set all or nothing, and says why when it cannot. */
class CompileOutputsTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path network(String baseName) throws IOException {
        Path json = dir.resolve("src").resolve("net.lstm.json");
        JsonNetworkWriter.write(RandomNetworks.builder(7, 3, 0)
                .lstm("lstm_1", 5, Direction.FORWARD, OutputMode.SEQUENCE, false, false).build("net"), json);
        return Files.move(json, json.resolveSibling(baseName + ".lstm.json"));
    }

    private static List<String> names(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aNameTooLongForOneOutputWritesNoneOfThem() throws IOException {
        // the network file fits the 255-byte name limit, its memory map's name (+ ".memory-map.json") does not
        Path json = network("n".repeat(242));
        Path outputs = Files.createDirectories(dir.resolve("out"));

        assertEquals(Main.FAILED, run("compile", json.toString(), "-o", outputs.toString()));

        String stderr = err.toString(StandardCharsets.UTF_8);
        assertTrue(stderr.startsWith("error: " + outputs + ": cannot write the outputs (none was written): "), stderr);
        assertTrue(stderr.contains("File name too long"), stderr);
        assertEquals(1, stderr.strip().lines().count(), stderr);
        assertEquals(List.of(), names(outputs), "no image, constants or header without their map, no temporary file");
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("### Wrote"));
    }

    @Test
    void aBackslashInALinuxFileNameIsPartOfTheName() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.io.File.separatorChar == '/', "POSIX file names only");
        Path json = network("kws\\v2");
        Path outputs = dir.resolve("out");
        assertEquals(Main.OK, run("compile", json.toString(), "-o", outputs.toString()));
        assertEquals(List.of("KwsV2Offsets.java", "kws_v2.elf", "kws_v2.h", "kws_v2.memory-map.json"), names(outputs));
    }

    @Test
    void anOutputFolderThatIsAFileIsNamedWithTheReason() throws IOException {
        Path json = network("net");
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");

        assertEquals(Main.FAILED, run("compile", json.toString(), "-o", file.toString()));

        assertEquals("error: " + file + ": is not a folder (-o names the folder that the outputs go into)",
                err.toString(StandardCharsets.UTF_8).strip());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void aSecondCompileReplacesTheWholeSetAndLeavesNoTemporaryFile() throws IOException {
        Path json = network("net");
        Path outputs = dir.resolve("out");
        assertEquals(Main.OK, run("compile", json.toString(), "-o", outputs.toString()));
        List<String> first = names(outputs);
        assertEquals(List.of("NetOffsets.java", "net.elf", "net.h", "net.memory-map.json"), first);
        assertEquals(Main.OK, run("compile", json.toString(), "-o", outputs.toString(), "--memory-size", "64MiB"));
        assertEquals(first, names(outputs));
        assertTrue(Files.readString(outputs.resolve("NetOffsets.java")).contains(Long.toString(64L << 20)));
    }
}
