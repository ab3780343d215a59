package io.github.lstmhdl.sim;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.ImageReader;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.image.writer.ElfImageWriter;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.onnx.OnnxImporter;
import io.github.lstmhdl.pipeline.NetworkCompiler;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Times the simulator against onnxruntime (one intra-op and one inter-op thread) on the same ONNX model:
 * one LSTM node, X [T, 1, D] → Y_h [1, 1, H], T = 100, batch 1, random weights. The simulator side is
 * the whole product: the model is imported, compiled with the default processor configuration, once with
 * {@code inputProjection=true} and once with {@code false}, written as an ELF image, read back and loaded, exactly as a
 * user's unit test would do it. Each side is warmed up, then timed run by run and the median kept; this
 * is repeated {@code -Dbench.rounds} times (default 3) and the median of the rounds printed, with the
 * speed ratio (onnxruntime time / simulator time: 1 means as fast as onnxruntime) and the largest
 * |difference| between the outputs (a correctness check: it must stay ≤ 1e-5). Not a unit test; run it
 * after {@code ./mvnw -q -o -pl lstm-runtime,lstm-compiler-core test-compile dependency:build-classpath
 * -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test} (the class path then names
 * {@code lstm-runtime/target/classes}) with
 * <pre>
 * java -cp lstm-compiler-core/target/classes:lstm-compiler-core/target/test-classes:$(cat /tmp/cp.txt) \
 *      io.github.lstmhdl.sim.SimulatorBenchmark [H ...]
 * </pre>
 * Hidden sizes default to 256 and 1024; the input size D equals H unless {@code -Dbench.inputSize=D}.
 * With {@code -Dbench.clock=cpu} every run is timed by the calling thread's CPU time instead of the wall
 * clock (onnxruntime with one intra-op thread computes on the calling thread), which keeps the ratio
 * meaningful on a machine whose cores other processes share: time spent waiting for a core is not
 * counted on either side.
 */
public final class SimulatorBenchmark {
    private static final int T = 100;
    private static final long WARM_UP_NANOS = 1_500_000_000L;
    private static final long TIMED_NANOS = 2_500_000_000L;
    private static final int MIN_RUNS = 7;
    private static final boolean CPU_CLOCK = "cpu".equals(System.getProperty("bench.clock", "wall"));
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private SimulatorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {256, 1024} : new int[args.length];
        for (int i = 0; i < args.length; i++) {
            sizes[i] = Integer.parseInt(args[i]);
        }
        int rounds = Integer.getInteger("bench.rounds", 3);
        for (int h : sizes) {
            int d = Integer.getInteger("bench.inputSize", h);
            bench(d, h, rounds);
        }
    }

    private interface Run {
        float[] run() throws Exception;
    }

    private static void bench(int d, int h, int rounds) throws Exception {
        byte[] model = onnxModel(d, h);
        Network network = OnnxImporter.read(model, "bench.onnx", ImportOptions.defaults());
        float[] x = OnnxModelBuilder.random(new Random(2), T * d, 1f);
        Simulator on = load(network, ProcessorConfig.defaults().with("inputProjection", "true"));
        Simulator off = load(network, ProcessorConfig.defaults().with("inputProjection", "false"));
        Run simOn = () -> on.predict(x, T);
        Run simOff = () -> off.predict(x, T);

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            try (OrtSession session = env.createSession(model, options);
                    OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {T, 1, d})) {
                Run ort = () -> {
                    try (OrtSession.Result result = session.run(Map.of("X", input))) {
                        FloatBuffer y = ((OnnxTensor) result.get(0)).getFloatBuffer();
                        float[] values = new float[y.remaining()];
                        y.get(values);
                        return values;
                    }
                };
                float[] expected = ort.run();
                double diffOn = maxDiff(expected, simOn.run());
                double diffOff = maxDiff(expected, simOff.run());
                List<double[]> samples = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    double ortMs = medianMillis(ort);
                    double onMs = medianMillis(simOn);
                    double offMs = medianMillis(simOff);
                    samples.add(new double[] {ortMs, onMs, offMs});
                    System.out.printf(Locale.ROOT, "  round %d: onnxruntime %.3f ms, simulator %.3f ms (projection"
                            + " on), %.3f ms (off)%n", round + 1, ortMs, onMs, offMs);
                }
                double ortMs = median(samples, 0);
                double onMs = median(samples, 1);
                double offMs = median(samples, 2);
                System.out.printf(Locale.ROOT, "LSTM D=%d H=%d T=%d batch 1 (median of %d rounds, " + (CPU_CLOCK ? "thread CPU"
                        : "wall") + " time): onnxruntime %.3f ms"
                        + "%n  inputProjection on:  simulator %.3f ms, ratio sim/ort speed %.2f, max |diff| %.2e%s"
                        + "%n  inputProjection off: simulator %.3f ms, ratio sim/ort speed %.2f, max |diff| %.2e%s%n",
                        d, h, T, rounds, ortMs, onMs, ortMs / onMs, diffOn, flag(diffOn), offMs, ortMs / offMs, diffOff,
                        flag(diffOff));
            }
        }
    }

    private static String flag(double diff) {
        return diff <= 1e-5 ? "" : "  ** EXCEEDS 1e-5 **";
    }

    /** Compiles, writes the ELF image, reads it back and loads it, as a user would. */
    private static Simulator load(Network network, ProcessorConfig config) throws Exception {
        CompiledNetwork compiled = NetworkCompiler.compile(network, config, "bench.onnx", "benchmark", false);
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        ElfImageWriter.write(compiled, image);
        return Simulator.load(ImageReader.read(image.toByteArray(), "bench.elf"));
    }

    private static double maxDiff(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalStateException("output lengths differ: " + expected.length + " vs " + actual.length);
        }
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - actual[i]));
        }
        return max;
    }

    private static double median(List<double[]> samples, int column) {
        double[] v = samples.stream().mapToDouble(s -> s[column]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Nanoseconds of the chosen clock: the wall clock, or this thread's CPU time ({@code -Dbench.clock=cpu}). */
    private static long now() {
        return CPU_CLOCK ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Warms up, then times single runs for a few seconds (at least {@link #MIN_RUNS}); the median. */
    private static double medianMillis(Run run) throws Exception {
        long warmUpEnd = System.nanoTime() + WARM_UP_NANOS;
        while (System.nanoTime() < warmUpEnd) {
            run.run();
        }
        double[] times = new double[1024];
        int n = 0;
        long end = System.nanoTime() + TIMED_NANOS;
        while ((System.nanoTime() < end || n < MIN_RUNS) && n < times.length) {
            long start = now();
            run.run();
            times[n++] = (now() - start) / 1e6;
        }
        Arrays.sort(times, 0, n);
        return n % 2 == 1 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
    }

    /**
     * One LSTM node, X [T, 1, D] → Y_h [1, 1, H], with W [1, 4H, D], R [1, 4H, H] and B [1, 8H] as
     * initializers (weights uniform in ±1/√H, so the gates are not saturated), opset 14.
     */
    static byte[] onnxModel(int d, int h) {
        Random rnd = new Random(1);
        float scale = (float) (1 / Math.sqrt(h));
        return new OnnxModelBuilder(14)
                .input("X", T, 1, d)
                .initializer("W", OnnxModelBuilder.random(rnd, 4 * h * d, scale), 1, 4L * h, d)
                .initializer("R", OnnxModelBuilder.random(rnd, 4 * h * h, scale), 1, 4L * h, h)
                .initializer("B", OnnxModelBuilder.random(rnd, 8 * h, scale), 1, 8L * h)
                .node("LSTM", "lstm", List.of("X", "W", "R", "B"), List.of("", "Y_h"),
                        OnnxModelBuilder.attr("hidden_size", h))
                .output("Y_h", 1, 1, h)
                .build();
    }
}
