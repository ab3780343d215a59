package io.github.lstmhdl.bounds;

import static io.github.lstmhdl.testing.OnnxModelBuilder.attr;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.lstmhdl.CompileRequest;
import io.github.lstmhdl.CompileResult;
import io.github.lstmhdl.LstmCompiler;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.ir.Activation;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.json.JsonNetworkWriter;
import io.github.lstmhdl.output.GeneratedFile;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import io.github.lstmhdl.testing.RandomNetworks;
import io.github.lstmhdl.testing.SharedData;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's fuzz test: a seeded mutation fuzzer over both importers, inside the build. Each mutant of
 * a seed model (the bundled example, models built here, and the shared ONNX models when present) is
 * compiled whole, through {@link LstmCompiler#compile} and the writing of every output, and must either
 * succeed or end with one {@link CompilationException} whose message names the file, within a time
 * bound per mutant, and without an {@link Error} or any other exception.
 *
 * <p>Every mutant is reproducible from the seed and its index: a failure prints both; rerun one mutant
 * with {@code -Dlstm.fuzz.seed=S -Dlstm.fuzz.mutant=I}. {@code -Dlstm.fuzz.mutants=N} changes how many
 * mutants each seed model gets.
 */
class ImporterFuzzTest {
    private static final long SEED = Long.getLong("lstm.fuzz.seed", 0x15_10_2026L);
    private static final int MUTANTS = Integer.getInteger("lstm.fuzz.mutants", 300);
    private static final int ONLY = Integer.getInteger("lstm.fuzz.mutant", -1);
    /** Far above what a mutant of these small models needs (milliseconds), far below a hang. */
    private static final long SECONDS_PER_MUTANT = 20;
    /** Values that break sizes, counts and indices when written over a varint or a JSON number. */
    private static final long[] INTERESTING = {0, 1, -1, 2, 3, 7, 127, 128, 255, 65535, Integer.MAX_VALUE,
        (long) Integer.MAX_VALUE + 1, 1L << 32, (1L << 62) + 4, Long.MAX_VALUE, Long.MIN_VALUE, -4, 1 << 28};

    private static ExecutorService worker;

    /** Outcomes of the current test's mutants: compiled, rejected with a clear error. */
    private int compiled;
    private int rejected;
    /** Unmutated seed models that compile (the backend cases need bound inputs, so theirs do not). */
    private int seedsCompiled;

    @TempDir
    Path dir;

    @BeforeAll
    static void startWorker() {
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-compile");
            t.setDaemon(true); // a mutant past its bound must not keep the test JVM alive
            return t;
        });
    }

    @AfterAll
    static void stopWorker() {
        worker.shutdownNow();
    }

    /**
     * Both outcomes must occur: mutants that only compile (or only fail) would mean the mutations
     * never reach past the parser, or never change anything.
     */
    @AfterEach
    void bothOutcomesOccurred(TestInfo test) {
        System.out.println(test.getDisplayName() + ": " + (compiled + rejected) + " runs, " + compiled + " compiled, "
                + rejected + " rejected with a clear error");
        if (ONLY < 0 && compiled + rejected > 0) {
            assertTrue(rejected > 0 && (seedsCompiled == 0 || compiled > 0), test.getDisplayName() + ": " + compiled
                    + " compiled, " + rejected + " rejected, of " + seedsCompiled + " seeds that compile");
        }
    }

    // ------------------------------------------------------------------------------ seed models

    /** The bundled example: part of the project, so it must be there. */
    @Test
    void bundledExample() throws Exception {
        Path example = Path.of("").toAbsolutePath().getParent()
                .resolve("examples/quickstart/src/main/networks/sensor_lstm.onnx");
        assertTrue(Files.isRegularFile(example), "the bundled example is missing: " + example);
        fuzzOnnx("sensor_lstm.onnx", Files.readAllBytes(example), 0);
    }

    /** Models that exercise the importer's paths: states, peepholes, bidirectional merges, heads, folding. */
    @Test
    void builtModels() throws Exception {
        List<byte[]> models = builtOnnxModels();
        for (int m = 0; m < models.size(); m++) {
            fuzzOnnx("built" + m + ".onnx", models.get(m), 1000 + m);
        }
    }

    /**
     * GRU models (issue 12): PyTorch's batch-first form with a zero state from the input's shape and
     * the last step by Gather(axis=1, -1), and a bidirectional GRU after an LSTM.
     */
    @Test
    void builtGruModels() throws Exception {
        Random r = new Random(13);
        byte[] pytorch = new OnnxModelBuilder(14).input("x", 1, "T", 3)
                .node("Transpose", "t", List.of("x"), List.of("xt"), OnnxModelBuilder.ints("perm", 1, 0, 2))
                .node("Shape", "shape", List.of("x"), List.of("s"))
                .initializerLongs("zero", new long[] {0}, 1)
                .node("Gather", "batch", List.of("s", "zero"), List.of("b"))
                .initializerLongs("dirs", new long[] {1}, 1).initializerLongs("hid", new long[] {4}, 1)
                .node("Concat", "cat", List.of("dirs", "b", "hid"), List.of("shp"), attr("axis", 0L))
                .node("ConstantOfShape", "zeros", List.of("shp"), List.of("h0"))
                .randomGru(r, "g", "xt", 3, 4, "forward", 0.5f, true, 1, "h0", List.of("Y", ""))
                .initializerLongs("ax1", new long[] {1}, 1)
                .node("Squeeze", "sq", List.of("Y", "ax1"), List.of("S"))
                .node("Transpose", "t2", List.of("S"), List.of("B"), OnnxModelBuilder.ints("perm", 1, 0, 2))
                .initializerLongs("last", new long[] {-1})
                .node("Gather", "lastStep", List.of("B", "last"), List.of("out"), attr("axis", 1L))
                .output("out", 1, 4).build();
        fuzzOnnx("gru_pytorch.onnx", pytorch, 5000);
        byte[] mixed = new OnnxModelBuilder(13).input("X", "T", 1, 2)
                .randomLstm(r, "l", "X", 2, 3, "forward", 0.5f, true, false, false, 1, List.of("Y1"))
                .initializerLongs("ax1", new long[] {1}, 1)
                .node("Squeeze", "sq", List.of("Y1", "ax1"), List.of("S"))
                .randomGru(r, "g", "S", 3, 2, "bidirectional", 0.5f, true, 0, "", List.of("", "Yh"))
                .output("Yh", 2, 1, 2).build();
        fuzzOnnx("gru_mixed.onnx", mixed, 5001);
    }

    @Test
    void nativeJsonNetworks() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("json"));
        JsonNetworkWriter.write(RandomNetworks.builder(7, 3, 5)
                .lstm("enc", 4, Direction.BIDIRECTIONAL, OutputMode.SEQUENCE, true, true)
                .activation("act", Activation.TANH)
                .lstm("dec", 3, Direction.FORWARD, OutputMode.LAST_STATE, false, false).fc("fc", 2)
                .softmax("sm", false).build("net"), folder.resolve("net.lstm.json"));
        fuzzJson(folder, folder.resolve("net.lstm.json"), 2000);
    }

    @Test
    void sharedBackendModels() throws Exception {
        fuzzFolder(SharedData.require("onnx-backend-rnn"), 3000);
    }

    @Test
    void sharedRealModels() throws Exception {
        fuzzFolder(SharedData.require("real-models"), 4000);
    }

    private void fuzzFolder(Path folder, int stream) throws Exception {
        List<Path> models;
        try (Stream<Path> s = Files.walk(folder)) {
            models = s.filter(p -> p.toString().endsWith(".onnx")).sorted(Comparator.comparing(Path::toString))
                    .toList();
        }
        assertTrue(!models.isEmpty(), "no ONNX models in " + folder);
        // a few mutants of each of many models, so that the whole folder is covered in CI time
        int each = Math.max(20, MUTANTS * 4 / models.size());
        for (int m = 0; m < models.size(); m++) {
            Path model = models.get(m);
            if (Files.size(model) <= 1 << 20) {
                fuzzOnnx(folder.relativize(model).toString(), Files.readAllBytes(model), stream + m, each);
            }
        }
    }

    static List<byte[]> builtOnnxModels() {
        List<byte[]> models = new ArrayList<>();
        Random r = new Random(12);
        models.add(new OnnxModelBuilder(13).input("X", "T", 1, 3)
                .randomLstm(r, "l1", "X", 3, 4, "forward", 0.5f, true, true, true, 1, List.of("Y"))
                .node("Squeeze", "sq", List.of("Y", "ax"), List.of("S")).initializerLongs("ax", new long[] {1}, 1)
                .randomLstm(r, "l2", "S", 4, 3, "reverse", 0.5f, true, false, false, 1, List.of("", "H"))
                .output("H", 1, 1, 3).build());
        OnnxModelBuilder bi = new OnnxModelBuilder(14).input("X", 1, 5, 2)
                .node("Transpose", "t", List.of("X"), List.of("XT"), OnnxModelBuilder.ints("perm", 1, 0, 2))
                .randomLstm(r, "bl", "XT", 2, 3, "bidirectional", 0.5f, true, false, true, 1, List.of("Y"))
                .node("Transpose", "t2", List.of("Y"), List.of("YT"), OnnxModelBuilder.ints("perm", 0, 2, 1, 3))
                .initializerLongs("shape", new long[] {0, 0, -1}, 3)
                .node("Reshape", "rs", List.of("YT", "shape"), List.of("YR"))
                .initializer("Wfc", OnnxModelBuilder.random(r, 6 * 4, 0.5f), 6, 4)
                .node("MatMul", "mm", List.of("YR", "Wfc"), List.of("M"))
                .initializer("bfc", OnnxModelBuilder.random(r, 4, 0.5f), 4)
                .node("Add", "add", List.of("M", "bfc"), List.of("A"))
                .node("Softmax", "sm", List.of("A"), List.of("P"), attr("axis", -1L));
        models.add(bi.output("P", 5, 1, 4).build());
        // zero initial states folded from the input's shape, as PyTorch exports them; a Gemm head
        OnnxModelBuilder folded = new OnnxModelBuilder(13).input("X", 4, 1, 2)
                .node("Shape", "shape", List.of("X"), List.of("s"))
                .initializerLongs("one", new long[] {1}, 1)
                .node("Gather", "batch", List.of("s", "one"), List.of("b"))
                .initializerLongs("dirs", new long[] {1}, 1).initializerLongs("hid", new long[] {3}, 1)
                .node("Concat", "cat", List.of("dirs", "b", "hid"), List.of("shp"), attr("axis", 0L))
                .node("ConstantOfShape", "zeros", List.of("shp"), List.of("z"))
                .initializer("W", OnnxModelBuilder.random(r, 12 * 2, 0.5f), 1, 12, 2)
                .initializer("R", OnnxModelBuilder.random(r, 12 * 3, 0.5f), 1, 12, 3)
                .node("LSTM", "lstm", List.of("X", "W", "R", "", "", "z", "z"), List.of("", "Yh"),
                        attr("hidden_size", 3L))
                .initializerLongs("ax0", new long[] {0}, 1)
                .node("Squeeze", "sq", List.of("Yh", "ax0"), List.of("h"))
                .initializer("G", OnnxModelBuilder.random(r, 2 * 3, 0.5f), 2, 3)
                .node("Gemm", "gemm", List.of("h", "G"), List.of("out"), attr("transB", 1L));
        models.add(folded.output("out", 1, 2).build());
        return models;
    }

    // ------------------------------------------------------------------------------ mutation

    private void fuzzOnnx(String name, byte[] model, int stream) throws Exception {
        fuzzOnnx(name, model, stream, MUTANTS);
    }

    private void fuzzOnnx(String name, byte[] model, int stream, int count) throws Exception {
        Path file = dir.resolve(Path.of(name).getFileName().toString());
        Files.write(file, model);
        seed(file, name);
        for (int i = 0; i < count; i++) {
            int index = stream * 100_000 + i;
            if (ONLY >= 0 && index != ONLY) {
                continue;
            }
            Random r = random(index);
            StringBuilder what = new StringBuilder();
            byte[] mutant = mutateBytes(model, r, what, 1 + r.nextInt(3));
            Files.write(file, mutant);
            check(file, index, name + ": " + what);
        }
    }

    private void fuzzJson(Path folder, Path json, int stream) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.sorted().toList();
        }
        List<byte[]> originals = new ArrayList<>();
        for (Path f : files) {
            originals.add(Files.readAllBytes(f));
        }
        seed(json, "net.lstm.json");
        assertTrue(seedsCompiled == 1, "the unmutated JSON network compiles");
        for (int i = 0; i < MUTANTS * 2; i++) {
            int index = stream * 100_000 + i;
            if (ONLY >= 0 && index != ONLY) {
                continue;
            }
            Random r = random(index);
            int k = r.nextInt(files.size());
            Path target = files.get(k);
            StringBuilder what = new StringBuilder(folder.relativize(target).toString()).append(": ");
            byte[] mutant = target.equals(json) && r.nextInt(3) > 0
                    ? mutateJson(originals.get(k), r, what) : mutateBytes(originals.get(k), r, what, 1 + r.nextInt(2));
            Files.write(target, mutant);
            try {
                check(json, index, what.toString());
            } finally {
                Files.write(target, originals.get(k));
            }
        }
    }

    /** Compiles an unmutated seed model: it must end as a mutant must, and is counted apart. */
    private void seed(Path file, String name) throws InterruptedException {
        int compiledBefore = compiled;
        int rejectedBefore = rejected;
        check(file, -1, name + ": unmutated");
        seedsCompiled += compiled - compiledBefore;
        compiled = compiledBefore;
        rejected = rejectedBefore;
    }

    private static Random random(int index) {
        return new Random(SEED ^ (index * 0x9E3779B97F4A7C15L));
    }

    /** {@code rounds} byte-level mutations: bit flips, inserts, deletes, truncations, varint and length tweaks. */
    static byte[] mutateBytes(byte[] in, Random r, StringBuilder what, int rounds) {
        byte[] b = in.clone();
        for (int k = 0; k < rounds && b.length > 0; k++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(7)) {
                case 0 -> {
                    int bit = r.nextInt(8);
                    b[at] ^= (byte) (1 << bit);
                    what.append("flip bit ").append(bit).append(" at ").append(at).append("; ");
                }
                case 1 -> {
                    byte v = (byte) r.nextInt(256);
                    b = splice(b, at, 0, new byte[] {v});
                    what.append("insert ").append(v & 0xff).append(" at ").append(at).append("; ");
                }
                case 2 -> {
                    int n = 1 + r.nextInt(Math.min(8, b.length - at));
                    b = splice(b, at, n, new byte[0]);
                    what.append("delete ").append(n).append(" at ").append(at).append("; ");
                }
                case 3 -> {
                    b = java.util.Arrays.copyOf(b, at);
                    what.append("truncate to ").append(at).append("; ");
                }
                case 4 -> {
                    // a varint (or a length field, which is one) replaced by an interesting value
                    int end = at;
                    while (end < b.length && end - at < 10 && (b[end] & 0x80) != 0) {
                        end++;
                    }
                    long v = INTERESTING[r.nextInt(INTERESTING.length)];
                    b = splice(b, at, Math.min(end + 1, b.length) - at, varint(v));
                    what.append("varint ").append(v).append(" at ").append(at).append("; ");
                }
                case 5 -> {
                    // a length or count byte nudged by a little: shifts every field after it
                    int delta = r.nextBoolean() ? 1 + r.nextInt(3) : -1 - r.nextInt(3);
                    b[at] = (byte) (b[at] + delta);
                    what.append("nudge ").append(delta).append(" at ").append(at).append("; ");
                }
                default -> {
                    // a block of bytes duplicated: repeated fields, nodes or tensors
                    int n = 1 + r.nextInt(Math.min(32, b.length - at));
                    b = splice(b, at, 0, java.util.Arrays.copyOfRange(b, at, at + n));
                    what.append("duplicate ").append(n).append(" at ").append(at).append("; ");
                }
            }
        }
        return b;
    }

    /** Textual JSON mutations: numbers, strings, fields and brackets. */
    static byte[] mutateJson(byte[] in, Random r, StringBuilder what) {
        String s = new String(in, StandardCharsets.UTF_8);
        List<int[]> numbers = tokens(s, "-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
        List<int[]> strings = tokens(s, "\"[^\"]*\"");
        switch (r.nextInt(5)) {
            case 0 -> {
                if (!numbers.isEmpty()) {
                    int[] t = numbers.get(r.nextInt(numbers.size()));
                    String v = r.nextInt(4) == 0 ? "1.5e300" : String.valueOf(INTERESTING[r.nextInt(INTERESTING.length)]);
                    what.append("number ").append(s, t[0], t[1]).append(" -> ").append(v);
                    s = s.substring(0, t[0]) + v + s.substring(t[1]);
                }
            }
            case 1 -> {
                if (!strings.isEmpty()) {
                    int[] t = strings.get(r.nextInt(strings.size()));
                    String[] values = {"\"\"", "\"../net.lstm.json\"", "\"bidirectional\"", "\"last\"", "\"relu\"",
                        "\"lstm\"", "\"a\"", "\"x".repeat(3) + "\"", "\"fullyConnected\"", "\"hiddenUnits\"", "null",
                        "[]", "{}", "true"};
                    String v = values[r.nextInt(values.length)];
                    what.append("string ").append(s, t[0], t[1]).append(" -> ").append(v);
                    s = s.substring(0, t[0]) + v + s.substring(t[1]);
                }
            }
            case 2 -> {
                // a "key": value pair removed
                List<int[]> pairs = tokens(s, "\"[A-Za-z]+\"\\s*:\\s*(\"[^\"]*\"|-?[\\d.eE+-]+|true|false|null),?");
                if (!pairs.isEmpty()) {
                    int[] t = pairs.get(r.nextInt(pairs.size()));
                    what.append("remove ").append(s, t[0], t[1]);
                    s = s.substring(0, t[0]) + s.substring(t[1]);
                }
            }
            case 3 -> {
                // one layer object duplicated
                int open = s.indexOf('{', 1 + r.nextInt(Math.max(1, s.length() - 1)));
                int close = open < 0 ? -1 : s.indexOf('}', open);
                if (close > open) {
                    what.append("duplicate object at ").append(open);
                    s = s.substring(0, close + 1) + "," + s.substring(open, close + 1) + s.substring(close + 1);
                }
            }
            default -> {
                return mutateBytes(in, r, what, 1);
            }
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<int[]> tokens(String s, String regex) {
        List<int[]> found = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(s);
        while (m.find()) {
            found.add(new int[] {m.start(), m.end()});
        }
        return found;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    private static byte[] varint(long v) {
        byte[] out = new byte[10];
        int n = 0;
        do {
            byte next = (byte) (v & 0x7f);
            v >>>= 7;
            out[n++] = (byte) (v != 0 ? next | 0x80 : next);
        } while (v != 0);
        return java.util.Arrays.copyOf(out, n);
    }

    // ------------------------------------------------------------------------------ the check

    /** Compiles {@code file} whole; anything but success or one clear error fails with the replay details. */
    private void check(Path file, int index, String mutation) throws InterruptedException {
        String display = file.getFileName().toString();
        CompileRequest request = new CompileRequest(file, display, ProcessorConfig.defaults(), ImportOptions.defaults(),
                "fuzz", Optional.empty(), false);
        Future<?> run = worker.submit(() -> {
            CompileResult result = LstmCompiler.compile(request);
            for (GeneratedFile f : result.files()) {
                f.content().writeTo(OutputStream.nullOutputStream());
            }
            return null;
        });
        try {
            run.get(SECONDS_PER_MUTANT, TimeUnit.SECONDS);
            compiled++;
        } catch (TimeoutException e) {
            run.cancel(true);
            fail(replay(index, mutation) + " did not end within " + SECONDS_PER_MUTANT + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CompilationException c) {
                String where = file.getParent() == null ? "" : file.getParent().toString();
                if (!c.getMessage().startsWith(display + ": ") && !c.getMessage().startsWith(where)) {
                    fail(replay(index, mutation) + ": the error does not name the file: " + c.getMessage());
                }
                rejected++;
                return;
            }
            fail(replay(index, mutation) + " ended with " + cause + "\n" + stackTrace(cause));
        }
    }

    private static String replay(int index, String mutation) {
        return "mutant " + index + " of seed " + SEED + " (" + mutation + "; replay with -Dlstm.fuzz.seed=" + SEED
                + " -Dlstm.fuzz.mutant=" + index + ")";
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String s = w.toString();
        return s.length() > 4000 ? s.substring(0, 4000) : s;
    }
}
