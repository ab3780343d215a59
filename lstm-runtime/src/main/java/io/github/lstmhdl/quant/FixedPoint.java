package io.github.lstmhdl.quant;

/**
 * The integer requantization primitives of integer-only inference, as gemmlowp and TensorFlow Lite
 * define them, so that a scale {@code s} (a real number) applied to an int32 accumulator becomes an
 * int32 multiplier {@code M} in [2^30, 2^31) and a shift: {@code x·s ≈ RoundingDivideByPOT(
 * SaturatingRoundingDoublingHighMul(x·2^left, M), right)}. Every operation is exact integer arithmetic
 * with the rounding stated, so an RTL implementation reproduces it bit for bit.
 */
public final class FixedPoint {
    private FixedPoint() {
    }

    /**
     * A real scale as multiplier and shift: {@code real ≈ multiplier · 2^(shift − 31)}.
     *
     * @param multiplier in [2^30, 2^31), or 0 for a zero scale
     * @param shift      the power of two: positive shifts left before the multiply, negative shifts
     *                   right (rounding) after it
     */
    public record Multiplier(int multiplier, int shift) {
        public Multiplier {
            if (multiplier != 0 && multiplier < (1 << 30)) {
                throw new IllegalArgumentException("multiplier " + multiplier + " is not normalized");
            }
            if (shift > 31 || shift < -62) {
                throw new IllegalArgumentException("shift " + shift + " is out of range");
            }
        }
    }

    /**
     * The multiplier and shift of a non-negative real scale, rounded to nearest (the mantissa from
     * {@link Math#getExponent} and a rounded 31-bit fraction, renormalized when rounding reaches 2^31).
     *
     * @throws IllegalArgumentException for a negative, infinite or NaN scale, or one beyond 2^31
     */
    public static Multiplier quantize(double real) {
        if (!(real >= 0) || Double.isInfinite(real)) {
            throw new IllegalArgumentException("a scale must be finite and non-negative, not " + real);
        }
        if (real == 0) {
            return new Multiplier(0, 0);
        }
        int exponent = Math.getExponent(real) + 1; // real = fraction · 2^exponent, fraction in [0.5, 1)
        double fraction = real / Math.scalb(1.0, exponent);
        long q = Math.round(fraction * (1L << 31));
        if (q == (1L << 31)) {
            q /= 2;
            exponent++;
        }
        if (exponent > 31) {
            throw new IllegalArgumentException("scale " + real + " is too large for an int32 multiplier");
        }
        if (exponent < -62) {
            return new Multiplier(0, 0); // below the smallest representable step: rounds to zero
        }
        return new Multiplier((int) q, exponent);
    }

    /**
     * {@code floor(a · b / 2^31 + 1/2)}: the product's high half, rounded to nearest with ties toward
     * +∞ (gemmlowp's nudge of 2^30, or 1 − 2^30 for a negative product, then a division that truncates),
     * saturated: the one overflow ({@code a = b = −2^31}) gives {@code 2^31 − 1}.
     */
    public static int saturatingRoundingDoublingHighMul(int a, int b) {
        if (a == Integer.MIN_VALUE && b == Integer.MIN_VALUE) {
            return Integer.MAX_VALUE;
        }
        long product = (long) a * b;
        long nudge = product >= 0 ? 1L << 30 : 1 - (1L << 30);
        return (int) ((product + nudge) / (1L << 31)); // division truncates toward zero
    }

    /** {@code x / 2^exponent} rounded to nearest, ties away from zero; {@code exponent} in [0, 31]. */
    public static int roundingDivideByPot(int x, int exponent) {
        if (exponent < 0 || exponent > 31) {
            throw new IllegalArgumentException("exponent " + exponent + " is out of [0, 31]");
        }
        if (exponent == 0) {
            return x;
        }
        long mask = (1L << exponent) - 1;
        long remainder = x & mask;
        long threshold = (mask >> 1) + (x < 0 ? 1 : 0);
        return (int) ((x >> exponent) + (remainder > threshold ? 1 : 0));
    }

    /**
     * {@code x · multiplier · 2^(shift − 31)} as TensorFlow Lite's MultiplyByQuantizedMultiplier computes
     * it: a left shift for a positive shift (saturated to int32 before the multiply, so a scale above 1
     * with a large {@code x} saturates early: the datapath's scales are below 1), the doubling high
     * multiply, then a rounding right shift for a negative shift.
     */
    public static int multiply(int x, Multiplier m) {
        int left = Math.max(m.shift(), 0);
        int right = Math.max(-m.shift(), 0);
        long shifted = (long) x << left;
        int saturated = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, shifted));
        int high = saturatingRoundingDoublingHighMul(saturated, m.multiplier());
        return right > 31 ? 0 : roundingDivideByPot(high, right);
    }

    /** {@code v} clamped to [{@code min}, {@code max}]. */
    public static int saturate(long v, int min, int max) {
        return (int) Math.max(min, Math.min(max, v));
    }
}
