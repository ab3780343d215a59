package io.github.lstmhdl.ir;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A GRU layer: hidden size H, a direction, an output mode, the reset form, and one {@link Parameters}
 * set per direction (forward first for a bidirectional layer). A bidirectional layer's output
 * concatenates the forward and the backward hidden state: 2H features.
 *
 * <p>The cell, in the gate order z (update), r (reset), h (candidate) of ONNX, which this record keeps:
 *
 * <pre>
 * z   = σ(W_z x + R_z h + Wb_z + Rb_z)
 * r   = σ(W_r x + R_r h + Wb_r + Rb_r)
 * h~  = tanh(W_h x + R_h (r ⊙ h) + Rb_h + Wb_h)      resetAfter false (ONNX linear_before_reset=0)
 * h~  = tanh(W_h x + r ⊙ (R_h h + Rb_h) + Wb_h)      resetAfter true  (ONNX linear_before_reset=1)
 * h'  = (1 − z) ⊙ h~ + z ⊙ h
 * </pre>
 *
 * The input and recurrent biases stay apart because the second form needs Rb_h on its own; importers
 * map their conventions (MATLAB's reset, update, candidate order and ResetGateMode) onto these two
 * forms.
 *
 * @param resetAfter whether the reset gate multiplies the recurrent projection R_h h + Rb_h (true) or
 *                   the state before R_h (false)
 */
public record GruLayer(
        String name,
        String origin,
        Direction direction,
        OutputMode outputMode,
        boolean resetAfter,
        List<Parameters> directions) implements RecurrentLayer {

    /**
     * The parameters of one direction, gate blocks in the order z, r, h: input weights [3H × D],
     * recurrent weights [3H × H], input bias Wb [3H], recurrent bias Rb [3H], and an optional initial
     * hidden state, [H] shared by every sequence or [B, H] one row per sequence of a fixed batch
     * (zero when absent).
     */
    public record Parameters(
            FloatTensor inputWeights,
            FloatTensor recurrentWeights,
            FloatTensor inputBias,
            FloatTensor recurrentBias,
            Optional<FloatTensor> initialHidden) {

        public Parameters {
            Objects.requireNonNull(inputWeights, "inputWeights");
            Objects.requireNonNull(recurrentWeights, "recurrentWeights");
            Objects.requireNonNull(inputBias, "inputBias");
            Objects.requireNonNull(recurrentBias, "recurrentBias");
            Objects.requireNonNull(initialHidden, "initialHidden");
            if (inputWeights.rank() != 2 || inputWeights.dim(0) % 3 != 0 || inputWeights.dim(0) == 0
                    || inputWeights.dim(1) < 1) {
                throw new IllegalArgumentException("GRU input weights must be [3H x D], not " + inputWeights);
            }
            int h = inputWeights.dim(0) / 3;
            requireShape(recurrentWeights, "GRU recurrent weights", 3 * h, h);
            requireShape(inputBias, "GRU input bias", 3 * h);
            requireShape(recurrentBias, "GRU recurrent bias", 3 * h);
            initialHidden.ifPresent(s -> {
                boolean perSequence = s.rank() == 2 && s.dim(0) >= 1 && s.dim(1) == h;
                if (!perSequence && (s.rank() != 1 || s.dim(0) != h)) {
                    throw new IllegalArgumentException("GRU initial hidden state must have shape [" + h + "] or [B, "
                            + h + "], not " + Arrays.toString(s.shape()));
                }
            });
        }

        /** The hidden size H. */
        public int hiddenSize() {
            return inputWeights.dim(0) / 3;
        }

        /** The input size D. */
        public int inputSize() {
            return inputWeights.dim(1);
        }

        /** B for a per-sequence initial state [B, H], else 0. */
        public int stateBatch() {
            return initialHidden.filter(s -> s.rank() == 2).map(s -> s.dim(0)).orElse(0);
        }

        private static void requireShape(FloatTensor t, String what, int... shape) {
            if (!Arrays.equals(t.shape(), shape)) {
                throw new IllegalArgumentException(what + " must have shape " + Arrays.toString(shape) + ", not "
                        + Arrays.toString(t.shape()));
            }
        }
    }

    public GruLayer {
        Network.requireName(name);
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(outputMode, "outputMode");
        if (outputMode == OutputMode.LAST_CELL) {
            throw new IllegalArgumentException(name + ": a GRU has no cell state to output");
        }
        if (direction == Direction.FORWARD && outputMode == OutputMode.LAST_STEP) {
            outputMode = OutputMode.LAST_STATE; // the same values: one spelling, so equal layers compare equal
        }
        directions = List.copyOf(directions);
        if (directions.size() != direction.count()) {
            throw new IllegalArgumentException(name + ": a " + direction + " layer needs " + direction.count()
                    + " parameter sets, not " + directions.size());
        }
        Parameters first = directions.get(0);
        for (Parameters d : directions) {
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
        for (Parameters d : directions) {
            if (d.stateBatch() != 0) {
                return d.stateBatch();
            }
        }
        return 0;
    }

    /** Per-sequence initial states [B, H] need a fixed input batch of B sequences. */
    @Override
    public void requireStateBatch(int inputBatchSize) {
        for (Parameters d : directions) {
            int b = d.stateBatch();
            if (b != 0 && b != inputBatchSize) {
                throw new IllegalArgumentException("layer '" + name + "' has initial states for " + b
                        + " sequences, but " + (inputBatchSize == SequenceInput.DYNAMIC
                        ? "the input's batch size is dynamic; per-sequence initial states need a fixed batch"
                        : "the input's batch size is " + inputBatchSize));
            }
        }
    }

    @Override
    public String typeName() {
        return direction == Direction.BIDIRECTIONAL ? "BiGRU" : "GRU";
    }

    @Override
    public String description() {
        return typeName() + " with " + hiddenSize() + " hidden units"
                + (direction == Direction.REVERSE ? ", reverse" : "")
                + (resetAfter ? ", reset after multiplication" : "")
                + (outputMode == OutputMode.SEQUENCE ? "" : ", output " + outputMode.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
        return cases.gru(this);
    }

    @Override
    public GruLayer withOutputMode(OutputMode mode) {
        return new GruLayer(name, origin, direction, mode, resetAfter, directions);
    }

    /** The same layer under another name (an importer's toolbox-style renaming). */
    public GruLayer withName(String newName) {
        return new GruLayer(newName, origin, direction, outputMode, resetAfter, directions);
    }
}
