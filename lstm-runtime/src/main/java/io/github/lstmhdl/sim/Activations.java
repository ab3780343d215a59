package io.github.lstmhdl.sim;

import io.github.lstmhdl.isa.ActivationCode;

/**
 * The processor's activation functions and softmax. Sigmoid and tanh come from {@link Float32Math}
 * (plain double arithmetic, bit-identical on every JVM, rounded once to float32); softmax evaluates exp
 * and log in double with {@link StrictMath} (it runs once per output vector, so speed does not matter).
 */
final class Activations {
    private Activations() {
    }

    static float relu(float x) {
        return x < 0f ? 0f : x;
    }

    /**
     * dst[d + i] = act(src[s + i]) for i in [0, n). For {@link ActivationCode#LSTM_GATES} element i is
     * row {@code firstRow + i} of a fused gate block of {@code gateRows} rows per gate (i, f, g, o):
     * tanh on gate 2, sigmoid on the others. The caller has checked that every row is below 4 × gateRows.
     * Reads src[s + i] before writing dst[d + i], so src and dst may be the same range. {@code work} is a
     * scratch buffer of any length ≥ 1 (longer is faster).
     */
    static void apply(ActivationCode act, int gateRows, float[] src, int s, float[] dst, int d, int n, int firstRow,
            double[] work) {
        switch (act) {
            case NONE -> {
                if (src != dst || s != d) {
                    System.arraycopy(src, s, dst, d, n);
                }
            }
            case SIGMOID -> Float32Math.sigmoid(src, s, dst, d, n, work);
            case TANH -> Float32Math.tanh(src, s, dst, d, n, work);
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    dst[d + i] = relu(src[s + i]);
                }
            }
            case LSTM_GATES -> {
                int i = 0;
                while (i < n) {
                    int row = firstRow + i;
                    int gate = row / gateRows;
                    int end = Math.min(n, (gate + 1) * gateRows - firstRow);
                    if (gate == 2) {
                        Float32Math.tanh(src, s + i, dst, d + i, end - i, work);
                    } else {
                        Float32Math.sigmoid(src, s + i, dst, d + i, end - i, work);
                    }
                    i = end;
                }
            }
            case GELU -> {
                for (int i = 0; i < n; i++) {
                    dst[d + i] = Float32Math.gelu(src[s + i]);
                }
            }
            case GELU_TANH -> {
                for (int i = 0; i < n; i++) {
                    dst[d + i] = Float32Math.geluTanh(src[s + i]);
                }
            }
            case ELU, PRELU -> throw new IllegalArgumentException(act + " needs its parameters");
        }
    }

    /**
     * dst[d + i] = act(src[s + i], param[p + i]) for i in [0, n), for a {@linkplain
     * ActivationCode#parameterized() parameterized} activation: ELU (param = alpha) or PReLU (param =
     * the slope: x &lt; 0 ? x · slope : x, one float32 product; −0.0 and NaN pass unchanged). Reads
     * both sources before writing dst[d + i].
     */
    static void applyParameterized(ActivationCode act, float[] src, int s, float[] param, int p, float[] dst, int d,
            int n) {
        if (act == ActivationCode.ELU) {
            for (int i = 0; i < n; i++) {
                dst[d + i] = Float32Math.elu(src[s + i], param[p + i]);
            }
        } else if (act == ActivationCode.PRELU) {
            for (int i = 0; i < n; i++) {
                float x = src[s + i];
                dst[d + i] = x < 0f ? x * param[p + i] : x;
            }
        } else {
            throw new IllegalArgumentException(act + " takes no parameters");
        }
    }

    /**
     * Numerically stable softmax (or log-softmax) of src[s, s+n) into dst[d, d+n): the maximum is
     * subtracted, exponentials are summed in double, each result is rounded once to float32. Reads
     * src[s + i] before writing dst[d + i].
     */
    static void softmax(float[] src, int s, float[] dst, int d, int n, boolean log) {
        if (n == 0) {
            return;
        }
        float max = src[s];
        for (int i = 1; i < n; i++) {
            max = Math.max(max, src[s + i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += StrictMath.exp((double) src[s + i] - max);
        }
        if (log) {
            double logSum = StrictMath.log(sum);
            for (int i = 0; i < n; i++) {
                dst[d + i] = (float) ((double) src[s + i] - max - logSum);
            }
        } else {
            for (int i = 0; i < n; i++) {
                dst[d + i] = (float) (StrictMath.exp((double) src[s + i] - max) / sum);
            }
        }
    }
}
