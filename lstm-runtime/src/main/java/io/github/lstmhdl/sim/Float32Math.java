package io.github.lstmhdl.sim;

/**
 * Sigmoid and tanh of float32 values, computed in plain double arithmetic (additions, multiplications,
 * one division, and exact power-of-two scaling through the exponent bits), so that every JVM on every
 * machine gives the same bits: Java's double arithmetic is IEEE 754 with round-to-nearest and never
 * fuses a multiply and an add. The double intermediate is accurate to about 1e-15 relative, then rounded
 * once to float32, so the results are within one float32 ulp of {@link StrictMath}'s (on 20 million
 * sampled inputs they were identical).
 *
 * <p>Why not {@link StrictMath#exp}/{@link StrictMath#tanh}: at 30–45 ns a call they cost more than the
 * FC kernel of an LSTM step once that was vectorized. Why the bulk methods go through a double work
 * buffer: HotSpot (17) compiles float↔double conversions to instructions that merge into their
 * destination register, which in a loop that converts, evaluates the exponential and converts back can
 * chain every iteration to the previous one (measured: 34 ns instead of 7 ns per element). Widening,
 * evaluating and narrowing in three separate loops keeps the long evaluation free of that chain.
 */
final class Float32Math {
    private static final double INV_LN2 = 1.4426950408889634;
    /** 1.5 · 2^52: adding and subtracting it rounds a double below 2^51 in magnitude to an integer. */
    private static final double ROUNDER = 6755399441055744.0;
    /** ln 2 = LN2_HI + LN2_LO: the high part has 32 significant bits, so k · LN2_HI is exact for |k| ≤ 2^20. */
    private static final double LN2_HI = Double.longBitsToDouble(0x3fe62e42fee00000L);
    private static final double LN2_LO = 1.9082149292705877e-10;
    private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);
    /** Beyond this |x|, float32 sigmoid is 0 or 1 (and e^|x| stays finite in double). */
    private static final double SIGMOID_LIMIT = 104;
    /** Beyond this |x|, float32 tanh is ±1. */
    private static final double TANH_LIMIT = 20;
    /** Below this 2|x|, tanh uses the series of e^y − 1 instead of e^y − 1 with its cancellation. */
    private static final double SMALL = 0.35;

    private static final double INV_SQRT2 = 0.7071067811865476;
    private static final double ERF_P = 0.3275911;
    private static final double ERF_A1 = 0.254829592;
    private static final double ERF_A2 = -0.284496736;
    private static final double ERF_A3 = 1.421413741;
    private static final double ERF_A4 = -1.453152027;
    private static final double ERF_A5 = 1.061405429;
    /** erf(u) is 1 in double from here on (and e^(−u²) stays inside the exponential's range). */
    private static final double ERF_LIMIT = 26;
    private static final double SQRT_2_OVER_PI = 0.7978845608028654;
    private static final double GELU_CUBIC = 0.044715;

    /** Below −EXP_LIMIT, ELU takes e^x − 1 as −1 (the exponential is specified for |y| ≤ 700). */
    private static final double EXP_LIMIT = 700;

    private Float32Math() {
    }

    /** One sigmoid (see {@link #sigmoid(double)}); for a handful of values, the bulk method otherwise. */
    static float sigmoid(float x) {
        return (float) sigmoid((double) x);
    }

    /** One tanh (see {@link #tanh(double)}). */
    static float tanh(float x) {
        return (float) tanh((double) x);
    }

    /**
     * dst[d + i] = sigmoid(src[s + i]) for i in [0, n), through {@code work} (any length ≥ 1). Reads
     * every source element of a chunk before writing its results, so src and dst may be the same range.
     */
    static void sigmoid(float[] src, int s, float[] dst, int d, int n, double[] work) {
        for (int done = 0; done < n; done += work.length) {
            int k = Math.min(work.length, n - done);
            widen(src, s + done, work, k);
            for (int i = 0; i < k; i++) {
                work[i] = sigmoid(work[i]);
            }
            narrow(work, dst, d + done, k);
        }
    }

    /** dst[d + i] = tanh(src[s + i]) for i in [0, n), like {@link #sigmoid(float[], int, float[], int, int, double[])}. */
    static void tanh(float[] src, int s, float[] dst, int d, int n, double[] work) {
        for (int done = 0; done < n; done += work.length) {
            int k = Math.min(work.length, n - done);
            widen(src, s + done, work, k);
            for (int i = 0; i < k; i++) {
                work[i] = tanh(work[i]);
            }
            narrow(work, dst, d + done, k);
        }
    }

    private static void widen(float[] src, int s, double[] work, int k) {
        for (int i = 0; i < k; i++) {
            work[i] = src[s + i];
        }
    }

    private static void narrow(double[] work, float[] dst, int d, int k) {
        for (int i = 0; i < k; i++) {
            dst[d + i] = (float) work[i];
        }
    }

    /**
     * 1 / (1 + e^−x) for x a float32 value, from e = e^−|x|: 1 / (1 + e) for x ≥ 0 and e / (1 + e) for
     * x &lt; 0, the numerator picked by the sign bit without a branch (an exponential whose argument
     * never changes sign also measured faster).
     */
    static double sigmoid(double x) {
        double a = Math.abs(x);
        if (!(a <= SIGMOID_LIMIT)) {
            return x != x ? x : x > 0 ? 1.0 : 0.0;
        }
        double e = exp(-a);
        long negative = Double.doubleToRawLongBits(x) >> 63;
        double numerator = Double.longBitsToDouble(Double.doubleToRawLongBits(e) & negative | ONE_BITS & ~negative);
        return numerator / (1.0 + e);
    }

    /** tanh x = sign(x) · m / (m + 2) with m = e^{2|x|} − 1, for x a float32 value. */
    static double tanh(double x) {
        double a = Math.abs(x);
        if (!(a <= TANH_LIMIT)) {
            return x != x ? x : Math.copySign(1.0, x);
        }
        double y = 2.0 * a;
        double m = y < SMALL ? expm1Small(y) : exp(y) - 1.0;
        return Math.copySign(m / (m + 2.0), x);
    }

    /**
     * e^y for |y| ≤ 700: y = k ln 2 + r with |r| ≤ ln 2 / 2, e^r by its Taylor series to r^12 (relative
     * error below 1e-15), times 2^k built from its exponent bits.
     */
    static double exp(double y) {
        double shifted = y * INV_LN2 + ROUNDER;
        long kBits = Double.doubleToRawLongBits(shifted);
        double k = shifted - ROUNDER;
        double r = (y - k * LN2_HI) - k * LN2_LO;
        double p = 1.0 / 479001600;
        p = p * r + 1.0 / 39916800;
        p = p * r + 1.0 / 3628800;
        p = p * r + 1.0 / 362880;
        p = p * r + 1.0 / 40320;
        p = p * r + 1.0 / 5040;
        p = p * r + 1.0 / 720;
        p = p * r + 1.0 / 120;
        p = p * r + 1.0 / 24;
        p = p * r + 1.0 / 6;
        p = p * r + 0.5;
        p = p * r + 1.0;
        p = p * r + 1.0;
        return p * Double.longBitsToDouble((long) ((int) kBits + 1023) << 52);
    }

    /**
     * ELU of a float32 x with the float32 parameter alpha: x itself for x ≥ 0 (−0.0 included) and for
     * NaN; below, alpha · (e^x − 1) in double, rounded once to float32, with e^x − 1 from the series for
     * x &gt; −0.35 (no cancellation), −1 below −700 and {@link #exp} − 1 between.
     */
    static float elu(float x, float alpha) {
        if (!(x < 0f)) {
            return x;
        }
        double y = x;
        double m = y > -SMALL ? expm1Small(y) : y < -EXP_LIMIT ? -1.0 : exp(y) - 1.0;
        return (float) (alpha * m);
    }

    /**
     * GELU of a float32 x: x/2 · (1 + erf(x / √2)) in double, rounded once to float32, with erf from
     * Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7): for u = |x| / √2, t = 1 / (1 + p·u),
     * erf(u) = 1 − t·(a1 + t·(a2 + t·(a3 + t·(a4 + t·a5)))) · e^(−u²) ({@link #exp}; 1 for u ≥ 26), odd in x.
     */
    static float gelu(float x) {
        double X = x;
        if (X != X) {
            return x;
        }
        double u = Math.abs(X) * INV_SQRT2;
        double t = 1.0 / (1.0 + ERF_P * u);
        double poly = t * (ERF_A1 + t * (ERF_A2 + t * (ERF_A3 + t * (ERF_A4 + t * ERF_A5))));
        double erf = u >= ERF_LIMIT ? 1.0 : 1.0 - poly * exp(-(u * u));
        return (float) (0.5 * X * (1.0 + (X < 0 ? -erf : erf)));
    }

    /** GELU's tanh form: x/2 · (1 + tanh(√(2/π) · (x + 0.044715 · x³))) in double with {@link #tanh(double)}. */
    static float geluTanh(float x) {
        double X = x;
        if (X != X) {
            return x;
        }
        double inner = SQRT_2_OVER_PI * (X + GELU_CUBIC * (X * X * X));
        return (float) (0.5 * X * (1.0 + tanh(inner)));
    }

    /** e^y − 1 for |y| &lt; 0.35 by its Taylor series to y^13 (relative error below 1e-15). */
    private static double expm1Small(double y) {
        double p = 1.0 / 6227020800L;
        p = p * y + 1.0 / 479001600;
        p = p * y + 1.0 / 39916800;
        p = p * y + 1.0 / 3628800;
        p = p * y + 1.0 / 362880;
        p = p * y + 1.0 / 40320;
        p = p * y + 1.0 / 5040;
        p = p * y + 1.0 / 720;
        p = p * y + 1.0 / 120;
        p = p * y + 1.0 / 24;
        p = p * y + 1.0 / 6;
        p = p * y + 0.5;
        p = p * y + 1.0;
        return p * y;
    }
}
