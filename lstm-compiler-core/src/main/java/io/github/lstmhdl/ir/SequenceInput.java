package io.github.lstmhdl.ir;

import io.github.lstmhdl.layout.Axis;
import java.util.List;
import java.util.Objects;

/**
 * The network's sequence input: feature size D, the sequence length (0 when the source model leaves it
 * dynamic), the batch size that the source model declares (0 when dynamic; each sequence of a batch
 * runs in turn), and the meaning of each axis of the source tensor, such as [TIME, BATCH, FEATURE]
 * for ONNX's default layout or [TIME, FEATURE] for the native JSON format.
 */
public record SequenceInput(String name, int featureSize, int sequenceLength, int batchSize, List<Axis> axes) {

    /** A dynamic (run-time) sequence length or batch size. */
    public static final int DYNAMIC = 0;

    public SequenceInput {
        Objects.requireNonNull(name, "name");
        Network.requirePositive(featureSize, "input feature size");
        if (sequenceLength < 0 || batchSize < 0) {
            throw new IllegalArgumentException("sequence length and batch size must not be negative");
        }
        axes = List.copyOf(axes);
        if (!axes.contains(Axis.TIME) || !axes.contains(Axis.FEATURE)) {
            throw new IllegalArgumentException("input axes " + axes + " must include TIME and FEATURE");
        }
    }

    /** Whether the source model fixes the sequence length. */
    public boolean hasFixedLength() {
        return sequenceLength != DYNAMIC;
    }
}
