package io.github.lstmhdl.ir;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated network: a sequence input, layers applied in order, and one output. Construction checks
 * everything that later stages rely on (unique usable names, matching sizes, an LSTM only where a
 * sequence flows), so the compiler never meets an inconsistent model.
 *
 * @param name   the network's name (from the file name), used for generated class and image names
 * @param input  the sequence input
 * @param layers the layers, in execution order; at least one
 * @param output the output tensor's description
 */
public record Network(String name, SequenceInput input, List<Layer> layers, NetworkOutput output) {

    /** Layer names: usable as component and symbol names (letters, digits, '_', not starting with a digit). */
    public static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    public Network {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        Set<String> names = new HashSet<>();
        int features = input.featureSize();
        boolean sequence = true;
        for (Layer layer : layers) {
            if (!names.add(layer.name())) {
                throw new IllegalArgumentException("layer name '" + layer.name() + "' is used twice");
            }
            if (layer.inputSize() != features) {
                throw new IllegalArgumentException("layer '" + layer.name() + "' expects " + layer.inputSize()
                        + " input features but receives " + features);
            }
            if (layer instanceof LstmLayer lstm) {
                requireStateBatch(lstm, input);
                if (!sequence) {
                    throw new IllegalArgumentException("layer '" + layer.name()
                            + "' is an LSTM but its input is no longer a sequence");
                }
                sequence = lstm.outputMode().isSequence();
            }
            features = layer.outputSize();
        }
        if (sequence != output.axes().contains(Axis.TIME)) {
            throw new IllegalArgumentException("output '" + output.name() + "' axes " + output.axes()
                    + (sequence ? " lack TIME although the network returns a sequence"
                                : " include TIME although the network returns one vector"));
        }
    }

    private static void requireStateBatch(LstmLayer lstm, SequenceInput input) {
        for (LstmDirection d : lstm.directions()) {
            int b = d.stateBatch();
            boolean mismatch = d.initialHidden().isPresent() && d.initialCell().isPresent()
                    && d.initialHidden().get().rank() == 2 && d.initialCell().get().rank() == 2
                    && d.initialHidden().get().dim(0) != d.initialCell().get().dim(0);
            if (b != 0 && (b != input.batchSize() || mismatch)) {
                throw new IllegalArgumentException("layer '" + lstm.name() + "' has initial states for " + b
                        + " sequences, but " + (input.batchSize() == SequenceInput.DYNAMIC
                        ? "the input's batch size is dynamic; per-sequence initial states need a fixed batch"
                        : mismatch ? "its initial hidden and cell states are given for different numbers of sequences"
                        : "the input's batch size is " + input.batchSize()));
            }
        }
    }

    /**
     * The fixed batch size that some LSTM's per-sequence initial states [B, H] are given for, or 0 when
     * every initial state is shared by all sequences.
     */
    public int stateBatch() {
        for (Layer layer : layers) {
            if (layer instanceof LstmLayer lstm) {
                for (LstmDirection d : lstm.directions()) {
                    if (d.stateBatch() != 0) {
                        return d.stateBatch();
                    }
                }
            }
        }
        return 0;
    }

    /** Whether the network returns one vector per time step (else one vector per sequence). */
    public boolean outputIsSequence() {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i) instanceof LstmLayer lstm) {
                return lstm.outputMode().isSequence();
            }
        }
        return true;
    }

    /** The number of features of the output vector (per time step for a sequence output). */
    public int outputSize() {
        return layers.get(layers.size() - 1).outputSize();
    }

    static void requireName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME_PATTERN.matcher(name).matches()) {
            throw new IllegalArgumentException("layer name '" + name
                    + "' must be 1 to 64 letters, digits or '_' and not start with a digit");
        }
    }

    static void requirePositive(int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be positive, not " + value);
        }
    }
}
