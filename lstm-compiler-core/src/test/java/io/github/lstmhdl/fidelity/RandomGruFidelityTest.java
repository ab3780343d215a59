package io.github.lstmhdl.fidelity;

import static io.github.lstmhdl.testing.OnnxModelBuilder.attr;
import static io.github.lstmhdl.testing.OnnxModelBuilder.ints;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.onnx.OnnxImporter;
import io.github.lstmhdl.sim.Tensor;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import io.github.lstmhdl.testing.OrtRunner;
import io.github.lstmhdl.testing.ReferenceGru;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random ONNX models with GRU layers through the whole product (ONNX bytes → importer →
 * compiler → ELF bytes → image reader → simulator), compared with onnxruntime on the same random input
 * under the fidelity configurations ({@link Fidelity#configs}: gate fusion on and off). The models vary
 * linear_before_reset, the direction, D and H (1 to 300), T (1 to 200), the batch (1 to 3), the depth
 * (1 to 3 recurrent layers, GRUs mixed with LSTMs in both orders, with the exporters' glue between
 * them), the bias, the initial state (none, one constant for the batch, one per batch entry, or
 * PyTorch's zeros built at run time from Shape / ConstantOfShape / Slice), the input layout (time-major,
 * or batch-first with the exporter's Transposes) and the head (Y, Y_h, or the last step by Gather(-1)
 * on the time axis, batch-first as PyTorch's {@code out[:, -1, :]} exports it). onnxruntime rejects
 * layout=1 recurrent ops, so the layout=1 cases ({@link #layoutOneCases}) are compared with the float64
 * {@link ReferenceGru} instead. Two fixed large cases ({@link #largeCases()}: D = H = 300 over T = 200;
 * three stacked bidirectional layers of H = 128 over T = 100) run beside them. {@code
 * -Dfidelity.gru.cases=N} runs N random cases instead of 36.
 */
class RandomGruFidelityTest {
    private static final int CASES = Integer.getInteger("fidelity.gru.cases", 36);
    private static final long[] OPSETS = {11, 13, 14, 17, 22};
    private static final ErrorSummary SUMMARY = new ErrorSummary(RandomGruFidelityTest.class);

    /** A generated case: the model, its input and the output to compare. */
    record Case(String description, byte[] model, String input, long[] shape, String output, int timeSteps) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            all.add(Arguments.of(i, new Generator(new Random(0x62550000L + i), i).generate()));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "case {0}: {1}")
    @MethodSource("cases")
    void simulatedImageMatchesOnnxRuntime(int index, Case c) throws Exception {
        float[] x = OnnxModelBuilder.random(new Random(2000L + index), Fidelity.count(c.shape()), 1.5f);
        OrtRunner.Tensor ort = OrtRunner.run(c.model(), Map.of(c.input(), new OrtRunner.Tensor(x, c.shape())),
                c.output());
        Network network = OnnxImporter.read(c.model(), "gru" + index + ".onnx",
                ImportOptions.defaults().withOutput(c.output()));
        for (ProcessorConfig config : Fidelity.configs(c.timeSteps())) {
            Tensor sim = Fidelity.simulate(network, config, "gru" + index + ".onnx", c.shape(), x);
            SUMMARY.compare("case " + index + " (" + c + "), gateFusion=" + config.gateFusion(), ort.shape(),
                    ort.data(), sim);
        }
    }

    /**
     * Fixed large cases that the random sizes rarely reach together: one GRU with D = H = 300 over
     * T = 200 (linear_before_reset=1, PyTorch's form), and three stacked bidirectional GRUs of H = 128
     * over T = 100 with the exporters' glue (linear_before_reset=0).
     */
    static Stream<Arguments> largeCases() {
        return Stream.of(Arguments.of(1001, new Generator(new Random(0x6A26E1L), -1).stack(200, 300, "forward", 1,
                300)), Arguments.of(1002, new Generator(new Random(0x6A26E2L), -1).stack(100, 40, "bidirectional", 0,
                        128, 128, 128)));
    }

    @ParameterizedTest(name = "large case {0}: {1}")
    @MethodSource("largeCases")
    void largeImageMatchesOnnxRuntime(int index, Case c) throws Exception {
        simulatedImageMatchesOnnxRuntime(index, c);
    }

    /** The generator really covers what the class promises. */
    @Test
    void theCasesCoverTheSpace() {
        String all = String.join("\n", cases().map(a -> a.get()[1].toString()).toList());
        for (String expected : List.of("GRU(forward", "GRU(reverse", "GRU(bidirectional", "lbr=0", "lbr=1",
                "init", "per-seq", "zeros-from-shape", "no-bias", "[N,T,D]", "[T,N,D]", "T=1 ", "T=200 ",
                "head Y,", "head Y_H", "head GATHER", "LSTM(", "N=2", "N=3")) {
            assertTrue(all.contains(expected), "no case has " + expected + ":\n" + all);
        }
        assertTrue(all.matches("(?s).*GRU\\([^\\n]*LSTM\\(.*"), "no LSTM after a GRU:\n" + all);
        assertTrue(all.matches("(?s).*LSTM\\([^\\n]*GRU\\(.*"), "no GRU after an LSTM:\n" + all);
        assertTrue(all.matches("(?s).* H=(2[5-9]\\d|300)[ )].*"), "no H near 300");
        assertTrue(all.matches("(?s).* D=(2[5-9]\\d|300),.*"), "no D near 300");
    }

    /** Single GRUs with layout=1 (X [N, T, D]), against the float64 reference (onnxruntime rejects them). */
    static Stream<Arguments> layoutOneCases() {
        List<Arguments> all = new ArrayList<>();
        String[] dirs = {"forward", "reverse", "bidirectional"};
        for (int i = 0; i < 12; i++) {
            all.add(Arguments.of(i, dirs[i % 3], i / 3 % 2, i / 6 == 0 ? "Y" : "Y_h"));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "layout 1 case {0}: {1} lbr={2} {3}")
    @MethodSource("layoutOneCases")
    void layoutOneMatchesTheReference(int index, String direction, int lbr, String output) throws Exception {
        Random r = new Random(0x1A70L + index);
        int n = 1 + index % 3;
        int t = 1 + r.nextInt(30);
        int d = 1 + r.nextInt(20);
        int h = 1 + r.nextInt(20);
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        OnnxModelBuilder b = new OnnxModelBuilder(14).irVersion(8);
        b.input("X", n, t, d);
        float[] h0 = OnnxModelBuilder.random(r, n * dirs * h, 0.8f); // [N, dirs, H], per batch entry
        b.initializer("h0", h0, n, dirs, h);
        b.randomGru(r, "g", "X", d, h, direction, 0.5f, true, lbr, "h0", List.of("Y", "Y_h"), attr("layout", 1L));
        b.output(output, output.equals("Y") ? new Object[] {n, t, dirs, h} : new Object[] {n, dirs, h});
        byte[] model = b.build();
        float[] x = OnnxModelBuilder.random(new Random(3000L + index), n * t * d, 1.5f);
        // the reference is layout 0: X [T][N][D], weights from the model's initializers (same seed order)
        Random again = new Random(0x1A70L + index);
        again.nextInt(30);
        again.nextInt(20);
        again.nextInt(20);
        float[] h0Again = OnnxModelBuilder.random(again, n * dirs * h, 0.8f);
        float[] w = OnnxModelBuilder.random(again, dirs * 3 * h * d, 0.5f);
        float[] rw = OnnxModelBuilder.random(again, dirs * 3 * h * h, 0.5f);
        float[] bias = OnnxModelBuilder.random(again, dirs * 6 * h, 0.5f);
        float[][][] x3 = new float[t][n][d];
        float[][][] hInit = new float[dirs][n][h];
        for (int s = 0; s < t; s++) {
            for (int q = 0; q < n; q++) {
                System.arraycopy(x, (q * t + s) * d, x3[s][q], 0, d);
            }
        }
        for (int k = 0; k < dirs; k++) {
            for (int q = 0; q < n; q++) {
                System.arraycopy(h0Again, (q * dirs + k) * h, hInit[k][q], 0, h);
            }
        }
        ReferenceGru.Result ref = ReferenceGru.run(x3, blocks(w, dirs, 3 * h, d), blocks(rw, dirs, 3 * h, h),
                rows(bias, dirs, 6 * h), hInit, direction, lbr);
        float[] expected;
        long[] shape;
        if (output.equals("Y")) {
            expected = new float[n * t * dirs * h];
            for (int q = 0; q < n; q++) {
                for (int s = 0; s < t; s++) {
                    for (int k = 0; k < dirs; k++) {
                        for (int j = 0; j < h; j++) {
                            expected[((q * t + s) * dirs + k) * h + j] = (float) ref.y()[s][k][q][j];
                        }
                    }
                }
            }
            shape = new long[] {n, t, dirs, h};
        } else {
            expected = new float[n * dirs * h];
            for (int q = 0; q < n; q++) {
                for (int k = 0; k < dirs; k++) {
                    for (int j = 0; j < h; j++) {
                        expected[(q * dirs + k) * h + j] = (float) ref.yLast()[k][q][j];
                    }
                }
            }
            shape = new long[] {n, dirs, h};
        }
        Network network = OnnxImporter.read(model, "layout1_" + index + ".onnx",
                ImportOptions.defaults().withOutput(output));
        for (ProcessorConfig config : Fidelity.configs(t)) {
            Tensor sim = Fidelity.simulate(network, config, "layout1_" + index + ".onnx", new long[] {n, t, d}, x);
            SUMMARY.compare("layout 1 case " + index + ", gateFusion=" + config.gateFusion(), shape, expected, sim);
        }
    }

    private static float[][][] blocks(float[] flat, int dirs, int rows, int cols) {
        float[][][] out = new float[dirs][rows][cols];
        for (int k = 0; k < dirs; k++) {
            for (int i = 0; i < rows; i++) {
                System.arraycopy(flat, (k * rows + i) * cols, out[k][i], 0, cols);
            }
        }
        return out;
    }

    private static float[][] rows(float[] flat, int dirs, int cols) {
        float[][] out = new float[dirs][cols];
        for (int k = 0; k < dirs; k++) {
            System.arraycopy(flat, k * cols, out[k], 0, cols);
        }
        return out;
    }

    @AfterAll
    static void report() {
        SUMMARY.report();
    }

    /** Builds one random model. */
    private static final class Generator {
        private final Random r;
        private final int index;
        private final long opset;
        private final OnnxModelBuilder b;
        private final ExporterGlue exporter;

        Generator(Random r, int index) {
            this.r = r;
            this.index = index;
            this.opset = OPSETS[r.nextInt(OPSETS.length)];
            this.b = new OnnxModelBuilder(opset).irVersion(opset >= 21 ? 10 : 8);
            this.exporter = new ExporterGlue(b, opset);
        }

        /**
         * A fixed model: GRUs of the given hidden sizes (all in {@code direction}, with bias, no initial
         * state) stacked over X [T, 1, D], the exporters' glue between them; the output is the last Y.
         */
        Case stack(int t, int d, String direction, int lbr, int... hidden) {
            b.input("X", t, 1, d);
            StringBuilder desc = new StringBuilder("opset " + opset + ", [T,N,D] T=" + t + " N=1 D=" + d);
            int dirs = direction.equals("bidirectional") ? 2 : 1;
            String x = "X";
            int features = d;
            String y = null;
            for (int l = 0; l < hidden.length; l++) {
                y = "gru" + l + "_Y";
                float scale = (float) Math.min(0.8, 2.0 / Math.sqrt(features + hidden[l]));
                b.randomGru(r, "gru" + l, x, features, hidden[l], direction, scale, true, lbr, "", List.of(y));
                desc.append(", GRU(").append(direction).append(" H=").append(hidden[l]).append(" lbr=").append(lbr)
                        .append(')');
                features = dirs * hidden[l];
                if (l < hidden.length - 1) {
                    x = glue(y, dirs);
                }
            }
            desc.append(", head Y");
            b.output(y, t, dirs, 1, hidden[hidden.length - 1]);
            return new Case(desc.toString(), b.build(), "X", new long[] {t, 1, d}, y, t);
        }

        Case generate() {
            boolean big = index % 9 == 8;
            int d;
            int h;
            int t;
            int layers;
            if (big) {
                // cases 8 and 26: D near 300; 17: H near 300; 35: both
                d = index % 18 == 8 || index == 35 ? 250 + r.nextInt(51) : 1 + r.nextInt(40);
                h = index % 18 == 17 ? 250 + r.nextInt(51) : 1 + r.nextInt(40);
                t = 1 + r.nextInt(4);
                layers = 1 + r.nextInt(2);
            } else {
                d = 1 + r.nextInt(r.nextInt(4) == 0 ? 64 : 16);
                h = 1 + r.nextInt(r.nextInt(4) == 0 ? 64 : 16);
                t = index % 9 == 4 ? 100 + r.nextInt(101) : 1 + r.nextInt(40);
                layers = 1 + r.nextInt(3);
            }
            if (index == 0) {
                t = 1;
            } else if (index == 13) {
                t = 200;
            }
            int n = big || r.nextInt(10) < 6 ? 1 : 2 + r.nextInt(2);
            boolean batchFirst = r.nextInt(3) == 0;
            // an initial state per batch entry needs a declared batch; zeros from Shape work with any
            int[] init = new int[layers]; // 0 none, 1 constant, 2 per batch entry, 3 zeros from the input's shape
            boolean fixedBatch = false;
            for (int l = 0; l < layers; l++) {
                init[l] = r.nextInt(4);
                fixedBatch |= init[l] == 1 || init[l] == 2 && n > 1;
            }
            Object nDim = fixedBatch || r.nextBoolean() ? (Object) n : "batch";
            Object tDim = r.nextBoolean() ? (Object) t : "seq";
            long[] shape = batchFirst ? new long[] {n, t, d} : new long[] {t, n, d};
            StringBuilder desc = new StringBuilder("opset " + opset + ", " + (batchFirst ? "[N,T,D]" : "[T,N,D]")
                    + " T=" + t + " N=" + n + " D=" + d);
            String input = batchFirst ? "x" : "X";
            String x = exporter.input(batchFirst, nDim, tDim, d);
            String[] directions = {"forward", "reverse", "bidirectional"};
            int features = d;
            String y = null;
            String yh = null;
            int dirs = 1;
            for (int l = 0; l < layers; l++) {
                int hidden = l == 0 ? h : 1 + r.nextInt(big ? 32 : 24);
                String direction = directions[r.nextInt(3)];
                dirs = direction.equals("bidirectional") ? 2 : 1;
                boolean bias = r.nextInt(4) != 0;
                // the first layer of every third case with more than one is an LSTM, of every other one a GRU
                boolean lstm = layers > 1 && (l == 0 ? index % 3 == 1 : r.nextInt(3) == 0);
                String name = (lstm ? "lstm" : "gru") + l;
                y = name + "_Y";
                yh = name + "_Yh";
                float scale = (float) Math.min(0.8, 2.0 / Math.sqrt(features + hidden));
                if (lstm) {
                    b.randomLstm(r, name, x, features, hidden, direction, scale, bias, false, false, n,
                            List.of(y, yh, ""));
                    desc.append(", LSTM(").append(direction).append(" H=").append(hidden).append(')');
                } else {
                    int lbr = r.nextInt(2);
                    String h0 = initialState(init[l], input, batchFirst, dirs, n, hidden, name);
                    b.randomGru(r, name, x, features, hidden, direction, scale, bias, lbr, h0, List.of(y, yh));
                    desc.append(", GRU(").append(direction).append(" H=").append(hidden).append(" lbr=").append(lbr)
                            .append(bias ? "" : " no-bias").append(switch (init[l]) {
                                case 1 -> " init";
                                case 2 -> " per-seq";
                                case 3 -> " zeros-from-shape";
                                default -> "";
                            }).append(')');
                }
                features = dirs * hidden;
                if (l < layers - 1) {
                    x = glue(y, dirs);
                }
            }
            int head = index < 3 ? index : r.nextInt(3);
            String out;
            Object[] dims;
            switch (head) {
                case 0 -> {
                    desc.append(", head Y,");
                    out = y;
                    dims = new Object[] {"o0", "o1", "o2", "o3"};
                }
                case 1 -> {
                    desc.append(", head Y_H");
                    out = yh;
                    dims = new Object[] {"o0", "o1", "o2"};
                }
                default -> {
                    desc.append(", head GATHER");
                    String seq = glue(y, dirs);
                    String idx = fresh("last");
                    b.initializerLongs(idx, new long[] {-1});
                    out = fresh("gathered");
                    if (batchFirst) {
                        // PyTorch's out[:, -1, :] on the batch-first output
                        String back = fresh("batch_major");
                        b.node("Transpose", null, List.of(seq), List.of(back), ints("perm", 1, 0, 2));
                        b.node("Gather", null, List.of(back, idx), List.of(out), attr("axis", 1L));
                    } else {
                        b.node("Gather", null, List.of(seq, idx), List.of(out), attr("axis", 0L));
                    }
                    dims = new Object[] {"o0", "o1"};
                }
            }
            b.output(out, dims);
            return new Case(desc.toString(), b.build(), input, shape, out, t);
        }

        /** The initial_h value of a GRU layer: none, a constant, one per batch entry, or PyTorch's zeros. */
        private String initialState(int kind, String input, boolean batchFirst, int dirs, int n, int h,
                String name) {
            switch (kind) {
                case 1 -> {
                    b.initializer(name + "_h0", OnnxModelBuilder.perBatch(OnnxModelBuilder.random(r, dirs * h, 0.8f),
                            dirs, n, h), dirs, n, h);
                    return name + "_h0";
                }
                case 2 -> {
                    b.initializer(name + "_h0", OnnxModelBuilder.random(r, dirs * n * h, 0.8f), dirs, n, h);
                    return name + "_h0";
                }
                case 3 -> {
                    // zeros [2·dirs, N, H] from the input's batch size, sliced to this layer's [dirs, N, H]
                    String shp = fresh("shape");
                    b.node("Shape", null, List.of(input), List.of(shp));
                    String at = fresh("batch_axis");
                    b.initializerLongs(at, new long[] {batchFirst ? 0 : 1});
                    String nScalar = fresh("n");
                    b.node("Gather", null, List.of(shp, at), List.of(nScalar), attr("axis", 0L));
                    String n1 = fresh("n1");
                    if (opset >= 13) {
                        String axes = fresh("axes");
                        b.initializerLongs(axes, new long[] {0}, 1);
                        b.node("Unsqueeze", null, List.of(nScalar, axes), List.of(n1));
                    } else {
                        b.node("Unsqueeze", null, List.of(nScalar), List.of(n1), ints("axes", 0));
                    }
                    String lead = fresh("lead");
                    String tail = fresh("tail");
                    b.initializerLongs(lead, new long[] {2L * dirs}, 1);
                    b.initializerLongs(tail, new long[] {h}, 1);
                    String dims = fresh("dims");
                    b.node("Concat", null, List.of(lead, n1, tail), List.of(dims), attr("axis", 0L));
                    String zeros = fresh("zeros");
                    b.node("ConstantOfShape", null, List.of(dims), List.of(zeros), OnnxModelBuilder.tensor("value",
                            OnnxModelBuilder.floatTensor("", new float[] {0f}, 1)));
                    String s = fresh("starts");
                    String e = fresh("ends");
                    String a = fresh("axes");
                    b.initializerLongs(s, new long[] {dirs}, 1);
                    b.initializerLongs(e, new long[] {2L * dirs}, 1);
                    b.initializerLongs(a, new long[] {0}, 1);
                    String h0 = fresh("h0");
                    b.node("Slice", null, List.of(zeros, s, e, a), List.of(h0));
                    return h0;
                }
                default -> {
                    return "";
                }
            }
        }

        private String fresh(String base) {
            return exporter.fresh(base);
        }

        private String glue(String y, int dirs) {
            return exporter.glue(y, dirs);
        }
    }
}
