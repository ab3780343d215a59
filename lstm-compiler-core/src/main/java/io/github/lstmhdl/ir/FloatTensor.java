package io.github.lstmhdl.ir;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable dense float32 tensor in row-major order. Weights are the bulk of a network, so a tensor
 * takes ownership of the array it is built from ({@link #of}) instead of copying it: the importers hand
 * over freshly decoded arrays and never touch them again.
 */
public final class FloatTensor {
    private final int[] shape;
    private final float[] data;

    private FloatTensor(int[] shape, float[] data) {
        this.shape = shape;
        this.data = data;
    }

    /**
     * Wraps {@code data} (taken over, not copied) with the given shape.
     *
     * @throws IllegalArgumentException when the element count does not match the shape
     */
    public static FloatTensor of(float[] data, int... shape) {
        Objects.requireNonNull(data, "data");
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            count = Sizes.times(count, d);
        }
        if (count != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " holds " + count + " elements, not " + data.length);
        }
        return new FloatTensor(shape.clone(), data);
    }

    /** A tensor of zeros. */
    public static FloatTensor zeros(int... shape) {
        return of(new float[Math.toIntExact(Sizes.product(shape))], shape);
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** The size of dimension {@code axis}. */
    public int dim(int axis) {
        return shape[axis];
    }

    /** The number of elements. */
    public int size() {
        return data.length;
    }

    /** The element at flat (row-major) index {@code i}. */
    public float get(int i) {
        return data[i];
    }

    /** The element at row {@code r}, column {@code c} of a rank-2 tensor. */
    public float get(int r, int c) {
        return data[r * shape[1] + c];
    }

    /** A copy of all elements. */
    public float[] toArray() {
        return data.clone();
    }

    /** Copies {@code length} elements from flat index {@code from} into {@code dst} at {@code dstPos}. */
    public void copyTo(int from, float[] dst, int dstPos, int length) {
        System.arraycopy(data, from, dst, dstPos, length);
    }

    /** A tensor with the same elements and another shape of the same size. */
    public FloatTensor reshape(int... newShape) {
        return of(data, newShape);
    }

    /** Index of the first NaN or infinite element, or -1 when every element is finite. */
    public int firstNonFinite() {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
