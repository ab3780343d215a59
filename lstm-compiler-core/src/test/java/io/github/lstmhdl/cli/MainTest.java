package io.github.lstmhdl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.image.ImageReader;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.json.JsonNetworkWriter;
import io.github.lstmhdl.memory.MemorySymbol;
import io.github.lstmhdl.memory.SymbolKind;
import io.github.lstmhdl.npy.Npy;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import io.github.lstmhdl.testing.RandomNetworks;
import io.github.lstmhdl.testing.ReferenceLstm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    private Network network;
    private Path json;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void writeNetwork() throws Exception {
        network = RandomNetworks.builder(7, 3, 0)
                .lstm("lstm_1", 5, Direction.FORWARD, OutputMode.SEQUENCE, false, false)
                .lstm("lstm_2", 4, Direction.BIDIRECTIONAL, OutputMode.SEQUENCE, true, true)
                .fc("fc_1", 2).build("demo");
        json = dir.resolve("demo.lstm.json");
        JsonNetworkWriter.write(network, json);
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void compileInspectAndRunMatchTheReference() throws Exception {
        Path o = dir.resolve("out");
        assertEquals(0, run("compile", json.toString(), "-o", o.toString(), "--package", "com.example",
                "--max-sequence-length", "12"), stderr());
        assertTrue(stdout().contains("\"FCWeightDataOffset\""), stdout());
        assertTrue(stdout().contains("Compiling layer group: lstm_1.wi>>lstm_1.wo"), stdout());
        for (String f : List.of("demo.elf", "DemoOffsets.java", "demo.h", "demo.memory-map.json")) {
            assertTrue(Files.isRegularFile(o.resolve(f)), f);
        }
        String java = Files.readString(o.resolve("DemoOffsets.java"));
        assertTrue(java.startsWith("// ") || java.contains("do not edit"), java);
        assertTrue(java.contains("package com.example;"));

        assertEquals(0, run("inspect", o.resolve("demo.elf").toString(), "-v"), stderr());
        assertTrue(stdout().contains("lstm_2_b.wi.weights") || stdout().contains("lstm_2_b"), stdout());
        assertTrue(stdout().contains("LOOP"), stdout());
        assertTrue(stdout().contains("reverse"), stdout());

        float[][] x = RandomNetworks.sequence(3, 9, 3);
        float[] flat = new float[9 * 3];
        for (int t = 0; t < 9; t++) {
            System.arraycopy(x[t], 0, flat, t * 3, 3);
        }
        Path in = dir.resolve("in.npy");
        Npy.write(in, new int[] {9, 3}, flat);
        Path result = dir.resolve("y.npy");
        assertEquals(0, run("run", o.resolve("demo.elf").toString(), "--input", in.toString(), "--output",
                result.toString()), stderr());
        FloatTensor y = Npy.read(result);
        double[][] expected = ReferenceLstm.run(network, x);
        assertEquals(List.of(9, 2), List.of(y.shape()[0], y.shape()[1]));
        for (int t = 0; t < 9; t++) {
            for (int k = 0; k < 2; k++) {
                assertEquals(expected[t][k], y.toArray()[t * 2 + k], 1e-5, "t=" + t + " k=" + k);
            }
        }
    }

    @Test
    void anOverflowExitsWithOneAndTheFiguresAndWritesNothing() {
        Path o = dir.resolve("small");
        assertEquals(1, run("compile", json.toString(), "-o", o.toString(), "--memory-size", "16KiB"));
        String e = stderr();
        assertOneError(json, e);
        Matcher m = Pattern.compile("needs (\\d+) bytes .* the processor has (\\d+) bytes [^:]*: (\\d+) bytes "
                + "\\([^)]*\\) too many").matcher(e);
        assertTrue(m.find(), e);
        long required = Long.parseLong(m.group(1));
        long available = Long.parseLong(m.group(2));
        long excess = Long.parseLong(m.group(3));
        assertEquals(16384, available, e);
        assertTrue(required > available, e);
        assertEquals(required - available, excess, e);
        // the advice in the command line's spelling
        assertTrue(e.contains("--memory-size ") && e.contains("KiB or more"), e);
        assertFalse(e.contains("memorySize=") || e.contains("maxSequenceLength="), e);
        assertNothingWritten(o);
    }

    @Test
    void anFcVectorTooLongWithTilingOffExitsWithOneAndWritesNothing() {
        // the fused gates of lstm_1 read [x; h]: 3 + 5 = 8 elements, the FC input memory holds 4
        Path o = dir.resolve("untiled");
        assertEquals(1, run("compile", json.toString(), "-o", o.toString(), "--set", "fcTiling=false",
                "--set", "fcInputMemorySize=4", "--set", "fcThreads=4"), stdout());
        String e = stderr();
        assertOneError(json, e);
        assertTrue(e.contains("input vector of 8 elements") && e.contains("holds 4 elements"), e);
        assertTrue(e.contains("4 elements (16 bytes) too many"), e);
        assertTrue(e.contains("--set fcTiling=true") && e.contains("fcInputMemorySize of at least 8"), e);
        assertNothingWritten(o);
    }

    @Test
    void setResolvesFieldsAsThePluginDoesWhateverTheirOrder() throws Exception {
        // 0x40 is a multiple of the alignment set after it, not of the preset's 4096: once rejected
        Path o = dir.resolve("ordered");
        assertEquals(0, run("compile", json.toString(), "-o", o.toString(), "--set", "baseAddress=0x40",
                "--set", "alignment=64"), stderr());
        String image = new String(Files.readAllBytes(o.resolve("demo.elf")), StandardCharsets.ISO_8859_1);
        assertTrue(image.contains("\"alignment\" : \"64\"") && image.contains("\"baseAddress\" : \"64\""));
        // a later --set of a field wins over an option and an earlier --set
        Path later = dir.resolve("later");
        assertEquals(0, run("compile", json.toString(), "-o", later.toString(), "--memory-size", "1KiB",
                "--set", "memorySize=16KiB", "--set", "memorySize=512MiB"), stderr());
    }

    @Test
    void setNamesAnUnknownFieldBeforeAnyWrongValue() {
        assertEquals(2, run("compile", json.toString(), "-o", dir.resolve("x").toString(), "--set", "memorySize=lots",
                "--set", "memorySise=1GiB"));
        assertTrue(stderr().contains("unknown processor field 'memorySise' (known: dataType, baseAddress,"), stderr());
        assertEquals(2, run("compile", json.toString(), "-o", dir.resolve("y").toString(), "--set", "fcThreads=5"));
        assertTrue(stderr().contains("invalid value '5' for fcThreads: fcThreads must be 4, 8 or 16, not 5"), stderr());
    }

    @Test
    void aConstantNameClashExitsWithOneNamingBothLayersAndWritesNothing() throws Exception {
        Path cased = dir.resolve("cased.lstm.json");
        JsonNetworkWriter.write(RandomNetworks.builder(5, 3, 0)
                .lstm("Lstm", 4, Direction.FORWARD, OutputMode.SEQUENCE, false, false)
                .lstm("lstm", 4, Direction.FORWARD, OutputMode.SEQUENCE, false, false).build("cased"), cased);
        Path o = dir.resolve("cased-out");
        assertEquals(1, run("compile", cased.toString(), "-o", o.toString()));
        String e = stderr();
        assertOneError(cased, e);
        assertTrue(e.contains("'Lstm.") && e.contains("'lstm.") && e.contains("generated constant LSTM_"), e);
        assertNothingWritten(o);

        Path gates = dir.resolve("gates.lstm.json");
        JsonNetworkWriter.write(RandomNetworks.builder(6, 3, 0)
                .lstm("lstm_1", 4, Direction.FORWARD, OutputMode.SEQUENCE, false, false)
                .fc("lstm_1_wi", 2).build("gates"), gates);
        Path o2 = dir.resolve("gates-out");
        assertEquals(1, run("compile", gates.toString(), "-o", o2.toString(), "--no-gate-fusion"));
        assertOneError(gates, stderr());
        assertTrue(stderr().contains("'lstm_1.wi") && stderr().contains("'lstm_1_wi")
                && stderr().contains("LSTM_1_WI_"), stderr());
        assertNothingWritten(o2);
    }

    @Test
    void runErrorsNameTheImageOrTheInputFile() throws Exception {
        Path o = dir.resolve("out");
        assertEquals(0, run("compile", json.toString(), "-o", o.toString(), "--max-sequence-length", "12"), stderr());
        Path image = o.resolve("demo.elf");
        Path result = dir.resolve("y.npy");
        // a wrong-shaped input: 4 features where the network takes 3
        Path wrong = dir.resolve("wrong.npy");
        Npy.write(wrong, new int[] {5, 4}, new float[20]);
        assertEquals(1, run("run", image.toString(), "--input", wrong.toString(), "--output", result.toString()));
        assertOneError(wrong, stderr());
        assertTrue(stderr().contains("[5, 4]") && stderr().contains("expected 3"), stderr());
        // more time steps than the image's frame limit
        Path longer = dir.resolve("long.npy");
        Npy.write(longer, new int[] {13, 3}, new float[39]);
        assertEquals(1, run("run", image.toString(), "--input", longer.toString(), "--output", result.toString()));
        assertOneError(longer, stderr());
        assertTrue(stderr().contains("sequence length 13") && stderr().contains("frame limit 12"), stderr());
        assertFalse(Files.exists(result), "no output after a failed run");
        // an image that is not one
        Path notImage = Files.writeString(dir.resolve("not.elf"), "not an image");
        Path fine = dir.resolve("fine.npy");
        Npy.write(fine, new int[] {2, 3}, new float[6]);
        assertEquals(1, run("run", notImage.toString(), "--input", fine.toString(), "--output", result.toString()));
        assertOneError(notImage, stderr());
    }

    @Test
    void anInternalErrorIsOneLineNamingTheFile() {
        // a path the file system cannot represent fails inside the command with a RuntimeException
        String bad = "bad\0name.lstm.json";
        assertEquals(1, run("compile", "-o", dir.toString(), bad));
        String e = stderr();
        assertEquals(1, e.strip().lines().count(), e);
        assertTrue(e.startsWith("error: " + bad + ": internal error: InvalidPathException"), e);
        assertFalse(e.contains("\tat "), e);
        assertEquals(bad, Main.subject("compile", List.of("--memory-size", "1MiB", "-o", "x", "-v", bad)));
        assertEquals("run", Main.subject("run", List.of("--input", "in.npy")));
    }

    @Test
    void aMissingOrInvalidNetworkExitsWithOne() throws Exception {
        assertEquals(1, run("compile", dir.resolve("nope.onnx").toString()));
        assertTrue(stderr().startsWith("error: "), stderr());
        Path bad = dir.resolve("bad.lstm.json");
        Files.writeString(bad, "{ \"format\": ");
        assertEquals(1, run("compile", bad.toString(), "-o", dir.resolve("o2").toString()));
        assertTrue(stderr().contains("bad.lstm.json"), stderr());
    }

    @Test
    void aCorruptImageExitsWithOne() throws Exception {
        Path o = dir.resolve("out");
        assertEquals(0, run("compile", json.toString(), "-o", o.toString()));
        Path image = o.resolve("demo.elf");
        byte[] bytes = Files.readAllBytes(image);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(image, bytes);
        assertEquals(1, run("inspect", image.toString()));
        assertTrue(stderr().startsWith("error: " + image), stderr());
    }

    @Test
    void badUsageExitsWithTwo() {
        assertEquals(2, run());
        assertEquals(2, run("frobnicate"));
        assertEquals(2, run("compile"));
        assertEquals(2, run("compile", json.toString(), "--no-such-flag"));
        assertEquals(2, run("compile", json.toString(), "--memory-size", "lots"));
        assertEquals(2, run("run", "x.elf", "--input"));
        assertEquals(0, run("--help"));
        assertEquals(0, run("--version"));
        assertTrue(stdout().startsWith("lstm-hdl "), stdout());
    }

    @Test
    void classNameNamesTheGeneratedClassAndItsFile() throws Exception {
        Path o = dir.resolve("named");
        assertEquals(0, run("compile", json.toString(), "-o", o.toString(), "--package", "com.example.nets",
                "--class-name", "DemoNetworkLayout"), stderr());
        Path java = o.resolve("DemoNetworkLayout.java");
        assertTrue(Files.isRegularFile(java), "the class file is named after the class");
        assertFalse(Files.exists(o.resolve("DemoOffsets.java")), "no class of the default name");
        String source = Files.readString(java);
        assertTrue(source.contains("package com.example.nets;"), source);
        assertTrue(source.contains("public final class DemoNetworkLayout {"), source);
        assertTrue(stdout().contains("### Wrote " + java), stdout());
        // a class or package that is no Java name is bad usage, and writes nothing
        Path bad = dir.resolve("bad-name");
        assertEquals(2, run("compile", json.toString(), "-o", bad.toString(), "--class-name", "not a name"));
        assertTrue(stderr().startsWith("error: ") && stderr().contains("not a name"), stderr());
        assertEquals(2, run("compile", json.toString(), "-o", bad.toString(), "--package", "com.1x"));
        assertNothingWritten(bad);
    }

    @Test
    void verboseCompilePrintsEveryComponentStateAndBuffer() throws Exception {
        Path o = dir.resolve("quiet");
        assertEquals(0, run("compile", json.toString(), "-o", o.toString()), stderr());
        String quiet = stdout();
        assertEquals(0, run("compile", json.toString(), "-o", dir.resolve("verbose").toString(), "-v"), stderr());
        String verbose = stdout();
        assertFalse(quiet.contains("### Components:"), quiet);
        assertTrue(verbose.contains("### Components:"), verbose);
        List<MemorySymbol> symbols = ImageReader.read(o.resolve("demo.elf")).metadata().memoryMap().symbols();
        int rows = 0;
        for (MemorySymbol s : symbols) {
            if (s.kind() == SymbolKind.REGION) {
                continue;
            }
            String row = "\"" + s.name() + "\"";
            String address = String.format(Locale.ROOT, "\"0x%08x\"", s.offset());
            assertTrue(verbose.lines().anyMatch(l -> l.strip().startsWith(row) && l.contains(address)),
                    s.name() + " at " + address + " in\n" + verbose);
            assertFalse(quiet.lines().anyMatch(l -> l.strip().startsWith(row)), s.name());
            rows++;
        }
        assertTrue(symbols.stream().anyMatch(s -> s.kind() == SymbolKind.STATE)
                && symbols.stream().anyMatch(s -> s.kind() == SymbolKind.WEIGHTS), symbols.toString());
        assertTrue(rows >= 8, "rows " + rows);
    }

    @Test
    void noGateFusionGivesTheFusedRunsOutput() throws Exception {
        Path fused = dir.resolve("fused");
        Path unfused = dir.resolve("unfused");
        assertEquals(0, run("compile", json.toString(), "-o", fused.toString()), stderr());
        String fusedLog = stdout();
        assertEquals(0, run("compile", json.toString(), "-o", unfused.toString(), "--no-gate-fusion"), stderr());
        String unfusedLog = stdout();
        assertTrue(fusedLog.contains("layer group: lstm_1.wi>>lstm_1.wo"), fusedLog);
        assertFalse(unfusedLog.contains("layer group: lstm_1.wi>>lstm_1.wo"), unfusedLog);
        assertFalse(ImageReader.read(fused.resolve("demo.elf")).metadata().processor().get("gateFusion")
                .equals(ImageReader.read(unfused.resolve("demo.elf")).metadata().processor().get("gateFusion")));
        Path in = writeNpy("in.npy", new int[] {11, 3}, RandomNetworks.sequence(17, 11, 3));
        FloatTensor a = runImage(fused.resolve("demo.elf"), in, "a.npy");
        FloatTensor b = runImage(unfused.resolve("demo.elf"), in, "b.npy");
        assertArrayEquals(a.shape(), b.shape());
        assertArrayEquals(a.toArray(), b.toArray(), 1e-6f);
        assertArrayEquals(a.toArray(), b.toArray(), "the same per-row arithmetic: the same floats");
    }

    @Test
    void aBatchRunsLikeItsSequencesOneByOne() throws Exception {
        Path o = compileOnnx();
        int t = 6;
        int n = 3;
        float[][][] x = new float[n][][];
        for (int k = 0; k < n; k++) {
            x[k] = RandomNetworks.sequence(40 + k, t, 3);
        }
        FloatTensor batch = runImage(o, writeNpy("batch.npy", new int[] {t, n, 3}, timeMajor(x)), "batch-y.npy");
        assertArrayEquals(new int[] {t, 1, n, 4}, batch.shape());
        for (int k = 0; k < n; k++) {
            FloatTensor one = runImage(o, writeNpy("one" + k + ".npy", new int[] {t, 1, 3}, x[k]), "one" + k + "-y.npy");
            assertArrayEquals(new int[] {t, 1, 1, 4}, one.shape());
            assertArrayEquals(one.toArray(), sequence(batch, k, n, t, 4), "sequence " + k);
        }
    }

    @Test
    void keepStateContinuesEachSequenceFromThePreviousOnesState() throws Exception {
        Path o = compileOnnx();
        int t = 5;
        float[][] first = RandomNetworks.sequence(50, t, 3);
        float[][] second = RandomNetworks.sequence(51, t, 3);
        Path pair = writeNpy("pair.npy", new int[] {t, 2, 3}, timeMajor(new float[][][] {first, second}));
        FloatTensor kept = runImage(o, pair, "kept.npy", "--keep-state");
        FloatTensor reset = runImage(o, pair, "reset.npy");
        // without --keep-state the second sequence starts afresh: as if it ran alone
        FloatTensor alone = runImage(o, writeNpy("second.npy", new int[] {t, 1, 3}, second), "alone.npy");
        assertArrayEquals(alone.toArray(), sequence(reset, 1, 2, t, 4));
        // with it, the second continues from the state the first left: the tail of one run over both
        float[][] both = new float[2 * t][];
        System.arraycopy(first, 0, both, 0, t);
        System.arraycopy(second, 0, both, t, t);
        FloatTensor joined = runImage(o, writeNpy("both.npy", new int[] {2 * t, 1, 3}, both), "both-y.npy");
        float[] tail = java.util.Arrays.copyOfRange(joined.toArray(), t * 4, 2 * t * 4);
        assertArrayEquals(tail, sequence(kept, 1, 2, t, 4));
        assertFalse(java.util.Arrays.equals(sequence(kept, 1, 2, t, 4), sequence(reset, 1, 2, t, 4)),
                "the kept state changes the second sequence's output");
        // the first sequence starts from the initial state either way
        assertArrayEquals(sequence(reset, 0, 2, t, 4), sequence(kept, 0, 2, t, 4));
    }

    /** An ONNX LSTM (D = 3, H = 4) over x [T, N, 3] with a symbolic T and N, compiled; its image. */
    private Path compileOnnx() throws Exception {
        byte[] model = new OnnxModelBuilder(14)
                .input("x", "T", "N", 3)
                .randomLstm(new Random(23), "lstm", "x", 3, 4, "forward", 0.6f, true, false, false, 1, List.of("y"))
                .output("y", "T", 1, "N", 4).build();
        Path file = Files.write(dir.resolve("seq.onnx"), model);
        Path o = dir.resolve("onnx-out");
        assertEquals(0, run("compile", file.toString(), "-o", o.toString(), "--max-sequence-length", "16"), stderr());
        return o.resolve("seq.elf");
    }

    private FloatTensor runImage(Path image, Path input, String output, String... flags) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("run", image.toString(), "--input", input.toString(),
                "--output", dir.resolve(output).toString()));
        args.addAll(List.of(flags));
        assertEquals(0, run(args.toArray(String[]::new)), stderr());
        return Npy.read(dir.resolve(output));
    }

    private Path writeNpy(String name, int[] shape, float[][] rows) throws Exception {
        float[] flat = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[i].length, rows[i].length);
        }
        Path file = dir.resolve(name);
        Npy.write(file, shape, flat);
        return file;
    }

    /** Sequences [n][T][D] as the rows of an ONNX [T, N, D] tensor: row t·N + k is step t of sequence k. */
    private static float[][] timeMajor(float[][][] x) {
        int t = x[0].length;
        float[][] rows = new float[t * x.length][];
        for (int s = 0; s < t; s++) {
            for (int k = 0; k < x.length; k++) {
                rows[s * x.length + k] = x[k][s];
            }
        }
        return rows;
    }

    /** Sequence k of a Y [T, 1, N, H] output, step after step. */
    private static float[] sequence(FloatTensor y, int k, int n, int t, int h) {
        float[] out = new float[t * h];
        for (int s = 0; s < t; s++) {
            System.arraycopy(y.toArray(), (s * n + k) * h, out, s * h, h);
        }
        return out;
    }

    private static void assertOneError(Path file, String stderr) {
        assertTrue(stderr.startsWith("error: " + file + ": "), stderr);
        assertEquals(1, stderr.strip().lines().count(), stderr);
        assertFalse(stderr.contains("Exception") || stderr.contains("\tat "), stderr);
    }

    private static void assertNothingWritten(Path dir) {
        assertTrue(!Files.exists(dir) || isEmpty(dir), "nothing may be written into " + dir);
    }

    private static boolean isEmpty(Path p) {
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
