package io.github.lstmhdl.quant;

import java.util.function.DoubleUnaryOperator;

/**
 * Sigmoid and tanh on 16-bit fixed point, as the int8 datapath's gate activations: the input is a gate
 * pre-activation in Q3.12 (an int16 {@code x} stands for {@code x / 2^12}, so [−8, 8)), the output is
 * Q0.15 (an int16 {@code y} stands for {@code y / 2^15}). The function is a table of 1025 values in
 * Q0.19 (20-bit signed: 4 fraction bits beyond the output's, so that only the result is rounded), one
 * per 1/64 of the input range, and the result is the linear interpolation between the two entries
 * around the input. The entries are computed at compile time (and shipped as data, so the hardware
 * needs no knowledge of how): {@code T[i] = round(f(x_i) · 2^19 − (s_{i−1} + s_i) / 4)} clamped to
 * [−2^19, 2^19 − 16], with {@code x_i = (i − 512) / 64} and {@code s_j} the sag of segment j in LSB (its
 * chord's middle minus f at its middle; {@code s_{−1} = s_0}, {@code s_1024 = s_1023}), which halves the
 * interpolation error, as TensorFlow Lite's int16 tables do. At run time:
 *
 * <pre>
 * u = x + 32768            (0 .. 65535)
 * i = u >> 6,  r = u & 63
 * a = T[i] · 64 + (T[i+1] − T[i]) · r            (exact: 27 bits)
 * y = clamp((a + 2^9) >> 10, −2^15, 2^15 − 1)      (arithmetic shift: rounds half toward +∞)
 * </pre>
 *
 * The table is what a hardware block stores (a ROM of 1025 × 20 bits); the interpolation is one
 * multiply and one add. {@link #maxErrorLsb()} reports how far this is from the exact function: measured:
 * 513 plain int16 samples left tanh (8 output LSB per input LSB at 0) 3.8 LSB off, 1025 plain samples
 * 1.55, with the sag correction 1.31, with the 4 extra table bits below 1.
 */
public final class Int16Activation {

    /** The input's fraction bits (Q3.12). */
    public static final int INPUT_FRACTION_BITS = 12;
    /** The output's fraction bits (Q0.15). */
    public static final int OUTPUT_FRACTION_BITS = 15;
    /** Fraction bits the table keeps beyond the output's, so that only the final result is rounded. */
    public static final int TABLE_EXTRA_BITS = 4;
    /** The input steps of one table segment, as a power of two. */
    public static final int SEGMENT_BITS = 6;
    /** The entries of a table: 1024 segments of 64 input steps, and the end point. */
    public static final int TABLE_SIZE = (1 << (16 - SEGMENT_BITS)) + 1;

    /** The logistic function 1 / (1 + e^−x). */
    public static final Int16Activation SIGMOID = new Int16Activation("sigmoid", v -> 1 / (1 + StrictMath.exp(-v)));
    /** The hyperbolic tangent. */
    public static final Int16Activation TANH = new Int16Activation("tanh", StrictMath::tanh);

    private final String name;
    private final DoubleUnaryOperator function;
    private final int[] table = new int[TABLE_SIZE];

    private Int16Activation(String name, DoubleUnaryOperator function) {
        this.name = name;
        this.function = function;
        double scale = 1 << (OUTPUT_FRACTION_BITS + TABLE_EXTRA_BITS);
        double step = 1.0 / (1 << (INPUT_FRACTION_BITS - SEGMENT_BITS));
        double[] sag = new double[TABLE_SIZE - 1]; // chord minus curve at each segment's middle, in LSB
        for (int i = 0; i < TABLE_SIZE - 1; i++) {
            double x = (i - (TABLE_SIZE - 1) / 2) * step;
            double chord = (function.applyAsDouble(x) + function.applyAsDouble(x + step)) / 2;
            sag[i] = (chord - function.applyAsDouble(x + step / 2)) * scale;
        }
        for (int i = 0; i < TABLE_SIZE; i++) {
            double x = (i - (TABLE_SIZE - 1) / 2) * step;
            // half the sag of the segments it ends, taken off: the chord then errs by ± half the sag
            double bias = (sag[Math.max(i - 1, 0)] + sag[Math.min(i, TABLE_SIZE - 2)]) / 4;
            table[i] = FixedPoint.saturate(Math.round(function.applyAsDouble(x) * scale - bias),
                    Short.MIN_VALUE << TABLE_EXTRA_BITS, Short.MAX_VALUE << TABLE_EXTRA_BITS);
        }
    }

    /** The function's name. */
    public String name() {
        return name;
    }

    /** The table's entries in Q0.19, for the image (a copy). */
    public int[] table() {
        return table.clone();
    }

    /** f(x) for an input in Q3.12; the output is Q0.15. */
    public short apply(short x) {
        int u = x + 32768;
        int i = u >> SEGMENT_BITS;
        int r = u & ((1 << SEGMENT_BITS) - 1);
        long acc = ((long) table[i] << SEGMENT_BITS) + (long) (table[i + 1] - table[i]) * r;
        int shift = SEGMENT_BITS + TABLE_EXTRA_BITS;
        return (short) FixedPoint.saturate((acc + (1L << (shift - 1))) >> shift, Short.MIN_VALUE, Short.MAX_VALUE);
    }

    /** The largest difference, in output LSBs, between {@link #apply} and the exact function over all inputs. */
    public double maxErrorLsb() {
        double worst = 0;
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
            double exact = function.applyAsDouble(x / (double) (1 << INPUT_FRACTION_BITS))
                    * (1 << OUTPUT_FRACTION_BITS);
            exact = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, exact));
            worst = Math.max(worst, Math.abs(apply((short) x) - exact));
        }
        return worst;
    }
}
