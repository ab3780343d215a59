package io.github.lstmhdl.json;

import io.github.lstmhdl.ir.FloatTensor;
import java.io.IOException;
import java.util.List;

/** What a {@link LayerFormat} writing one layer uses: the weight files beside the network file. */
interface LayerWriting {

    /** Writes one tensor as {@code <layer>_<param>.npy} (made unique case-insensitively) and returns the file name. */
    String weightFile(String layer, String param, FloatTensor tensor) throws IOException;

    /** The tensors of every direction as one: the tensor itself for one direction, [dirs, ...] for more. */
    static FloatTensor stacked(List<FloatTensor> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int n = parts.get(0).size();
        float[] data = new float[n * parts.size()];
        for (int k = 0; k < parts.size(); k++) {
            parts.get(k).copyTo(0, data, k * n, n);
        }
        int[] inner = parts.get(0).shape();
        int[] shape = new int[inner.length + 1];
        shape[0] = parts.size();
        System.arraycopy(inner, 0, shape, 1, inner.length);
        return FloatTensor.of(data, shape);
    }
}
