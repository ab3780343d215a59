package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.Layer;
import java.util.List;

/**
 * A tensor on the dynamic path from the sequence input: the layers that produced it so far, and what
 * each of its axes means. {@code features} is the size of the feature vector that the IR sees (for a
 * bidirectional LSTM output with a separate direction axis, 2H although the FEATURE axis holds H).
 */
record Flow(LayerChain layers, List<Ax> axes, int features, Part part) implements Value {

    /**
     * One direction of a bidirectional layer's output, cut out by a Slice or Gather of its DIRECTION
     * axis: direction {@code index} of {@code count}. Such a flow may only be reshaped (Squeeze,
     * Unsqueeze, Transpose) until a Concat puts all directions back together in order, as exporters
     * write Keras' concatenating Bidirectional wrapper; no layer consumes it.
     */
    record Part(int index, int count) {
    }

    /** What an axis of a dynamic tensor means. */
    enum Role {
        TIME,
        /** The time axis after selecting only the last step (size 1). */
        LAST_TIME,
        BATCH,
        FEATURE,
        DIRECTION,
        UNIT
    }

    /**
     * One axis: its role and its size ({@link Constant#UNKNOWN}, the one marker of a run-time dimension
     * in shapes and in shape values alike, for a run-time sequence length).
     */
    record Ax(Role role, long dim) {

        /** Whether the axis may be dropped or added without changing the data's meaning. */
        boolean trivial() {
            return dim == 1 && role != Role.FEATURE && role != Role.TIME;
        }

        @Override
        public String toString() {
            return role + (dim == Constant.UNKNOWN ? "(?)" : "(" + dim + ")");
        }
    }

    Flow {
        axes = List.copyOf(axes);
    }

    /** A whole tensor (not a direction part). */
    Flow(LayerChain layers, List<Ax> axes, int features) {
        this(layers, axes, features, null);
    }

    Flow withAxes(List<Ax> newAxes) {
        return new Flow(layers, newAxes, features, part);
    }

    /** This flow with {@code layer} after it; only a whole tensor feeds a layer. */
    Flow plus(Layer layer, List<Ax> newAxes) {
        if (part != null) {
            throw new IllegalStateException("a direction part feeds no layer");
        }
        return new Flow(layers.plus(layer), newAxes, layer.outputSize());
    }

    int rank() {
        return axes.size();
    }

    int indexOf(Role role) {
        for (int i = 0; i < axes.size(); i++) {
            if (axes.get(i).role() == role) {
                return i;
            }
        }
        return -1;
    }

    long[] dims() {
        long[] d = new long[axes.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = axes.get(i).dim();
        }
        return d;
    }

    Layer lastLayer() {
        return layers.last();
    }
}
