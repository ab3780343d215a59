package io.github.lstmhdl.testing;

/**
 * An independent float64 implementation of the ONNX {@code GRU} operator (opsets 7 to 22, default
 * activations sigmoid and tanh, layout 0), straight from the operator's equations, for the GRU issue's
 * fidelity tests; it shares no code with the compiler. Gate order in W, R and B is z, r, h:
 *
 * <pre>
 * z_t = σ(W_z x_t + R_z h_{t-1} + Wb_z + Rb_z)
 * r_t = σ(W_r x_t + R_r h_{t-1} + Wb_r + Rb_r)
 * h~  = tanh(W_h x_t + R_h (r_t ⊙ h_{t-1}) + Rb_h + Wb_h)        linear_before_reset = 0
 * h~  = tanh(W_h x_t + r_t ⊙ (R_h h_{t-1} + Rb_h) + Wb_h)        linear_before_reset = 1
 * h_t = (1 − z_t) ⊙ h~ + z_t ⊙ h_{t-1}
 * </pre>
 */
public final class ReferenceGru {
    private ReferenceGru() {
    }

    /**
     * The operator's outputs.
     *
     * @param y      Y, [T][dirs][N][H]
     * @param yLast  Y_h, [dirs][N][H]
     */
    public record Result(double[][][][] y, double[][][] yLast) {
    }

    /**
     * Runs the operator.
     *
     * @param x                 X, [T][N][D]
     * @param w                 W, [dirs][3H][D]
     * @param r                 R, [dirs][3H][H]
     * @param b                 B, [dirs][6H] (Wb then Rb), or null for zeros
     * @param initialH          initial_h, [dirs][N][H], or null for zeros
     * @param direction         "forward", "reverse" or "bidirectional"
     * @param linearBeforeReset the attribute linear_before_reset (0 or 1)
     */
    public static Result run(float[][][] x, float[][][] w, float[][][] r, float[][] b, float[][][] initialH,
            String direction, int linearBeforeReset) {
        int steps = x.length;
        int batch = steps == 0 ? 0 : x[0].length;
        int dirs = w.length;
        int h = r[0][0].length;
        double[][][][] y = new double[steps][dirs][batch][h];
        double[][][] last = new double[dirs][batch][h];
        for (int d = 0; d < dirs; d++) {
            boolean backward = direction.equals("reverse") || d == 1;
            for (int n = 0; n < batch; n++) {
                double[] state = new double[h];
                for (int j = 0; j < h && initialH != null; j++) {
                    state[j] = initialH[d][n][j];
                }
                for (int s = 0; s < steps; s++) {
                    int t = backward ? steps - 1 - s : s;
                    state = step(x[t][n], state, w[d], r[d], b == null ? null : b[d], h, linearBeforeReset);
                    y[t][d][n] = state.clone();
                }
                last[d][n] = state;
            }
        }
        return new Result(y, last);
    }

    private static double[] step(float[] xt, double[] prev, float[][] w, float[][] r, float[] b, int h, int lbr) {
        double[] z = new double[h];
        double[] reset = new double[h];
        for (int j = 0; j < h; j++) {
            z[j] = sigmoid(dot(w[j], xt) + dot(r[j], prev) + bias(b, j) + bias(b, 3 * h + j));
            reset[j] = sigmoid(dot(w[h + j], xt) + dot(r[h + j], prev) + bias(b, h + j) + bias(b, 4 * h + j));
        }
        double[] resetState = new double[h];
        for (int k = 0; k < h; k++) {
            resetState[k] = reset[k] * prev[k];
        }
        double[] next = new double[h];
        for (int j = 0; j < h; j++) {
            double input = dot(w[2 * h + j], xt) + bias(b, 2 * h + j);
            double recurrent = lbr == 0
                    ? dot(r[2 * h + j], resetState) + bias(b, 5 * h + j)
                    : reset[j] * (dot(r[2 * h + j], prev) + bias(b, 5 * h + j));
            double candidate = Math.tanh(input + recurrent);
            next[j] = (1 - z[j]) * candidate + z[j] * prev[j];
        }
        return next;
    }

    private static double dot(float[] row, float[] v) {
        double sum = 0;
        for (int k = 0; k < v.length; k++) {
            sum += (double) row[k] * v[k];
        }
        return sum;
    }

    private static double dot(float[] row, double[] v) {
        double sum = 0;
        for (int k = 0; k < v.length; k++) {
            sum += row[k] * v[k];
        }
        return sum;
    }

    private static double bias(float[] b, int i) {
        return b == null ? 0 : b[i];
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
