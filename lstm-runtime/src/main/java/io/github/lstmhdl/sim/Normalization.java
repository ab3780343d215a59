package io.github.lstmhdl.sim;

/**
 * The NORM instruction's layer normalization in float32, in the order docs/isa.md §3 gives: the mean
 * (a running sum from +0, divided by n), the population variance of the centred values (their squares
 * summed from +0, divided by n), the correctly rounded square root of variance + epsilon, then per
 * element ((x − mean) / root) · scale + offset, every operation one float32 rounding.
 */
final class Normalization {
    private Normalization() {
    }

    /**
     * dst[d + i] for i in [0, n) from src[s + i] and the parameters at p: scale[p + i], offset[p + n + i],
     * epsilon p[p + 2n]. Reads every source element before it writes dst, so the ranges may overlap.
     */
    static void layerNorm(float[] src, int s, float[] par, int p, float[] dst, int d, int n, float[] scratch) {
        if (n == 0) {
            return;
        }
        float count = n;
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += src[s + i];
        }
        float mean = sum / count;
        float squares = 0f;
        for (int i = 0; i < n; i++) {
            float centred = src[s + i] - mean;
            scratch[i] = centred;
            squares += centred * centred;
        }
        float variance = squares / count;
        float root = (float) Math.sqrt(variance + par[p + 2 * n]);
        for (int i = 0; i < n; i++) {
            scratch[n + i] = scratch[i] / root * par[p + i] + par[p + n + i];
        }
        System.arraycopy(scratch, n, dst, d, n);
    }
}
