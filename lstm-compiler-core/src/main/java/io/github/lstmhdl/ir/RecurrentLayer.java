package io.github.lstmhdl.ir;

import java.util.List;

/**
 * A layer that walks the sequence with a state carried from step to step (an LSTM today, a GRU next).
 * What the rest of the compiler needs to know about such a layer, without knowing its kind: the
 * directions it runs, what it hands to the next layer, and the batch that its initial states are
 * given for. {@link Network} validates and answers network-level questions through this notion, so a
 * new recurrent kind needs no change there.
 */
public sealed interface RecurrentLayer extends Layer permits LstmLayer, GruLayer {

    /** What every recurrent kind's parameters of one direction tell: its sizes and its state batch. */
    interface DirectionParameters {
        /** The hidden size H. */
        int hiddenSize();

        /** The input size D. */
        int inputSize();

        /** B when the initial states are given per sequence ([B, H]), 0 when shared or absent. */
        int stateBatch();
    }

    /** The parameters of each direction, forward first. */
    List<? extends DirectionParameters> directions();

    /** The hidden size H of each direction. */
    default int hiddenSize() {
        return directions().get(0).hiddenSize();
    }

    @Override
    default int inputSize() {
        return directions().get(0).inputSize();
    }

    /** H per direction: 2H for a bidirectional layer. */
    @Override
    default int outputSize() {
        return hiddenSize() * direction().count();
    }

    /** The direction in which the layer walks the sequence; a bidirectional layer runs both. */
    Direction direction();

    /** What the layer hands to the next layer: every step's state or one final vector. */
    OutputMode outputMode();

    /**
     * The number of sequences B that per-sequence initial states [B, H] are given for, or 0 when every
     * initial state is shared by all sequences (or there is none): the first direction's that has one.
     */
    default int stateBatch() {
        for (DirectionParameters d : directions()) {
            if (d.stateBatch() != 0) {
                return d.stateBatch();
            }
        }
        return 0;
    }

    /**
     * Checks that the per-sequence initial states agree with each other and with the input's batch
     * size {@code inputBatchSize} ({@link SequenceInput#DYNAMIC} when dynamic).
     *
     * @throws IllegalArgumentException when they do not, saying which states and which batch
     */
    void requireStateBatch(int inputBatchSize);

    /**
     * The same layer handing another output to the next layer (an importer that sees the last time
     * step selected after the layer switches it to a last-step mode).
     */
    RecurrentLayer withOutputMode(OutputMode mode);

    /** Whether the kind has a cell state besides the hidden one (an LSTM; a GRU has only h). */
    boolean hasCellState();

    /** Whether direction {@code direction} has a constant initial state of {@code kind} (else zeros or a port). */
    boolean hasInitialState(int direction, StateKind kind);
}
