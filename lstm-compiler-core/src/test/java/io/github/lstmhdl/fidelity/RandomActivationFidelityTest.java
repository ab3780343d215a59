package io.github.lstmhdl.fidelity;

import static io.github.lstmhdl.testing.OnnxModelBuilder.attr;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.testing.OnnxModelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random ONNX models with the parameterized activations (Elu, LeakyRelu, PRelu with a per-feature
 * or a single slope), each through the whole product and compared with onnxruntime: an activation on
 * the network input itself or after a per-step MatMul + Add, an LSTM, and another activation after the
 * per-step head. Inputs are scaled to ±4 so that both branches of every function and ELU's whole
 * exponential range are hit.
 */
class RandomActivationFidelityTest {
    private static final int CASES = 24;
    private static final ErrorSummary SUMMARY = new ErrorSummary(RandomActivationFidelityTest.class);
    private static final String[] OPS = {"Elu", "LeakyRelu", "PRelu"};

    static Stream<GeneratedCase> cases() {
        return IntStream.range(0, CASES).mapToObj(RandomActivationFidelityTest::generate);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void simulatedImageMatchesOnnxRuntime(GeneratedCase c) throws Exception {
        c.assertMatchesOnnxRuntime(SUMMARY, 4f, network -> { });
    }

    /** Every op, both slope forms and the activation on the input itself occur among the cases. */
    @Test
    void theCasesCoverTheSpace() {
        String all = String.join("\n", cases().map(GeneratedCase::description).toList());
        for (String expected : List.of("Elu(", "LeakyRelu(", "PRelu([F])", "PRelu([1])", "input->")) {
            assertTrue(all.contains(expected), "no case has " + expected + ":\n" + all);
        }
    }

    @AfterAll
    static void report() {
        SUMMARY.report();
    }

    static GeneratedCase generate(int index) {
        Random r = new Random(0xAC7L + index);
        long opset = new long[] {9, 13, 17}[r.nextInt(3)];
        OnnxModelBuilder b = new OnnxModelBuilder(opset).irVersion(8);
        ExporterGlue glue = new ExporterGlue(b, opset);
        int t = 1 + r.nextInt(12);
        int n = 1 + r.nextInt(2);
        int d = 1 + r.nextInt(20);
        int h = 1 + r.nextInt(16);
        b.input("X", t, n, d);
        StringBuilder desc = new StringBuilder("case " + index + ": opset " + opset + " T=" + t + " N=" + n + " D=" + d);
        String x = "X";
        int features = d;
        if (index % 3 == 0) {
            desc.append(" input->");
        } else {
            features = 1 + r.nextInt(20);
            x = glue.dense(r, x, d, features);
            desc.append(" MatMul/Add(").append(features).append(")->");
        }
        x = activation(b, glue, r, x, features, OPS[index % 3], desc);
        List<String> ys = List.of("Y", "Yh", "Yc");
        b.randomLstm(r, "lstm", x, features, h, "forward", 0.6f, true, false, false, n, ys);
        desc.append(" LSTM(H=").append(h).append(')');
        String seq = glue.glue("Y", 1);
        int k = 1 + r.nextInt(8);
        String out = activation(b, glue, r, glue.dense(r, seq, h, k), k, OPS[(index / 3) % 3], desc.append(" ->"));
        b.output(out, t, n, k);
        return new GeneratedCase(desc.toString(), b.build(), new long[] {t, n, d}, out, t);
    }

    private static String activation(OnnxModelBuilder b, ExporterGlue glue, Random r, String in, int features, String op,
            StringBuilder desc) {
        String out = glue.fresh(op.toLowerCase());
        List<OnnxModelBuilder.Attr> attrs = new ArrayList<>();
        switch (op) {
            case "Elu", "LeakyRelu" -> {
                if (r.nextInt(3) > 0) {
                    float alpha = 0.05f + 2 * r.nextFloat();
                    attrs.add(attr("alpha", alpha));
                    desc.append(' ').append(op).append("(alpha=").append(alpha).append(')');
                } else {
                    desc.append(' ').append(op).append("(default)");
                }
                b.node(op, null, List.of(in), List.of(out), attrs.toArray(new OnnxModelBuilder.Attr[0]));
            }
            default -> {
                boolean perFeature = r.nextBoolean() || features == 1;
                String slope = glue.fresh("slope");
                int size = perFeature ? features : 1;
                b.initializer(slope, OnnxModelBuilder.random(r, size, 1.5f), size);
                desc.append(" PRelu(").append(perFeature ? "[F]" : "[1]").append(')');
                b.node("PRelu", null, List.of(in, slope), List.of(out));
            }
        }
        return out;
    }
}
