package io.github.lstmhdl.ir;

import java.util.List;

/**
 * An LSTM layer: hidden size H, a direction, an output mode, and one {@link LstmDirection} of
 * parameters per direction (forward first for a bidirectional layer). A bidirectional layer's output
 * concatenates the forward and the backward hidden state: 2H features. {@code activations} are the
 * functions f (the i, f and o gates), g (the cell candidate) and h (the cell output), three per
 * direction in the order of {@code directions}; {@link #DEFAULT_ACTIVATIONS} (sigmoid, tanh, tanh) unless
 * the network says otherwise. Only sigmoid, tanh and ReLU are supported.
 */
public record LstmLayer(
        String name,
        String origin,
        Direction direction,
        OutputMode outputMode,
        List<LstmDirection> directions,
        List<Activation> activations) implements RecurrentLayer {

    /** The standard activations f, g, h of one direction. */
    public static final List<Activation> DEFAULT_ACTIVATIONS = List.of(Activation.SIGMOID, Activation.TANH,
            Activation.TANH);

    public LstmLayer {
        outputMode = RecurrentLayers.checkedMode(name, origin, direction, outputMode);
        directions = RecurrentLayers.checkedDirections(name, direction, directions);
        activations = checkedActivations(name, directions.size(), activations);
    }

    /** A layer with the default activations. */
    public LstmLayer(String name, String origin, Direction direction, OutputMode outputMode,
            List<LstmDirection> directions) {
        this(name, origin, direction, outputMode, directions, null);
    }

    private static List<Activation> checkedActivations(String name, int directions, List<Activation> activations) {
        if (activations == null) {
            List<Activation> all = new java.util.ArrayList<>();
            for (int k = 0; k < directions; k++) {
                all.addAll(DEFAULT_ACTIVATIONS);
            }
            return List.copyOf(all);
        }
        if (activations.size() != 3 * directions) {
            throw new IllegalArgumentException("LSTM layer '" + name + "' has " + activations.size()
                    + " activations " + activations + " but needs " + 3 * directions + " (f, g, h per direction)");
        }
        for (Activation a : activations) {
            if (a != Activation.SIGMOID && a != Activation.TANH && a != Activation.RELU) {
                throw new IllegalArgumentException("LSTM layer '" + name + "': activation " + a
                        + " is not supported (only sigmoid, tanh and ReLU are)");
            }
        }
        return List.copyOf(activations);
    }

    /** The activations f, g, h of direction {@code k}. */
    public List<Activation> activations(int k) {
        return activations.subList(3 * k, 3 * k + 3);
    }

    /** Whether every direction uses the default activations (sigmoid, tanh, tanh). */
    public boolean defaultActivations() {
        for (int k = 0; k < directions.size(); k++) {
            if (!activations(k).equals(DEFAULT_ACTIVATIONS)) {
                return false;
            }
        }
        return true;
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
        return new LstmLayer(newName, origin, direction, outputMode, directions, activations);
    }

    @Override
    public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
        return cases.lstm(this);
    }

    @Override
    public LstmLayer withOutputMode(OutputMode mode) {
        return new LstmLayer(name, origin, direction, mode, directions, activations);
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
