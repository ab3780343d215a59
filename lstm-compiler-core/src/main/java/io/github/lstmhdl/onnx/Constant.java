package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.Sizes;
import java.util.Arrays;

/**
 * A tensor whose value is known at import time: an initializer, a Constant node, a bound graph input
 * or a folded expression. Floating-point tensors keep float32 values; integer and boolean tensors keep
 * int64 values. An integer element may be {@link #UNKNOWN}: a dimension of the sequence input that is
 * only known at run time (a dynamic sequence length); consumers that need its value reject it.
 */
record Constant(int[] shape, float[] floats, long[] longs) implements Value {

    /** Marks a run-time dimension in the output of a folded Shape node. */
    static final long UNKNOWN = Long.MIN_VALUE + 7;

    static Constant ofFloats(float[] data, int... shape) {
        return new Constant(shape, data, null);
    }

    static Constant ofLongs(long[] data, int... shape) {
        return new Constant(shape, null, data);
    }

    boolean isFloat() {
        return floats != null;
    }

    int rank() {
        return shape.length;
    }

    int size() {
        return isFloat() ? floats.length : longs.length;
    }

    double doubleAt(int i) {
        return isFloat() ? floats[i] : longs[i];
    }

    long longAt(int i) {
        return isFloat() ? (long) floats[i] : longs[i];
    }

    /** The values as longs (floats truncated), for shapes, axes and indices. */
    long[] toLongs() {
        long[] out = new long[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = longAt(i);
        }
        return out;
    }

    boolean containsUnknown() {
        if (isFloat()) {
            return false;
        }
        for (long v : longs) {
            if (v == UNKNOWN) {
                return true;
            }
        }
        return false;
    }

    /** A tensor of the same element kind, with element {@code i} taken from flat index {@code source[i]}. */
    Constant gather(int[] source, int... newShape) {
        if (isFloat()) {
            float[] out = new float[source.length];
            for (int i = 0; i < source.length; i++) {
                out[i] = floats[source[i]];
            }
            return ofFloats(out, newShape);
        }
        long[] out = new long[source.length];
        for (int i = 0; i < source.length; i++) {
            out[i] = longs[source[i]];
        }
        return ofLongs(out, newShape);
    }

    Constant withShape(int... newShape) {
        return new Constant(newShape, floats, longs);
    }

    /** Row-major strides of a shape. */
    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** The element count of a shape, saturating at Long.MAX_VALUE rather than wrapping. */
    static long count(int[] shape) {
        return Sizes.product(shape);
    }

    @Override
    public String toString() {
        return (isFloat() ? "float" : "int") + Arrays.toString(shape);
    }
}
