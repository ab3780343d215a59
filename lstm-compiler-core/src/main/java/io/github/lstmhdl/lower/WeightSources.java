package io.github.lstmhdl.lower;

import io.github.lstmhdl.ir.FloatTensor;

/**
 * Weight sources that stream a network tensor into the FC weight region, padded to the rows that
 * the FC threads work on, without copying the tensor first.
 */
final class WeightSources {
    private WeightSources() {
    }

    /** A [rows × cols] matrix padded with zero rows to {@code paddedRows}. */
    static WeightSource matrix(FloatTensor m, int paddedRows) {
        return sink -> {
            int rows = m.dim(0);
            int cols = m.dim(1);
            float[] row = new float[cols];
            for (int r = 0; r < rows; r++) {
                m.copyTo(r * cols, row, 0, cols);
                sink.put(row, 0, cols);
            }
            sink.zeros((long) (paddedRows - rows) * cols);
        };
    }

    /** A vector padded with zeros to {@code length}. */
    static WeightSource vector(FloatTensor v, int length) {
        return sink -> {
            float[] a = new float[v.size()];
            v.copyTo(0, a, 0, a.length);
            sink.put(a, 0, a.length);
            sink.zeros(length - a.length);
        };
    }
}
