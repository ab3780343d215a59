package io.github.lstmhdl.fidelity;

import static io.github.lstmhdl.testing.OnnxModelBuilder.attr;
import static io.github.lstmhdl.testing.OnnxModelBuilder.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.ir.LayerNormLayer;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random ONNX models with a layer normalization over the features, written as exporters do
 * (ReduceMean, Sub, Pow or Mul, ReduceMean, Add of epsilon in either order, Sqrt, Div, then maybe Mul
 * by a scale and Add of an offset) or as the opset-17 LayerNormalization op, on the network input
 * after a per-step dense layer (batch-first, as PyTorch's Linear) or after an LSTM; each through the
 * whole product and compared with onnxruntime. Each case must import as exactly one layer
 * normalization (the chain recognised as a whole).
 */
class RandomLayerNormFidelityTest {
    private static final int CASES = 24;
    private static final ErrorSummary SUMMARY = new ErrorSummary(RandomLayerNormFidelityTest.class);

    static Stream<GeneratedCase> cases() {
        return IntStream.range(0, CASES).mapToObj(RandomLayerNormFidelityTest::generate);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void simulatedImageMatchesOnnxRuntime(GeneratedCase c) throws Exception {
        c.assertMatchesOnnxRuntime(SUMMARY, 3f, network -> assertEquals(1,
                network.layers().stream().filter(l -> l instanceof LayerNormLayer).count(), c + ": " + network.layers()));
    }

    @Test
    void theCasesCoverTheSpace() {
        String all = String.join("\n", cases().map(GeneratedCase::description).toList());
        for (String expected : List.of("LayerNormalization", "Pow", "Mul(d,d)", "eps-first", "scale", "offset",
                "bare", "after LSTM", "batch-first")) {
            assertTrue(all.contains(expected), "no case has " + expected + ":\n" + all);
        }
    }

    @AfterAll
    static void report() {
        SUMMARY.report();
    }

    static GeneratedCase generate(int index) {
        Random r = new Random(0x1A7E4L + index);
        boolean opset17 = index % 4 == 3;
        long opset = opset17 ? 17 : new long[] {9, 11, 13}[r.nextInt(3)];
        OnnxModelBuilder b = new OnnxModelBuilder(opset).irVersion(8);
        ExporterGlue glue = new ExporterGlue(b, opset);
        int t = 1 + r.nextInt(10);
        int d = 1 + r.nextInt(12);
        int f = 2 + r.nextInt(30);
        boolean afterLstm = index % 3 == 1;
        StringBuilder desc = new StringBuilder("case " + index + ": opset " + opset + " T=" + t + " D=" + d);
        String x;
        long[] shape;
        if (afterLstm) {
            b.input("X", t, 1, d);
            shape = new long[] {t, 1, d};
            b.randomLstm(r, "lstm", "X", d, f, "forward", 0.6f, true, false, false, 1, List.of("Y"));
            x = glue.glue("Y", 1);
            desc.append(" after LSTM(").append(f).append(')');
        } else {
            // PyTorch's batch-first per-step MLP: the LSTM after it reads the axes through a Transpose
            b.input("X", 1, t, d);
            shape = new long[] {1, t, d};
            x = glue.dense(r, "X", d, f);
            desc.append(" batch-first dense(").append(f).append(')');
        }
        String y = opset17 ? layerNormalization(b, glue, r, x, f, desc) : decomposed(b, glue, r, x, f, desc);
        String out;
        if (afterLstm) {
            out = glue.dense(r, y, f, 3);
            b.output(out, t, 1, 3);
        } else {
            String tr = glue.fresh("tm");
            b.node("Transpose", null, List.of(y), List.of(tr), ints("perm", 1, 0, 2));
            b.randomLstm(r, "lstm", tr, f, 5, "forward", 0.6f, true, false, false, 1, List.of("Y"));
            out = glue.glue("Y", 1);
            b.output(out, t, 1, 5);
        }
        return new GeneratedCase(desc.toString(), b.build(), shape, out, t);
    }

    private static String layerNormalization(OnnxModelBuilder b, ExporterGlue glue, Random r, String x, int f,
            StringBuilder desc) {
        String scale = glue.fresh("scale");
        String offset = glue.fresh("offset");
        b.initializer(scale, OnnxModelBuilder.random(r, f, 1.5f), f);
        b.initializer(offset, OnnxModelBuilder.random(r, f, 1f), f);
        String out = glue.fresh("ln");
        float eps = r.nextBoolean() ? 1e-5f : 1e-3f;
        b.node("LayerNormalization", null, List.of(x, scale, offset), List.of(out), attr("axis", -1L),
                attr("epsilon", eps));
        desc.append(" LayerNormalization(eps=").append(eps).append(')');
        return out;
    }

    private static String decomposed(OnnxModelBuilder b, ExporterGlue glue, Random r, String x, int f,
            StringBuilder desc) {
        String mean = glue.fresh("mean");
        b.node("ReduceMean", null, List.of(x), List.of(mean), ints("axes", -1));
        String centred = glue.fresh("d");
        b.node("Sub", null, List.of(x, mean), List.of(centred));
        String squared = glue.fresh("sq");
        if (r.nextBoolean()) {
            String two = glue.fresh("two");
            b.initializer(two, new float[] {2f});
            b.node("Pow", null, List.of(centred, two), List.of(squared));
            desc.append(" Pow");
        } else {
            b.node("Mul", null, List.of(centred, centred), List.of(squared));
            desc.append(" Mul(d,d)");
        }
        String variance = glue.fresh("var");
        b.node("ReduceMean", null, List.of(squared), List.of(variance), ints("axes", -1));
        String eps = glue.fresh("eps");
        b.initializer(eps, new float[] {r.nextBoolean() ? 1e-5f : 1e-12f});
        String plus = glue.fresh("ve");
        boolean epsFirst = r.nextBoolean();
        b.node("Add", null, epsFirst ? List.of(eps, variance) : List.of(variance, eps), List.of(plus));
        desc.append(epsFirst ? " eps-first" : "");
        String root = glue.fresh("root");
        b.node("Sqrt", null, List.of(plus), List.of(root));
        String y = glue.fresh("norm");
        b.node("Div", null, List.of(centred, root), List.of(y));
        int affine = r.nextInt(4);
        if (affine == 0) {
            desc.append(" bare");
            return y;
        }
        if (affine != 2) {
            String scale = glue.fresh("scale");
            b.initializer(scale, OnnxModelBuilder.random(r, f, 1.5f), f);
            String scaled = glue.fresh("scaled");
            b.node("Mul", null, r.nextBoolean() ? List.of(y, scale) : List.of(scale, y), List.of(scaled));
            y = scaled;
            desc.append(" scale");
        }
        if (affine != 1) {
            String offset = glue.fresh("offset");
            b.initializer(offset, OnnxModelBuilder.random(r, f, 1f), f);
            String shifted = glue.fresh("shifted");
            b.node("Add", null, List.of(y, offset), List.of(shifted));
            y = shifted;
            desc.append(" offset");
        }
        return y;
    }
}
