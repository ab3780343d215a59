package io.github.lstmhdl.ir;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The checks and texts that every recurrent kind's record shares (an LSTM's and a GRU's constructor
 * validate their name, direction, output mode and parameter sets the same way, and describe
 * themselves in the same words), so that each kind states only what is its own.
 */
final class RecurrentLayers {
    private RecurrentLayers() {
    }

    /**
     * Checks the name and that nothing is null; returns the output mode in its one spelling (a forward
     * layer's last step is its last state, so equal layers compare equal).
     */
    static OutputMode checkedMode(String name, String origin, Direction direction, OutputMode outputMode) {
        Network.requireName(name);
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(outputMode, "outputMode");
        return direction == Direction.FORWARD && outputMode == OutputMode.LAST_STEP ? OutputMode.LAST_STATE
                : outputMode;
    }

    /** An immutable copy of the parameter sets: one per direction, all of the same sizes. */
    static <P extends RecurrentLayer.DirectionParameters> List<P> checkedDirections(String name, Direction direction,
            List<P> directions) {
        List<P> copy = List.copyOf(directions);
        if (copy.size() != direction.count()) {
            throw new IllegalArgumentException(name + ": a " + direction + " layer needs " + direction.count()
                    + " parameter sets, not " + copy.size());
        }
        P first = copy.get(0);
        for (P d : copy) {
            if (d.hiddenSize() != first.hiddenSize() || d.inputSize() != first.inputSize()) {
                throw new IllegalArgumentException(name + ": both directions must have the same sizes");
            }
        }
        return copy;
    }

    /**
     * Per-sequence initial states [B, H] need a fixed input batch of B sequences, and the states of one
     * direction must agree on B ({@code statesDisagree} says when they do not).
     */
    static <P extends RecurrentLayer.DirectionParameters> void requireStateBatch(String name, List<P> directions,
            int inputBatchSize, Predicate<P> statesDisagree) {
        for (P d : directions) {
            int b = d.stateBatch();
            boolean mismatch = statesDisagree.test(d);
            if (b != 0 && (b != inputBatchSize || mismatch)) {
                throw new IllegalArgumentException("layer '" + name + "' has initial states for " + b
                        + " sequences, but " + (inputBatchSize == SequenceInput.DYNAMIC
                        ? "the input's batch size is dynamic; per-sequence initial states need a fixed batch"
                        : mismatch ? "its initial hidden and cell states are given for different numbers of sequences"
                        : "the input's batch size is " + inputBatchSize));
            }
        }
    }

    /**
     * The layer table's description, as the toolbox words it ("GRU with 100 hidden units"), then
     * ", reverse" and the output mode when they are not the defaults.
     */
    static String description(RecurrentLayer layer) {
        return layer.typeName() + " with " + layer.hiddenSize() + " hidden units"
                + (layer.direction() == Direction.REVERSE ? ", reverse" : "")
                + (layer.outputMode() == OutputMode.SEQUENCE ? ""
                        : ", output " + layer.outputMode().name().toLowerCase(Locale.ROOT));
    }
}
