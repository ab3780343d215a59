package io.github.lstmhdl.ir;

import java.util.Arrays;
import java.util.List;
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
            Optional<FloatTensor> initialHidden) implements RecurrentLayer.DirectionParameters {

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

        @Override
        public int hiddenSize() {
            return inputWeights.dim(0) / 3;
        }

        @Override
        public int inputSize() {
            return inputWeights.dim(1);
        }

        @Override
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
        outputMode = RecurrentLayers.checkedMode(name, origin, direction, outputMode);
        if (outputMode == OutputMode.LAST_CELL) {
            throw new IllegalArgumentException(name + ": a GRU has no cell state to output");
        }
        directions = RecurrentLayers.checkedDirections(name, direction, directions);
    }

    /** Per-sequence initial states [B, H] need a fixed input batch of B sequences. */
    @Override
    public void requireStateBatch(int inputBatchSize) {
        RecurrentLayers.requireStateBatch(name, directions, inputBatchSize, d -> false);
    }

    @Override
    public String typeName() {
        return direction == Direction.BIDIRECTIONAL ? "BiGRU" : "GRU";
    }

    @Override
    public String description() {
        return RecurrentLayers.description(this);
    }

    @Override
    public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
        return cases.gru(this);
    }

    @Override
    public GruLayer withOutputMode(OutputMode mode) {
        return new GruLayer(name, origin, direction, mode, resetAfter, directions);
    }

    @Override
    public String namePrefix() {
        return "gru";
    }

    @Override
    public GruLayer withName(String newName) {
        return new GruLayer(newName, origin, direction, outputMode, resetAfter, directions);
    }

    @Override
    public boolean hasCellState() {
        return false;
    }

    @Override
    public boolean hasInitialState(int direction, StateKind kind) {
        return kind == StateKind.HIDDEN && directions.get(direction).initialHidden().isPresent();
    }
}
