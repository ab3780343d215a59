package io.github.lstmhdl.npy;

import io.github.lstmhdl.ir.FloatTensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * The contents of a {@code .npy} file as float32: its shape (empty for a 0-d array) and its elements in
 * row-major (C) order. The arrays are shared, not copied, so that large weights are held once; the
 * record compares and hashes by content.
 *
 * @param shape the dimensions, outermost first; {@code []} for a scalar
 * @param data  the elements, row-major; its length is the product of the dimensions
 */
public record NpyArray(int[] shape, float[] data) {

    public NpyArray {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        if (Npy.elementCount(shape) != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold "
                    + data.length + " elements");
        }
    }

    /** This array as a tensor of the network model; the data array is handed over, not copied. */
    public FloatTensor toTensor() {
        return FloatTensor.of(data, shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray a && Arrays.equals(shape, a.shape) && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NpyArray" + Arrays.toString(shape);
    }
}
