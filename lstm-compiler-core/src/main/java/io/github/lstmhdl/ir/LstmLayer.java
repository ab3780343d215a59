package io.github.lstmhdl.ir;

import java.util.List;
import java.util.Objects;

/**
 * An LSTM layer: hidden size H, a direction, an output mode, and one {@link LstmDirection} of
 * parameters per direction (forward first for a bidirectional layer). A bidirectional layer's output
 * concatenates the forward and the backward hidden state: 2H features.
 */
public record LstmLayer(
        String name,
        String origin,
        Direction direction,
        OutputMode outputMode,
        List<LstmDirection> directions) implements RecurrentLayer {

    public LstmLayer {
        Network.requireName(name);
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(outputMode, "outputMode");
        if (direction == Direction.FORWARD && outputMode == OutputMode.LAST_STEP) {
            outputMode = OutputMode.LAST_STATE; // the same values: one spelling, so equal layers compare equal
        }
        directions = List.copyOf(directions);
        if (directions.size() != direction.count()) {
            throw new IllegalArgumentException(name + ": a " + direction + " layer needs " + direction.count()
                    + " parameter sets, not " + directions.size());
        }
        LstmDirection first = directions.get(0);
        for (LstmDirection d : directions) {
            if (d.hiddenSize() != first.hiddenSize() || d.inputSize() != first.inputSize()) {
                throw new IllegalArgumentException(name + ": both directions must have the same sizes");
            }
        }
    }

    /** The hidden size H of each direction. */
    public int hiddenSize() {
        return directions.get(0).hiddenSize();
    }

    @Override
    public int inputSize() {
        return directions.get(0).inputSize();
    }

    /** H per direction: 2H for a bidirectional layer. */
    @Override
    public int outputSize() {
        return hiddenSize() * direction.count();
    }

    /** The first direction's per-sequence state batch B, or 0 when every initial state is shared. */
    @Override
    public int stateBatch() {
        for (LstmDirection d : directions) {
            if (d.stateBatch() != 0) {
                return d.stateBatch();
            }
        }
        return 0;
    }

    /**
     * Per-sequence initial states [B, H] need a fixed input batch of B sequences, and a direction's
     * hidden and cell states must be given for the same B.
     */
    @Override
    public void requireStateBatch(int inputBatchSize) {
        for (LstmDirection d : directions) {
            int b = d.stateBatch();
            boolean mismatch = d.initialHidden().isPresent() && d.initialCell().isPresent()
                    && d.initialHidden().get().rank() == 2 && d.initialCell().get().rank() == 2
                    && d.initialHidden().get().dim(0) != d.initialCell().get().dim(0);
            if (b != 0 && (b != inputBatchSize || mismatch)) {
                throw new IllegalArgumentException("layer '" + name + "' has initial states for " + b
                        + " sequences, but " + (inputBatchSize == SequenceInput.DYNAMIC
                        ? "the input's batch size is dynamic; per-sequence initial states need a fixed batch"
                        : mismatch ? "its initial hidden and cell states are given for different numbers of sequences"
                        : "the input's batch size is " + inputBatchSize));
            }
        }
    }

    @Override
    public String typeName() {
        return direction == Direction.BIDIRECTIONAL ? "BiLSTM" : "LSTM";
    }

    @Override
    public String description() {
        return typeName() + " with " + hiddenSize() + " hidden units"
                + (direction == Direction.REVERSE ? ", reverse" : "")
                + (outputMode == OutputMode.SEQUENCE ? "" : ", output " + outputMode.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String namePrefix() {
        return "lstm";
    }

    @Override
    public LstmLayer withName(String newName) {
        return new LstmLayer(newName, origin, direction, outputMode, directions);
    }

    @Override
    public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
        return cases.lstm(this);
    }

    @Override
    public LstmLayer withOutputMode(OutputMode mode) {
        return new LstmLayer(name, origin, direction, mode, directions);
    }
}
