package io.github.lstmhdl.sim;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Times the simulator against onnxruntime (one intra-op and one inter-op thread) on the same one-layer
 * LSTM, T = 100, batch 1. The simulator runs {@link LstmProgram}'s hand-assembled program (one fused-gate
 * FC per step plus the elementwise ops); onnxruntime runs an ONNX model with one LSTM node holding the
 * same random weights (gates reordered from the processor's i, f, g, o to ONNX's i, o, f, c) and the same
 * initial h. Each side is warmed up, then timed run by run; the median is printed, with the speed ratio
 * and the largest |difference| between the simulator's last h and onnxruntime's Y_h (a correctness
 * check: it must stay ≤ 1e-5). Not a unit test; run it after
 * {@code ./mvnw -q -o -pl lstm-compiler-core test-compile dependency:build-classpath
 * -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test} with
 * <pre>
 * java -cp lstm-compiler-core/target/classes:lstm-compiler-core/target/test-classes:$(cat lstm-compiler-core/cp.txt) \
 *      io.github.lstmhdl.sim.SimulatorBenchmark [H ...]
 * </pre>
 * Hidden sizes default to 256 and 1024; the input size D equals H unless {@code -Dbench.inputSize=D}.
 */
public final class SimulatorBenchmark {
    private static final int T = 100;
    private static final long WARM_UP_NANOS = 2_000_000_000L;
    private static final long TIMED_NANOS = 3_000_000_000L;
    private static final int MIN_RUNS = 7;
    /** The processor's gate (i, f, g, o) behind each ONNX gate (i, o, f, c). */
    private static final int[] PROCESSOR_GATE = {0, 3, 1, 2};

    private SimulatorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {256, 1024} : new int[args.length];
        for (int i = 0; i < args.length; i++) {
            sizes[i] = Integer.parseInt(args[i]);
        }
        for (int h : sizes) {
            int d = Integer.getInteger("bench.inputSize", h);
            bench(d, h);
        }
    }

    private interface Run {
        float[] run() throws Exception;
    }

    private static void bench(int d, int h) throws Exception {
        LstmProgram lstm = new LstmProgram(d, h, T, false, false, false, 1);
        Simulator sim = Simulator.load(lstm.image.image(lstm.program));
        float[] x = new float[T * d];
        Random rnd = new Random(2);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        float[] simH = Arrays.copyOfRange(sim.predict(x, T), (T - 1) * h, T * h);
        double simMs = medianMillis(() -> sim.predict(x, T));

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            try (OrtSession session = env.createSession(onnxModel(lstm), options);
                    OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {T, 1, d})) {
                Run ort = () -> {
                    try (OrtSession.Result result = session.run(Map.of("X", input))) {
                        FloatBuffer y = ((OnnxTensor) result.get(0)).getFloatBuffer();
                        float[] values = new float[y.remaining()];
                        y.get(values);
                        return values;
                    }
                };
                float[] ortH = ort.run();
                double ortMs = medianMillis(ort);
                double maxDiff = 0;
                for (int i = 0; i < h; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(simH[i] - ortH[i]));
                }
                System.out.printf(Locale.ROOT, "LSTM D=%d H=%d T=%d batch 1: simulator %.3f ms/run (%.0f steps/s), "
                        + "onnxruntime %.3f ms/run, ratio sim/ort speed %.2f, max |diff| %.2e%s%n", d, h, T, simMs,
                        T * 1e3 / simMs, ortMs, ortMs / simMs, maxDiff, maxDiff <= 1e-5 ? "" : "  ** EXCEEDS 1e-5 **");
            }
        }
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
            long start = System.nanoTime();
            run.run();
            times[n++] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(times, 0, n);
        return n % 2 == 1 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
    }

    /**
     * ModelProto bytes of one LSTM node: X [T, 1, D] → Y_h [1, 1, H], with W [1, 4H, D], R [1, 4H, H],
     * B [1, 8H] (input biases, zero recurrent biases) and initial_h [1, 1, H] as initializers. Field
     * numbers from the ONNX spec (onnx.proto); IR version 8, opset 14.
     */
    static byte[] onnxModel(LstmProgram lstm) throws IOException {
        int d = lstm.d;
        int h = lstm.h;
        int cols = d + h;
        float[] w = new float[4 * h * d];
        float[] r = new float[4 * h * h];
        float[] b = new float[8 * h];
        for (int q = 0; q < 4; q++) {
            for (int j = 0; j < h; j++) {
                int row = PROCESSOR_GATE[q] * h + j;
                System.arraycopy(lstm.w, row * cols, w, (q * h + j) * d, d);
                System.arraycopy(lstm.w, row * cols + d, r, (q * h + j) * h, h);
                b[q * h + j] = lstm.bias[row];
            }
        }
        byte[] node = message(out -> {
            for (String in : new String[] {"X", "W", "R", "B", "", "initial_h"}) {
                out.writeString(1, in);
            }
            out.writeString(2, "");
            out.writeString(2, "Y_h");
            out.writeString(3, "lstm");
            out.writeString(4, "LSTM");
            out.writeByteArray(5, message(a -> {
                a.writeString(1, "hidden_size");
                a.writeInt64(3, h);
                a.writeEnum(20, 2); // AttributeType INT
            }));
        });
        byte[] graph = message(g -> {
            g.writeByteArray(1, node);
            g.writeString(2, "lstm_benchmark");
            g.writeByteArray(5, tensor("W", w, 1, 4 * h, d));
            g.writeByteArray(5, tensor("R", r, 1, 4 * h, h));
            g.writeByteArray(5, tensor("B", b, 1, 8 * h));
            g.writeByteArray(5, tensor("initial_h", lstm.h0, 1, 1, h));
            g.writeByteArray(11, valueInfo("X", T, 1, d));
            g.writeByteArray(12, valueInfo("Y_h", 1, 1, h));
        });
        return message(m -> {
            m.writeInt64(1, 8);
            m.writeString(2, "lstm-hdl SimulatorBenchmark");
            m.writeByteArray(7, graph);
            m.writeByteArray(8, message(o -> {
                o.writeString(1, "");
                o.writeInt64(2, 14);
            }));
        });
    }

    private static byte[] tensor(String name, float[] values, long... dims) throws IOException {
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return message(t -> {
            for (long dim : dims) {
                t.writeInt64(1, dim);
            }
            t.writeInt32(2, 1); // FLOAT
            t.writeString(8, name);
            t.writeBytes(9, ByteString.copyFrom(raw.array()));
        });
    }

    private static byte[] valueInfo(String name, long... dims) throws IOException {
        byte[] shape = message(s -> {
            for (long dim : dims) {
                s.writeByteArray(1, message(v -> v.writeInt64(1, dim)));
            }
        });
        byte[] tensorType = message(t -> {
            t.writeInt32(1, 1); // FLOAT
            t.writeByteArray(2, shape);
        });
        return message(v -> {
            v.writeString(1, name);
            v.writeByteArray(2, message(type -> type.writeByteArray(1, tensorType)));
        });
    }

    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Fields fields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        fields.write(out);
        out.flush();
        return bytes.toByteArray();
    }
}
