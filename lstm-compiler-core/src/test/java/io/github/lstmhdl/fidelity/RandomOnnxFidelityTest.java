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
 * Seeded random ONNX LSTM models, each through the whole product: ONNX bytes → {@link OnnxImporter}
 * → compiler → ELF bytes → image reader → simulator (which sees only the image), compared with
 * onnxruntime (single thread) on the same random input, with gate fusion on and off. The models vary
 * the sizes (D and H from 1 to 300), the direction, the depth (1 to 3 layers with the exporters' glue
 * between them), peepholes, initial states, the bias (sometimes omitted), the opset, the input layout
 * (time-major or batch-first with a Transpose), the head (none, Gemm, Gemm + Softmax, MatMul + Add on
 * every step, the last step via Y_h, Gather(-1) or Slice), T from 1 to 200 and the batch (1 to 3).
 * Three fixed large cases ({@link #largeCases()}: D = H = 300 over T = 200; three stacked layers of
 * H = 128 over T = 100) run beside them. The largest errors over all cases are printed and written to
 * target/fidelity-summary.txt. {@code -Dfidelity.cases=N} runs N cases instead of 40
 * (the first 40 are always the same), for a longer hunt.
 */
class RandomOnnxFidelityTest {
    private static final int CASES = Integer.getInteger("fidelity.cases", 40);
    private static final long[] OPSETS = {9, 11, 13, 14, 17, 22};
    private static final ErrorSummary SUMMARY = new ErrorSummary(RandomOnnxFidelityTest.class);

    /** How the model ends after its last LSTM. */
    enum Head {
        /** Y itself, [T, dirs, N, H]. */
        Y,
        /** Y_h itself, [dirs, N, H]. */
        Y_H,
        /** Y_c itself, [dirs, N, H]. */
        Y_C,
        /** Y_h flattened to [N, dirs·H], then maybe Gemm and Softmax. */
        Y_H_GEMM,
        /** Y glued to [T, N, F], Gather(-1) on time, then maybe Gemm and Softmax. */
        GATHER_GEMM,
        /** Y glued to [T, N, F], Slice of the last step, then maybe MatMul + Add. */
        SLICE_MATMUL,
        /** Y glued to [T, N, F], MatMul + Add on every step, then maybe Softmax or Tanh. */
        SEQUENCE_MATMUL
    }

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
            all.add(Arguments.of(i, generate(i)));
        }
        return all.stream();
    }

    /** Random case {@code index} (deterministic). */
    static Case generate(int index) {
        return new Generator(new Random(0x5EED0000L + index), index).generate();
    }

    /**
     * Fixed large cases that the random sizes rarely reach together: one layer with D = H = 300 over
     * T = 200, and three stacked layers of H = 128 over T = 100 (forward, and bidirectional with the
     * exporters' glue), each with gate fusion and the input projection on and off.
     */
    static Stream<Arguments> largeCases() {
        return Stream.of(
                Arguments.of(1001, Generator.atOpset(new Random(0x1A26E1L), 13).stack(200, 300, "forward", 300)),
                Arguments.of(1002, Generator.atOpset(new Random(0x1A26E2L), 17).stack(100, 64, "forward", 128, 128,
                        128)),
                Arguments.of(1003, Generator.atOpset(new Random(0x1A26E3L), 14).stack(100, 40, "bidirectional", 128, 128,
                        128)));
    }

    @ParameterizedTest(name = "case {0}: {1}")
    @MethodSource("cases")
    void simulatedImageMatchesOnnxRuntime(int index, Case c) throws Exception {
        assertMatchesOnnxRuntime(index, c);
    }

    @ParameterizedTest(name = "large case {0}: {1}")
    @MethodSource("largeCases")
    void largeImageMatchesOnnxRuntime(int index, Case c) throws Exception {
        assertMatchesOnnxRuntime(index, c);
    }

    private static void assertMatchesOnnxRuntime(int index, Case c) throws Exception {
        float[] x = OnnxModelBuilder.random(new Random(1000L + index), Fidelity.count(c.shape()), 1.5f);
        OrtRunner.Tensor ort = OrtRunner.run(c.model(), Map.of(c.input(), new OrtRunner.Tensor(x, c.shape())),
                c.output());
        Network network = OnnxImporter.read(c.model(), "random" + index + ".onnx",
                ImportOptions.defaults().withOutput(c.output()));
        for (ProcessorConfig config : Fidelity.configs(c.timeSteps())) {
            Tensor sim = Fidelity.simulate(network, config, "random" + index + ".onnx", c.shape(), x);
            String what = "case " + index + " (" + c + "), gateFusion=" + config.gateFusion()
                    + ", inputProjection=" + config.inputProjection();
            SUMMARY.compare(what, ort.shape(), ort.data(), sim);
        }
    }

    /** The generator really covers what the class promises (a change of seeds cannot silently narrow it). */
    @Test
    void theCasesCoverTheSpace() {
        List<String> descriptions = cases().map(a -> a.get()[1].toString()).toList();
        String all = String.join("\n", descriptions);
        for (String expected : List.of("LSTM(forward", "LSTM(reverse", "LSTM(bidirectional", " peep", " init",
                "no-bias", "[N,T,D]", "[T,N,D]", "T=1 ", "T=200 ", "+ Gemm", "+ Softmax", "+ MatMul/Add", "opset 9,",
                "opset 22,")) {
            assertTrue(all.contains(expected), "no case has " + expected + ":\n" + all);
        }
        for (Head head : Head.values()) {
            assertTrue(all.contains("head " + head + ",") || all.contains("head " + head + " ")
                    || descriptions.stream().anyMatch(d -> d.endsWith("head " + head)), "no case has head " + head);
        }
        assertTrue(descriptions.stream().anyMatch(d -> d.split("LSTM\\(").length == 4), "no 3-layer case");
        assertTrue(descriptions.stream().anyMatch(d -> d.matches(".*N=[23] .*")), "no batch 2 or 3");
        assertTrue(descriptions.stream().anyMatch(d -> d.matches(".* D=(2[5-9]\\d|300),.*")), "no D near 300");
        assertTrue(descriptions.stream().anyMatch(d -> d.matches(".* H=(2[5-9]\\d|300)[ )].*")), "no H near 300");
        assertTrue(descriptions.stream().anyMatch(d -> d.matches(".* D=1,.*")), "no D=1");
    }

    @AfterAll
    static void report() {
        SUMMARY.report();
    }

    /** Builds one random model. */
    private static final class Generator {
        private final Random r;
        private final int index;
        private final OnnxModelBuilder b;
        private final long opset;
        private final ExporterGlue exporter;

        Generator(Random r, int index) {
            this(r, index, OPSETS[r.nextInt(OPSETS.length)]);
        }

        /** A generator for the fixed cases ({@link #stack}) at one opset. */
        static Generator atOpset(Random r, long opset) {
            return new Generator(r, -1, opset);
        }

        private Generator(Random r, int index, long opset) {
            this.r = r;
            this.index = index;
            this.opset = opset;
            this.b = new OnnxModelBuilder(opset).irVersion(opset >= 21 ? 10 : 8);
            this.exporter = new ExporterGlue(b, opset);
        }

        /**
         * A fixed model: LSTMs of the given hidden sizes (all in {@code direction}, with bias, no
         * peepholes or initial states) stacked over X [T, 1, D] with a fixed T, the exporters' glue between
         * them; the output is the last one's Y [T, dirs, 1, H].
         */
        Case stack(int t, int d, String direction, int... hidden) {
            b.input("X", t, 1, d);
            StringBuilder desc = new StringBuilder("opset " + opset + ", [T,N,D] T=" + t + " N=1 D=" + d);
            int dirs = direction.equals("bidirectional") ? 2 : 1;
            String x = "X";
            int features = d;
            String y = null;
            for (int l = 0; l < hidden.length; l++) {
                y = "lstm" + l + "_Y";
                lstm("lstm" + l, x, features, hidden[l], direction, true, false, false, 1, List.of(y));
                desc.append(", LSTM(").append(direction).append(" H=").append(hidden[l]).append(')');
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
            boolean big = index % 10 == 9;
            boolean longSequence = index % 10 == 4;
            int d;
            int h;
            int layers;
            int t;
            if (big) {
                // cases 9 and 29: D near 300; 19: H near 300; 39: both
                d = index % 20 == 9 || index == 39 ? 250 + r.nextInt(51) : 1 + r.nextInt(40);
                h = index % 20 == 19 ? 250 + r.nextInt(51) : 1 + r.nextInt(40);
                layers = 1 + r.nextInt(2);
                t = 1 + r.nextInt(4);
            } else {
                d = 1 + r.nextInt(r.nextInt(4) == 0 ? 64 : 16);
                h = 1 + r.nextInt(r.nextInt(4) == 0 ? 64 : 16);
                layers = 1 + r.nextInt(3);
                t = longSequence ? 100 + r.nextInt(101) : 1 + r.nextInt(40);
            }
            if (index == 0) {
                t = 1;
            } else if (index == 14) {
                t = 200;
            }
            int n = big || r.nextInt(10) < 7 ? 1 : 2 + r.nextInt(2);
            boolean batchFirst = r.nextInt(4) == 0;
            Object tDim = r.nextBoolean() ? (Object) t : "seq";
            boolean[] inits = new boolean[layers];
            boolean anyInit = false;
            for (int l = 0; l < layers; l++) {
                inits[l] = r.nextInt(3) == 0;
                anyInit |= inits[l];
            }
            // constant initial states fix the batch size: a symbolic N would be a lie (onnxruntime
            // accepts only that N), so such models declare N
            Object nDim = (anyInit && n > 1) || r.nextBoolean() ? (Object) n : "batch";
            long[] shape = batchFirst ? new long[] {n, t, d} : new long[] {t, n, d};
            StringBuilder desc = new StringBuilder("opset " + opset + ", " + (batchFirst ? "[N,T,D]" : "[T,N,D]")
                    + " T=" + t + " N=" + n + " D=" + d);

            String x = exporter.input(batchFirst, nDim, tDim, d);
            String input = batchFirst ? "x" : "X";

            String[] directions = {"forward", "reverse", "bidirectional"};
            int features = d;
            String y = null;
            String yh = null;
            String yc = null;
            int dirs = 1;
            for (int l = 0; l < layers; l++) {
                int hidden = l == 0 ? h : (big ? 1 + r.nextInt(32) : 1 + r.nextInt(24));
                String direction = directions[r.nextInt(3)];
                dirs = direction.equals("bidirectional") ? 2 : 1;
                boolean bias = r.nextInt(4) != 0;
                boolean peep = r.nextBoolean();
                boolean init = inits[l];
                String name = "lstm" + l;
                y = name + "_Y";
                yh = name + "_Yh";
                yc = name + "_Yc";
                lstm(name, x, features, hidden, direction, bias, peep, init, n, List.of(y, yh, yc));
                desc.append(", LSTM(").append(direction).append(" H=").append(hidden).append(bias ? "" : " no-bias")
                        .append(peep ? " peep" : "").append(init ? " init" : "").append(')');
                features = dirs * hidden;
                if (l < layers - 1) {
                    x = glue(y, dirs);
                }
            }

            Head head = Head.values()[r.nextInt(Head.values().length)];
            desc.append(", head ").append(head);
            String out;
            int rank;
            switch (head) {
                case Y -> {
                    out = y;
                    rank = 4;
                }
                case Y_H -> {
                    out = yh;
                    rank = 3;
                }
                case Y_C -> {
                    out = yc;
                    rank = 3;
                }
                case Y_H_GEMM -> {
                    String flat = fresh("yh_flat");
                    if (dirs == 1) {
                        squeeze(yh, flat, 0);
                    } else {
                        String tr = fresh("yh_t");
                        b.node("Transpose", null, List.of(yh), List.of(tr), ints("perm", 1, 0, 2));
                        String shp = fresh("shape2");
                        b.initializerLongs(shp, new long[] {0, -1}, 2);
                        b.node("Reshape", null, List.of(tr, shp), List.of(flat));
                    }
                    out = gemmHead(flat, features, desc);
                    rank = 2;
                }
                case GATHER_GEMM -> {
                    String seq = glue(y, dirs);
                    String idx = fresh("last");
                    b.initializerLongs(idx, new long[] {-1});
                    String last = fresh("gathered");
                    b.node("Gather", null, List.of(seq, idx), List.of(last), attr("axis", 0L));
                    out = gemmHead(last, features, desc);
                    rank = 2;
                }
                case SLICE_MATMUL -> {
                    String seq = glue(y, dirs);
                    String last = fresh("sliced");
                    if (opset >= 10) {
                        String s = fresh("starts");
                        String e = fresh("ends");
                        String a = fresh("axes");
                        b.initializerLongs(s, new long[] {-1}, 1);
                        b.initializerLongs(e, new long[] {Long.MAX_VALUE}, 1);
                        b.initializerLongs(a, new long[] {0}, 1);
                        b.node("Slice", null, List.of(seq, s, e, a), List.of(last));
                    } else {
                        b.node("Slice", null, List.of(seq), List.of(last), ints("starts", -1), ints("ends", 1L << 40),
                                ints("axes", 0));
                    }
                    out = r.nextBoolean() ? matMulAdd(last, features, desc) : last;
                    rank = 3;
                }
                default -> {
                    String seq = glue(y, dirs);
                    out = matMulAdd(seq, features, desc);
                    switch (r.nextInt(3)) {
                        case 0 -> {
                            String sm = fresh("probs");
                            b.node("Softmax", null, List.of(out), List.of(sm), attr("axis", -1L));
                            out = sm;
                            desc.append(" + Softmax");
                        }
                        case 1 -> {
                            String th = fresh("tanh");
                            b.node("Tanh", null, List.of(out), List.of(th));
                            out = th;
                            desc.append(" + Tanh");
                        }
                        default -> { }
                    }
                    rank = 3;
                }
            }
            Object[] dims = new Object[rank];
            for (int i = 0; i < rank; i++) {
                dims[i] = "out" + i;
            }
            b.output(out, dims);
            return new Case(desc.toString(), b.build(), input, shape, out, t);
        }

        private String fresh(String base) {
            return exporter.fresh(base);
        }

        /** Weights in ±scale with scale ~ 1/sqrt(fan-in), so that large layers do not just saturate. */
        private float scale(int fanIn) {
            return (float) Math.min(0.8, 2.0 / Math.sqrt(fanIn));
        }

        private void lstm(String name, String x, int d, int h, String direction, boolean bias, boolean peep,
                boolean init, int batch, List<String> outputs) {
            b.randomLstm(r, name, x, d, h, direction, scale(d + h), bias, peep, init, batch, outputs);
        }

        private String glue(String y, int dirs) {
            return exporter.glue(y, dirs);
        }

        private void squeeze(String in, String out, long axis) {
            exporter.squeeze(in, out, axis);
        }

        /** Maybe a Gemm (either B orientation), maybe followed by Softmax. */
        private String gemmHead(String in, int features, StringBuilder desc) {
            if (r.nextInt(4) == 0) {
                return in;
            }
            int k = 1 + r.nextInt(10);
            boolean transB = r.nextBoolean();
            String w = fresh("gemm_w");
            String c = fresh("gemm_c");
            b.initializer(w, OnnxModelBuilder.random(r, k * features, scale(features)),
                    transB ? new long[] {k, features} : new long[] {features, k});
            b.initializer(c, OnnxModelBuilder.random(r, k, 0.5f), k);
            String out = fresh("logits");
            b.node("Gemm", null, List.of(in, w, c), List.of(out), attr("transB", transB ? 1L : 0L));
            desc.append(" + Gemm(K=").append(k).append(')');
            if (r.nextBoolean()) {
                String sm = fresh("probs");
                b.node("Softmax", null, List.of(out), List.of(sm));
                desc.append(" + Softmax");
                return sm;
            }
            return out;
        }

        /** MatMul by [F, K] then Add of [K]. */
        private String matMulAdd(String in, int features, StringBuilder desc) {
            int k = 1 + r.nextInt(10);
            String w = fresh("mm_w");
            String c = fresh("mm_b");
            b.initializer(w, OnnxModelBuilder.random(r, k * features, scale(features)), features, k);
            b.initializer(c, OnnxModelBuilder.random(r, k, 0.5f), k);
            String mm = fresh("mm");
            String out = fresh("dense");
            b.node("MatMul", null, List.of(in, w), List.of(mm));
            b.node("Add", null, List.of(mm, c), List.of(out));
            desc.append(" + MatMul/Add(K=").append(k).append(')');
            return out;
        }

        /** Repeats each direction's state vector for every batch entry. */
    }
}
