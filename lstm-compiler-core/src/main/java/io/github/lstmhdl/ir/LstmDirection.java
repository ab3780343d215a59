package io.github.lstmhdl.ir;

import java.util.Objects;
import java.util.Optional;

/**
 * The parameters of one direction of an LSTM layer, in canonical gate order i, f, g, o:
 * input weights [4H × D], recurrent weights [4H × H], bias [4H] (the sum of ONNX's Wb and Rb),
 * optional peepholes [3H] ordered i, f, o, and optional initial hidden and cell states (zero when
 * absent).
 *
 * <p>An initial state is either [H], shared by every sequence, or [B, H], one row per sequence of a
 * fixed batch of B sequences: sequence n of a batch (the processor runs them one after another) starts
 * from row n. B must be the network input's fixed batch size, which {@link Network} checks.
 */
public record LstmDirection(
        FloatTensor inputWeights,
        FloatTensor recurrentWeights,
        FloatTensor bias,
        Optional<FloatTensor> peepholes,
        Optional<FloatTensor> initialHidden,
        Optional<FloatTensor> initialCell) implements RecurrentLayer.DirectionParameters {

    public LstmDirection {
        Objects.requireNonNull(inputWeights, "inputWeights");
        Objects.requireNonNull(recurrentWeights, "recurrentWeights");
        Objects.requireNonNull(bias, "bias");
        Objects.requireNonNull(peepholes, "peepholes");
        Objects.requireNonNull(initialHidden, "initialHidden");
        Objects.requireNonNull(initialCell, "initialCell");
        if (inputWeights.rank() != 2 || inputWeights.dim(0) % 4 != 0 || inputWeights.dim(0) == 0
                || inputWeights.dim(1) < 1) {
            throw new IllegalArgumentException("input weights must be [4H x D], not " + inputWeights);
        }
        int h = inputWeights.dim(0) / 4;
        requireShape(recurrentWeights, "recurrent weights", 4 * h, h);
        requireShape(bias, "bias", 4 * h);
        peepholes.ifPresent(p -> requireShape(p, "peepholes", 3 * h));
        initialHidden.ifPresent(s -> requireState(s, "initial hidden state", h));
        initialCell.ifPresent(s -> requireState(s, "initial cell state", h));
    }

    /** Parameters without peepholes and with zero initial states. */
    public static LstmDirection of(FloatTensor inputWeights, FloatTensor recurrentWeights, FloatTensor bias) {
        return new LstmDirection(inputWeights, recurrentWeights, bias,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The hidden size H. */
    public int hiddenSize() {
        return inputWeights.dim(0) / 4;
    }

    /** The input size D. */
    public int inputSize() {
        return inputWeights.dim(1);
    }

    /**
     * The number of sequences B that the initial states are given for: B when a state is [B, H]
     * (per sequence), 0 when every state present is [H] (shared) or there is none.
     */
    public int stateBatch() {
        int b = 0;
        for (Optional<FloatTensor> s : java.util.List.of(initialHidden, initialCell)) {
            if (s.isPresent() && s.get().rank() == 2) {
                b = s.get().dim(0);
            }
        }
        return b;
    }

    private static void requireState(FloatTensor s, String what, int h) {
        if (s.rank() == 2 && s.dim(0) >= 1 && s.dim(1) == h) {
            return;
        }
        if (s.rank() != 1 || s.dim(0) != h) {
            throw new IllegalArgumentException(what + " must have shape [" + h + "] or [B, " + h + "], not "
                    + java.util.Arrays.toString(s.shape()));
        }
    }

    private static void requireShape(FloatTensor t, String what, int... shape) {
        if (!java.util.Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException(what + " must have shape " + java.util.Arrays.toString(shape)
                    + ", not " + java.util.Arrays.toString(t.shape()));
        }
    }
}
