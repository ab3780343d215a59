package io.github.lstmhdl.sim;

import java.util.Arrays;
import java.util.Objects;

/**
 * A float32 tensor in a source model's layout (row-major), such as an ONNX input [T, N, D] or an output
 * Y [T, dirs, N, H]. Immutable: the arrays are copied in and out, so call {@link #data()} once and keep
 * the result rather than indexing it in a loop.
 *
 * <p>It is the simulator's own value, not the compiler's {@link io.github.lstmhdl.ir.FloatTensor}: that
 * one shares the arrays it is given, so that a network's weights are held once, and belongs to the
 * compiler; this one copies them, because a host hands it over and keeps its arrays, and it goes with
 * the simulator into a runtime that has no compiler in it.
 *
 * @param shape the dimensions, each at least 0
 * @param data  the elements in row-major order; as many as the product of the dimensions
 */
public record Tensor(int[] shape, float[] data) {
    public Tensor {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        shape = shape.clone();
        long size = 1;
        for (int dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            size = Math.multiplyExact(size, dim);
        }
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size
                    + " elements, but the data has " + data.length);
        }
        data = data.clone();
    }

    /** The dimensions (a copy). */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The elements in row-major order (a copy). */
    @Override
    public float[] data() {
        return data.clone();
    }

    /** The number of elements. */
    public int size() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor other && Arrays.equals(shape, other.shape) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
