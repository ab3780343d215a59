package io.github.lstmhdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.json.JsonNetworkWriter;
import io.github.lstmhdl.npy.Npy;
import io.github.lstmhdl.testing.RandomNetworks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code estimate}, {@code run --profile} and the deadline flags of {@code compile} and {@code estimate}. */
class EstimateCommandTest {
    private static final Pattern CYCLES = Pattern.compile(
            "### Cycles: (\\d+) per time step, (\\d+) fixed, (\\d+) per sequence of (\\d+) steps");

    @TempDir
    Path dir;

    private Path json;
    private CliRun last;

    /** A bidirectional layer, then a reverse one whose last-step output is its first iteration. */
    @BeforeEach
    void writeNetwork() throws Exception {
        Network network = RandomNetworks.builder(11, 3, 0)
                .lstm("lstm_1", 6, Direction.BIDIRECTIONAL, OutputMode.SEQUENCE, true, false)
                .lstm("lstm_2", 4, Direction.REVERSE, OutputMode.LAST_STEP, false, true)
                .fc("fc_1", 2).build("demo");
        json = dir.resolve("demo.lstm.json");
        JsonNetworkWriter.write(network, json);
    }

    private int run(String... args) {
        last = CliRun.of(args);
        return last.code();
    }

    private String stdout() {
        return last.stdout();
    }

    private String stderr() {
        return last.stderr();
    }

    /** perStep, fixed, total, T of the printed figures. */
    private long[] cycles() {
        Matcher m = CYCLES.matcher(stdout());
        assertTrue(m.find(), stdout());
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4))};
    }

    @Test
    void aNetworkAndItsImageGiveTheSameEstimateAndTheProfileMeasuresIt() throws Exception {
        assertEquals(0, run("estimate", json.toString(), "--max-sequence-length", "12"), stderr());
        assertTrue(stdout().startsWith("### Deep Learning Processor Estimator Performance Results"), stdout());
        assertTrue(stdout().contains("    lstm_1_b.wi>>lstm_1_b.wo"), stdout());
        assertTrue(stdout().contains(" * The clock frequency of the DL processor is: 220MHz"), stdout());
        long[] network = cycles();
        assertEquals(12, network[3]);
        assertEquals(network[1] + 12 * network[0], network[2]);

        Path o = dir.resolve("out");
        assertEquals(0, run("compile", json.toString(), "-o", o.toString(), "--max-sequence-length", "12"), stderr());
        Path image = o.resolve("demo.elf");
        assertEquals(0, run("estimate", image.toString(), "--sequence-length", "5"), stderr());
        assertTrue(stdout().contains("    loop@"), stdout());
        long[] five = cycles();
        assertEquals(network[0], five[0]);
        assertEquals(network[1] + 5 * network[0], five[2]);

        Path input = dir.resolve("in.npy");
        Npy.write(input, new int[] {5, 3}, new float[15]);
        assertEquals(0, run("run", image.toString(), "--input", input.toString(), "--output",
                dir.resolve("y.npy").toString(), "--profile"), stderr() + stdout());
        assertTrue(stdout().contains("### Deep Learning Processor Profiler Performance Results"), stdout());
        assertTrue(stdout().contains("### Profile of the last run (T = 5;"), stdout());
        assertEquals(five[2], cycles()[2]);
    }

    @Test
    void aSequenceLengthOutsideTheFrameLimitIsOneError() {
        assertEquals(1, run("estimate", json.toString(), "--max-sequence-length", "12", "--sequence-length", "13"));
        assertEquals("error: " + json + ": --sequence-length: 13 is outside 1 to the frame limit 12 (set"
                + " maxSequenceLength, --max-sequence-length, for longer runs)", stderr().strip());
        assertEquals(2, run("estimate", json.toString(), "--sequence-length", "x"));
        assertTrue(stderr().startsWith("error: --sequence-length takes a whole number"), stderr());
    }

    @Test
    void aMissedDeadlineFailsTheCompileBeforeAnythingIsWrittenAndSaysWhatWouldFit() throws Exception {
        Path o = dir.resolve("out");
        assertEquals(1, run("compile", json.toString(), "-o", o.toString(), "--max-sequence-length", "12",
                "--max-latency-per-sequence", "20us"));
        String e = stderr().strip();
        assertTrue(e.startsWith("error: " + json + ": deadlines: the estimate misses maxLatencyPerSequence 20us: a"
                + " sequence of 12 steps is estimated at "), e);
        assertTrue(e.contains("Would fit: ") && e.contains("clockFrequencyMHz"), e);
        assertFalse(e.contains("\n"), e);
        assertFalse(Files.exists(o.resolve("demo.elf")), "nothing written");
        // the same estimate meets a loose deadline, and the outputs are those of a compile without one
        assertEquals(0, run("compile", json.toString(), "-o", o.toString(), "--max-sequence-length", "12",
                "--max-latency-per-sequence", "1s", "--min-frames-per-second", "10", "--max-latency-per-step",
                "1ms"), stderr());
        byte[] withDeadlines = Files.readAllBytes(o.resolve("demo.elf"));
        Path plain = dir.resolve("plain");
        assertEquals(0, run("compile", json.toString(), "-o", plain.toString(), "--max-sequence-length", "12"));
        assertTrue(java.util.Arrays.equals(withDeadlines, Files.readAllBytes(plain.resolve("demo.elf"))));
        // a rate nothing can reach: no advice fits
        assertEquals(1, run("estimate", json.toString(), "--min-frames-per-second", "1e12"));
        assertTrue(stderr().contains("minFramesPerSecond 1e12: the estimate is ") && stderr().contains(
                "Nothing the compiler can change would fit"), stderr());
    }

    @Test
    void malformedDeadlinesAreUsageErrors() {
        assertEquals(2, run("compile", json.toString(), "--max-latency-per-step", "250"));
        assertTrue(stderr().startsWith("error: maxLatencyPerStep '250' needs a unit"), stderr());
        assertEquals(2, run("estimate", json.toString(), "--max-latency-per-sequence", "-2ms"));
        assertTrue(stderr().startsWith("error: maxLatencyPerSequence '-2ms' is not a positive decimal number"),
                stderr());
        assertEquals(2, run("estimate", json.toString(), "--min-frames-per-second", "fast"));
        assertTrue(stderr().startsWith("error: minFramesPerSecond 'fast' is not a positive decimal number"), stderr());
    }

    @Test
    void anImageTakesNoConfigurationFlags() throws Exception {
        Path o = dir.resolve("out");
        assertEquals(0, run("compile", json.toString(), "-o", o.toString()), stderr());
        assertEquals(2, run("estimate", o.resolve("demo.elf").toString(), "--set", "fcThreads=16"));
        assertTrue(stderr().startsWith("error: an image is estimated as it was compiled"), stderr());
    }

    @Test
    void theProfileIsReportedPerLayerWhenTheMemoryMapBesideTheImageNamesTheLayers() throws Exception {
        Path o = dir.resolve("out");
        assertEquals(0, run("compile", json.toString(), "-o", o.toString(), "--max-sequence-length", "4"), stderr());
        Path image = o.resolve("demo.elf");
        io.github.lstmhdl.sim.Simulator sim = io.github.lstmhdl.sim.Simulator.load(
                io.github.lstmhdl.image.ImageReader.read(image, image.toString()));
        int count = sim.program().size();
        String sha = sim.metadata().contentSha256();
        Path map = o.resolve("demo.memory-map.json");
        Files.writeString(map, "{\"performance\": {\"contentSha256\": \"" + sha + "\", \"instructionOwners\": ["
                + "{\"first\": 0, \"last\": 0, \"layer\": \"first\", \"layerGroup\": \"g0\"},"
                + "{\"first\": 1, \"last\": " + (count - 1) + ", \"layer\": \"rest\", \"layerGroup\": \"g1\"}]}}");
        Path input = dir.resolve("in.npy");
        Npy.write(input, new int[] {4, 3}, new float[12]);
        String[] profile = {"run", image.toString(), "--input", input.toString(), "--output",
                dir.resolve("y.npy").toString(), "--profile"};
        assertEquals(0, run(profile), stderr());
        assertTrue(stdout().contains("rows per layer group and layer, from " + map), stdout());
        assertTrue(stdout().contains("\n    g0 ") && stdout().contains("\n    g1 "), stdout());
        assertTrue(stdout().contains("\n    rest "), stdout());

        Files.writeString(map, Files.readString(map).replace(sha, "0".repeat(64)));
        assertEquals(0, run(profile), stderr());
        assertTrue(stdout().contains("rows per loop: " + map + " is not the memory map of this image"), stdout());
        assertTrue(stdout().contains("\n    loop@"), stdout());

        Files.writeString(map, "{\"performance\": {\"contentSha256\": \"" + sha + "\", \"instructionOwners\": ["
                + "{\"first\": 1, \"last\": 2, \"layer\": \"x\", \"layerGroup\": \"y\"}]}}");
        assertEquals(0, run(profile), stderr());
        assertTrue(stdout().contains("do not cover the program in order"), stdout());
        Files.writeString(map, "{not json");
        assertEquals(0, run(profile), stderr());
        assertTrue(stdout().contains("cannot be read"), stdout());
        Files.delete(map);
        assertEquals(0, run(profile), stderr());
        assertTrue(stdout().contains("rows per loop: no " + map + " beside the image names the layers"), stdout());
    }
}
