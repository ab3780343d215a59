package io.github.lstmhdl.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The GRU oracle agrees with onnxruntime on random GRU nodes (both {@code linear_before_reset} forms,
 * three directions, with and without bias and initial state), so that the GRU issue's fidelity tests
 * can rely on it for native networks as the LSTM tests rely on {@link ReferenceLstm}.
 */
class ReferenceGruTest {

    static List<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        int seed = 0;
        for (String direction : List.of("forward", "reverse", "bidirectional")) {
            for (int lbr = 0; lbr <= 1; lbr++) {
                for (boolean extras : new boolean[] {false, true}) {
                    all.add(Arguments.of(seed++, direction, lbr, extras));
                }
            }
        }
        return all;
    }

    @ParameterizedTest(name = "{1}, linear_before_reset={2}, bias and initial_h={3}")
    @MethodSource("cases")
    void agreesWithOnnxRuntime(int seed, String direction, int lbr, boolean extras) throws Exception {
        Random random = new Random(7000 + seed);
        int steps = 5;
        int batch = 2;
        int d = 3;
        int h = 4;
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        float[] w = OnnxModelBuilder.random(random, dirs * 3 * h * d, 0.8f);
        float[] r = OnnxModelBuilder.random(random, dirs * 3 * h * h, 0.8f);
        float[] b = OnnxModelBuilder.random(random, dirs * 6 * h, 0.5f);
        float[] h0 = OnnxModelBuilder.random(random, dirs * batch * h, 0.5f);
        float[] x = OnnxModelBuilder.random(random, steps * batch * d, 1.5f);
        OnnxModelBuilder model = new OnnxModelBuilder(14).input("X", steps, batch, d)
                .initializer("W", w, dirs, 3L * h, d).initializer("R", r, dirs, 3L * h, h);
        List<String> in = new ArrayList<>(List.of("X", "W", "R"));
        if (extras) {
            model.initializer("B", b, dirs, 6L * h).initializer("H0", h0, dirs, batch, h);
            in.addAll(List.of("B", "", "H0"));
        }
        model.node("GRU", "gru", in, List.of("Y", "Y_h"), OnnxModelBuilder.attr("hidden_size", (long) h),
                OnnxModelBuilder.attr("direction", direction), OnnxModelBuilder.attr("linear_before_reset", (long) lbr))
                .output("Y", steps, dirs, batch, h);
        OrtRunner.Tensor ort = OrtRunner.run(model.build(), Map.of("X", new OrtRunner.Tensor(x, new long[] {steps, batch,
                d})), "Y");
        assertArrayEquals(new long[] {steps, dirs, batch, h}, ort.shape());

        ReferenceGru.Result ref = ReferenceGru.run(reshape(x, steps, batch, d), reshape(w, dirs, 3 * h, d),
                reshape(r, dirs, 3 * h, h), extras ? reshape(b, dirs, 6 * h) : null,
                extras ? reshape(h0, dirs, batch, h) : null, direction, lbr);
        double largest = 0;
        int i = 0;
        for (int t = 0; t < steps; t++) {
            for (int k = 0; k < dirs; k++) {
                for (int n = 0; n < batch; n++) {
                    for (int j = 0; j < h; j++) {
                        largest = Math.max(largest, Math.abs(ort.data()[i++] - ref.y()[t][k][n][j]));
                    }
                }
            }
        }
        assertTrue(largest < 1e-5, "largest difference " + largest);
        int last = direction.equals("reverse") ? 0 : steps - 1;
        assertEquals(ref.y()[last][0][0][0], ref.yLast()[0][0][0], 0.0, "Y_h of the forward pass is its last step");
    }

    private static float[][] reshape(float[] v, int a, int b) {
        float[][] out = new float[a][b];
        for (int i = 0; i < a; i++) {
            System.arraycopy(v, i * b, out[i], 0, b);
        }
        return out;
    }

    private static float[][][] reshape(float[] v, int a, int b, int c) {
        float[][][] out = new float[a][b][c];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                System.arraycopy(v, (i * b + j) * c, out[i][j], 0, c);
            }
        }
        return out;
    }
}
