package io.github.lstmhdl.ir;

import java.util.List;

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
        outputMode = RecurrentLayers.checkedMode(name, origin, direction, outputMode);
        directions = RecurrentLayers.checkedDirections(name, direction, directions);
    }

    /**
     * Per-sequence initial states [B, H] need a fixed input batch of B sequences, and a direction's
     * hidden and cell states must be given for the same B.
     */
    @Override
    public void requireStateBatch(int inputBatchSize) {
        RecurrentLayers.requireStateBatch(name, directions, inputBatchSize, d -> d.initialHidden().isPresent()
                && d.initialCell().isPresent() && d.initialHidden().get().rank() == 2
                && d.initialCell().get().rank() == 2 && d.initialHidden().get().dim(0) != d.initialCell().get().dim(0));
    }

    @Override
    public String typeName() {
        return direction == Direction.BIDIRECTIONAL ? "BiLSTM" : "LSTM";
    }

    @Override
    public String description() {
        return RecurrentLayers.description(this);
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

    @Override
    public boolean hasCellState() {
        return true;
    }

    @Override
    public boolean hasInitialState(int direction, StateKind kind) {
        LstmDirection d = directions.get(direction);
        return (kind == StateKind.HIDDEN ? d.initialHidden() : d.initialCell()).isPresent();
    }
}
