package io.github.lstmhdl.sim;

/**
 * The int8 arithmetic of docs/isa.md §4a written again from the text, for tests: it calls nothing of the
 * simulator's kernels nor of {@code quant.FixedPoint} / {@code quant.Int16Activation}, and where the text
 * allows it computes the same numbers another way (the roundings by sign and shift instead of masks), so
 * agreement with the simulator's bits is evidence that both follow the text.
 */
final class Int8Reference {
    private Int8Reference() {
    }

    /** SRDHM: round(a · b / 2^31), ties toward +∞, and the one overflow saturated. */
    static int srdhm(int a, int b) {
        if (a == Integer.MIN_VALUE && b == Integer.MIN_VALUE) {
            return Integer.MAX_VALUE;
        }
        long p = (long) a * b;
        // the nudged quotient truncated toward zero, written as shifts of the magnitude
        return (int) (p >= 0 ? (p + (1L << 30)) >> 31 : -((-p + (1L << 30) - 1) >> 31));
    }

    /** RDBPOT: x / 2^e rounded to nearest, ties away from zero. */
    static int rdbpot(int x, int e) {
        if (e == 0) {
            return x;
        }
        long half = 1L << (e - 1);
        long v = x;
        return (int) (v >= 0 ? (v + half) >> e : -((-v + half) >> e));
    }

    static int sat(long v, long min, long max) {
        return (int) Math.max(min, Math.min(max, v));
    }

    /** MBQM(x, M, s). */
    static int mbqm(int x, int m, int s) {
        int left = Math.max(s, 0);
        int right = Math.max(-s, 0);
        int shifted = sat((long) x * (1L << left), Integer.MIN_VALUE, Integer.MAX_VALUE);
        return rdbpot(srdhm(shifted, m), right);
    }

    /** A table of §4a, built from its formula. */
    static int[] table(boolean tanh) {
        double h = 1.0 / 64;
        double scale = 524288.0; // 2^19
        double[] sag = new double[1024];
        for (int j = 0; j < 1024; j++) {
            double x = (j - 512) * h;
            sag[j] = ((f(tanh, x) + f(tanh, x + h)) / 2 - f(tanh, x + h / 2)) * scale;
        }
        int[] t = new int[1025];
        for (int i = 0; i <= 1024; i++) {
            double x = (i - 512) * h;
            double v = Math.floor(f(tanh, x) * scale - (sag[Math.max(i - 1, 0)] + sag[Math.min(i, 1023)]) / 4 + 0.5);
            t[i] = (int) Math.max(-524288, Math.min(524288 - 16, v));
        }
        return t;
    }

    private static double f(boolean tanh, double v) {
        return tanh ? StrictMath.tanh(v) : 1.0 / (1.0 + StrictMath.exp(-v));
    }

    static final int[] SIGMOID = table(false);
    static final int[] TANH = table(true);

    /** The interpolated table function of a Q3.12 input, giving Q0.15. */
    static int apply(int[] t, int q) {
        int u = q + 32768;
        int i = u / 64;
        int r = u % 64;
        long acc = t[i] * 64L + (long) (t[i + 1] - t[i]) * r;
        return sat(Math.floorDiv(acc + 512, 1024), -32768, 32767);
    }
}
