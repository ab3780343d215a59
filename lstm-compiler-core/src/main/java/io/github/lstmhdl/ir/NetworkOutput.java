package io.github.lstmhdl.ir;

import io.github.lstmhdl.layout.Axis;
import java.util.List;
import java.util.Objects;

/**
 * The network's output: its name in the source model and the meaning of each axis of the tensor that
 * the source model's runtime returns, such as [TIME, DIRECTION, BATCH, FEATURE] for ONNX's Y or
 * [BATCH, FEATURE] for a classifier head. It has a TIME axis exactly when the last layer produces a
 * sequence.
 */
public record NetworkOutput(String name, List<Axis> axes) {

    public NetworkOutput {
        Objects.requireNonNull(name, "name");
        axes = List.copyOf(axes);
        if (!axes.contains(Axis.FEATURE)) {
            throw new IllegalArgumentException("output axes " + axes + " must include FEATURE");
        }
    }
}
