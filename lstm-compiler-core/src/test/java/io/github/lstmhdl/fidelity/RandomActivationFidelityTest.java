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
    private static final int CASES = 36;
    private static final ErrorSummary SUMMARY = new ErrorSummary(RandomActivationFidelityTest.class);
    private static final String[] OPS = {"Elu", "LeakyRelu", "PRelu", "Gelu", "GeluTanh", "GeluErf"};

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
        for (String expected : List.of("Elu(", "LeakyRelu(", "PRelu([F])", "PRelu([1])", "Gelu(none)", "Gelu(tanh)",
                "Div/Erf/Add/Mul/Mul", "Mul/Erf/Add/Mul/Mul", "input->")) {
            assertTrue(all.contains(expected), "no case has " + expected + ":\n" + all);
        }
    }

    @AfterAll
    static void report() {
        SUMMARY.report();
    }

    static GeneratedCase generate(int index) {
        Random r = new Random(0xAC7L + index);
        String first = OPS[index % OPS.length];
        String second = OPS[(index / OPS.length) % OPS.length];
        long opset = first.startsWith("Gelu") && !first.equals("GeluErf") || second.startsWith("Gelu")
                && !second.equals("GeluErf") ? 20 : new long[] {9, 13, 17}[r.nextInt(3)];
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
        x = activation(b, glue, r, x, features, first, desc);
        List<String> ys = List.of("Y", "Yh", "Yc");
        b.randomLstm(r, "lstm", x, features, h, "forward", 0.6f, true, false, false, n, ys);
        desc.append(" LSTM(H=").append(h).append(')');
        String seq = glue.glue("Y", 1);
        int k = 1 + r.nextInt(8);
        String out = activation(b, glue, r, glue.dense(r, seq, h, k), k, second, desc.append(" ->"));
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
            case "Gelu", "GeluTanh" -> {
                String mode = op.equals("Gelu") ? "none" : "tanh";
                b.node("Gelu", null, List.of(in), List.of(out), attr("approximate", mode));
                desc.append(" Gelu(").append(mode).append(')');
            }
            case "GeluErf" -> {
                // PyTorch's decomposition before opset 20, the scale as a Div by √2 or a Mul by 1/√2
                boolean divides = r.nextBoolean();
                String c = glue.fresh("c");
                b.initializer(c, new float[] {divides ? 1.4142135f : 0.70710677f});
                String scaled = glue.fresh("s");
                b.node(divides ? "Div" : "Mul", null, List.of(in, c), List.of(scaled));
                String erf = glue.fresh("erf");
                b.node("Erf", null, List.of(scaled), List.of(erf));
                String one = glue.fresh("one");
                b.initializer(one, new float[] {1f});
                String plus = glue.fresh("plus");
                b.node("Add", null, List.of(erf, one), List.of(plus));
                String times = glue.fresh("times");
                b.node("Mul", null, List.of(in, plus), List.of(times));
                String half = glue.fresh("half");
                b.initializer(half, new float[] {0.5f});
                b.node("Mul", null, List.of(times, half), List.of(out));
                desc.append(divides ? " Div" : " Mul").append("/Erf/Add/Mul/Mul");
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
