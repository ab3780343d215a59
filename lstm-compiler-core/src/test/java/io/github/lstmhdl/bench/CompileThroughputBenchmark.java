package io.github.lstmhdl.bench;

import io.github.lstmhdl.CompileRequest;
import io.github.lstmhdl.CompileResult;
import io.github.lstmhdl.LstmCompiler;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.json.JsonNetworkWriter;
import io.github.lstmhdl.output.GeneratedFile;
import io.github.lstmhdl.output.OutputWriter;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.RandomNetworks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Measures issue 4's performance target: a network with about 200 MB of float32 weights compiles end to
 * end (import → compile → write the image, the Java constants, the C header and the JSON memory map
 * through {@link OutputWriter}) at 200 MB/s or better, with a peak heap under 1.5× the model's size.
 *
 * <p>The model, a stack of forward LSTMs (default 2 layers, D = H = 1768: 4H·(D+H)·4 B ≈ 100 MB per
 * layer), is generated once from a fixed seed into a temporary folder (not timed), in the native JSON
 * format with {@code .npy} weights and as an ONNX model with {@code raw_data} initializers. Each format
 * is then compiled in a fresh JVM whose {@code -Xmx} is 1.5× the model's weight bytes (so finishing at
 * all shows the bound holds): warm-up runs, then timed runs, each writing into a fresh output folder;
 * before each run the child calls {@code System.gc()} and resets the heap pools' peak usage, and
 * afterwards sums their peaks (an upper bound of the real peak, since pools peak at different times).
 * One summary line per format gives the weight bytes, the median wall time, MB/s (10^6 bytes of weights
 * per second), the peak heap and its ratio to the model. A format whose importer fails (the ONNX
 * importer before it lands) is reported as skipped with the importer's message.
 *
 * <p>Not a unit test. Run from the project root, once lstm-runtime is installed ({@code ./mvnw -q -o
 * install -DskipTests -pl lstm-runtime}, so that {@code -pl lstm-compiler-core} alone resolves it; the
 * child JVM reuses this JVM's class path, so start it with {@code java -cp}, which {@code exec:exec} does):
 * <pre>
 * ./mvnw -q -o -pl lstm-compiler-core test-compile exec:exec -Dexec.executable=java \
 *     -Dexec.classpathScope=test \
 *     -Dexec.args="-cp %classpath io.github.lstmhdl.bench.CompileThroughputBenchmark"
 * </pre>
 * System properties (put them before {@code -cp} in {@code exec.args}): {@code bench.layers} (2),
 * {@code bench.hidden} (1768), {@code bench.input} (= hidden), {@code bench.bidirectional} (false; true
 * makes the JSON model's layers bidirectional, H 1120 by default), {@code bench.warmup} (2),
 * {@code bench.runs} (5), {@code bench.heapFactor} (1.5), {@code bench.formats} ({@code json,onnx}),
 * {@code bench.dir} (a new temporary folder, deleted afterwards; a given folder keeps the models).
 */
public final class CompileThroughputBenchmark {
    private static final long SEED = 20240611L;
    private static final int SEQUENCE_LENGTH = 30;
    private static final String RESULT = "RESULT ";

    private CompileThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        int layers = Integer.getInteger("bench.layers", 2);
        boolean bidirectional = Boolean.getBoolean("bench.bidirectional");
        int h = Integer.getInteger("bench.hidden", bidirectional ? 1120 : 1768);
        int d = Integer.getInteger("bench.input", h);
        int warmup = Integer.getInteger("bench.warmup", 2);
        int runs = Integer.getInteger("bench.runs", 5);
        double heapFactor = Double.parseDouble(System.getProperty("bench.heapFactor", "1.5"));
        List<String> formats = Arrays.asList(System.getProperty("bench.formats", "json,onnx").split(","));
        String given = System.getProperty("bench.dir");
        Path dir = given != null ? Files.createDirectories(Path.of(given))
                : Files.createTempDirectory("lstm-bench");
        try {
            System.out.printf(Locale.ROOT, "CompileThroughputBenchmark: %d stacked %sLSTM layers, D=%d, H=%d, T=%d;"
                    + " %d warm-up + %d timed runs; %d processors; child -Xmx = %.2f x model%n",
                    layers, bidirectional ? "bidirectional (JSON; ONNX stays forward) " : "", d, h, SEQUENCE_LENGTH, warmup, runs, Runtime.getRuntime().availableProcessors(),
                    heapFactor);
            List<String> summary = new ArrayList<>();
            for (String format : formats) {
                long t0 = System.nanoTime();
                Model model = switch (format.trim()) {
                    case "json" -> writeJson(dir.resolve("json"), layers, d, h, bidirectional);
                    case "onnx" -> writeOnnx(dir.resolve("onnx"), layers, d, h);
                    default -> throw new IllegalArgumentException("unknown format " + format);
                };
                System.out.printf(Locale.ROOT, "  %s model written in %.1f s (not timed): %s%n", format,
                        (System.nanoTime() - t0) / 1e9, model.file());
                summary.add(runChild(format, model, warmup, runs, heapFactor));
                if (given == null) {
                    deleteTree(model.file().getParent());
                }
            }
            System.out.println("Summary (target: >= 200 MB/s, peak heap < 1.5 x model):");
            summary.forEach(System.out::println);
        } finally {
            if (given == null) {
                deleteTree(dir);
            }
        }
    }

    /** A generated model file and its float32 weight bytes. */
    record Model(Path file, long weightBytes) {
    }

    /** Writes the benchmark network in the native JSON format; the weights are held only while writing. */
    static Model writeJson(Path folder, int layers, int d, int h, boolean bidirectional) throws IOException {
        Files.createDirectories(folder);
        RandomNetworks builder = RandomNetworks.builder(SEED, d, SEQUENCE_LENGTH);
        long bytes = 0;
        int in = d;
        int dirs = bidirectional ? 2 : 1;
        for (int l = 1; l <= layers; l++) {
            builder.lstm("lstm_" + l, h, bidirectional ? Direction.BIDIRECTIONAL : Direction.FORWARD,
                    OutputMode.SEQUENCE, false, false);
            bytes += 4L * dirs * (4L * h * in + 4L * h * h + 4L * h);
            in = dirs * h;
        }
        Network network = builder.build("bench");
        Path file = folder.resolve("bench_model.lstm.json");
        JsonNetworkWriter.write(network, file);
        return new Model(file, bytes);
    }

    /** Writes the benchmark network as ONNX, streaming the weights from the random generator. */
    static Model writeOnnx(Path folder, int layers, int d, int h) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve("bench_model.onnx");
        long bytes = BenchmarkOnnxWriter.write(file, SEED, layers, d, h, SEQUENCE_LENGTH);
        return new Model(file, bytes);
    }

    private static String runChild(String format, Model model, int warmup, int runs, double heapFactor)
            throws IOException, InterruptedException {
        long xmxMb = (long) Math.floor(heapFactor * model.weightBytes() / (1 << 20));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + xmxMb + "m", "-cp", System.getProperty("java.class.path"),
                CompileThroughputBenchmark.class.getName(), "--child", model.file().toString(),
                String.valueOf(warmup), String.valueOf(runs));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String result = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith(RESULT)) {
                    result = line.substring(RESULT.length());
                } else {
                    output.add(line);
                    System.out.println("    [" + format + "] " + line);
                }
            }
        }
        int exit = p.waitFor();
        double mb = model.weightBytes() / 1e6;
        if (result == null) {
            boolean oom = output.stream().anyMatch(l -> l.contains("OutOfMemoryError"));
            return String.format(Locale.ROOT, "%-4s: %.1f MB weights: FAILED under -Xmx%dm (exit %d%s)", format, mb,
                    xmxMb, exit, oom ? ", OutOfMemoryError" : "");
        }
        if (result.startsWith("skipped ")) {
            return String.format(Locale.ROOT, "%-4s: %.1f MB weights: skipped: %s", format, mb,
                    result.substring("skipped ".length()));
        }
        String[] f = result.split(" ");
        double medianS = Double.parseDouble(f[0]);
        double minS = Double.parseDouble(f[1]);
        double maxS = Double.parseDouble(f[2]);
        long peak = Long.parseLong(f[3]);
        return String.format(Locale.ROOT, "%-4s: %.1f MB weights, median %.3f s (min %.3f, max %.3f, %d runs)"
                + " = %.0f MB/s; peak heap %.1f MB = %.2f x model, under -Xmx%dm (%.2f x): %s", format, mb, medianS,
                minS, maxS, runs, mb / medianS, peak / 1e6, (double) peak / model.weightBytes(), xmxMb,
                heapFactor, mb / medianS >= 200 && peak < 1.5 * model.weightBytes() ? "MEETS TARGET" : "below target");
    }

    /** In the child JVM: warm-up and timed compiles; prints one RESULT line. */
    private static void child(Path model, int warmup, int runs) throws Exception {
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        double[] seconds = new double[runs];
        long peak = 0;
        for (int i = 0; i < warmup + runs; i++) {
            Path out = Files.createTempDirectory(model.getParent(), "out");
            System.gc();
            heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
            long t0 = System.nanoTime();
            try {
                compileAndWrite(model, out);
            } catch (CompilationException e) {
                deleteTree(out);
                System.out.println(RESULT + "skipped " + e.getMessage().replace('\n', ' '));
                return;
            }
            double s = (System.nanoTime() - t0) / 1e9;
            long runPeak = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            deleteTree(out);
            System.out.printf(Locale.ROOT, "%s run %d: %.3f s, peak heap %.1f MB%n", i < warmup ? "warm-up" : "timed",
                    i < warmup ? i + 1 : i - warmup + 1, s, runPeak / 1e6);
            if (i >= warmup) {
                seconds[i - warmup] = s;
                peak = Math.max(peak, runPeak);
            }
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double median = runs % 2 == 1 ? sorted[runs / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
        System.out.printf(Locale.ROOT, "%s%.6f %.6f %.6f %d%n", RESULT, median, sorted[0], sorted[runs - 1], peak);
    }

    /** The timed work: import, compile, write every output (as a front end does). */
    static CompileResult compileAndWrite(Path model, Path outputRoot) throws CompilationException, IOException {
        CompileRequest request = new CompileRequest(model, model.getFileName().toString(), ProcessorConfig.defaults(),
                ImportOptions.defaults(), "bench", Optional.empty(), false);
        CompileResult result = LstmCompiler.compile(request);
        for (GeneratedFile file : result.files()) {
            Path target = outputRoot.resolve(file.kind().name().toLowerCase(Locale.ROOT)).resolve(file.relativePath());
            OutputWriter.write(target, file.content());
        }
        return result;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
