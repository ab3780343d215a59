package io.github.lstmhdl.ir;

import io.github.lstmhdl.layout.Axis;
import java.util.List;
import java.util.Objects;

/**
 * A graph output beyond the main one that is the output of a layer before the last: what layer
 * {@code layer} hands to the next layer (such as a stack's first LSTM's Y beside the head's result), in
 * the layout {@code axes} as the source model's runtime returns it. It has a TIME axis exactly when that
 * layer's output is a sequence.
 *
 * @param name  the tensor's name in the source model
 * @param layer the layer's index in {@link Network#layers()}, before the last
 * @param axes  the meaning of each axis of the tensor (as {@link NetworkOutput#axes()})
 */
public record LayerOutput(String name, int layer, List<Axis> axes) {
    public LayerOutput {
        Objects.requireNonNull(name, "name");
        axes = List.copyOf(axes);
        if (!axes.contains(Axis.FEATURE)) {
            throw new IllegalArgumentException("output '" + name + "' axes " + axes + " must include FEATURE");
        }
    }
}
