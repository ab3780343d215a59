package io.github.lstmhdl.ir;

import io.github.lstmhdl.layout.Axis;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated network: a sequence input, layers applied in order, and one output. Construction checks
 * everything that later stages rely on (unique usable names, matching sizes, an LSTM only where a
 * sequence flows, consistent initial-state batches), so the compiler never meets an inconsistent model.
 *
 * @param name   the network's name (from the file name), used for generated class and image names
 * @param input  the sequence input
 * @param layers the layers, in execution order; at least one
 * @param output the output tensor's description
 * @param ports  the graph inputs and outputs that carry recurrent states ({@link StatePorts#NONE} for a
 *               network with one input and one output)
 */
public record Network(String name, SequenceInput input, List<Layer> layers, NetworkOutput output,
        StatePorts ports) {

    /** Layer names: usable as component and symbol names (letters, digits, '_', not starting with a digit). */
    public static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    /** The longest sequence a windowed layer may make or read (a frame count the processor's fields hold). */
    public static final long MAX_STEPS = Integer.MAX_VALUE;

    public Network {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(ports, "ports");
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        Set<String> names = new HashSet<>();
        int features = input.featureSize();
        boolean sequence = true;
        long length = input.sequenceLength();
        boolean convolved = false;
        for (Layer layer : layers) {
            if (!names.add(layer.name())) {
                throw new IllegalArgumentException("layer name '" + layer.name() + "' is used twice");
            }
            if (layer.inputSize() != features) {
                throw new IllegalArgumentException("layer '" + layer.name() + "' expects " + layer.inputSize()
                        + " input features but receives " + features);
            }
            if (layer instanceof RecurrentLayer recurrent) {
                recurrent.requireStateBatch(input.batchSize());
                if (!sequence) {
                    throw new IllegalArgumentException("layer '" + layer.name()
                            + "' is recurrent (" + layer.typeName() + ") but its input is no longer a sequence");
                }
                sequence = recurrent.outputMode().isSequence();
            }
            if (layer instanceof WindowedLayer conv) {
                if (!sequence) {
                    throw new IllegalArgumentException("layer '" + layer.name()
                            + "' works over time (" + layer.typeName() + ") but its input is no longer a sequence");
                }
                if (!input.hasFixedLength()) {
                    throw new IllegalArgumentException("layer '" + layer.name() + "' works over a window of time ("
                            + layer.typeName() + "), which needs a fixed sequence length, but the input's is dynamic (declare the"
                            + " time dimension in the model)");
                }
                String problem = conv.lengthProblem(length);
                if (problem != null) {
                    throw new IllegalArgumentException("layer '" + layer.name() + "': " + problem);
                }
                length = conv.outputLength(length);
                long padded = length + conv.padBefore() + conv.padAfter();
                if (padded > MAX_STEPS || length > MAX_STEPS) {
                    throw new IllegalArgumentException("layer '" + layer.name() + "': its padding makes a sequence of "
                            + padded + " steps, more than " + MAX_STEPS);
                }
                convolved = true;
            }
            features = layer.outputSize();
        }
        if (convolved && sequence && length != input.sequenceLength()) {
            throw new IllegalArgumentException("output '" + output.name() + "' is a sequence of " + length
                    + " steps after the convolutions, not the input's " + input.sequenceLength()
                    + ": a run's output holds one vector per input step, so such a network must end in one vector"
                    + " (a last-step or last-state output)");
        }
        if (sequence != output.axes().contains(Axis.TIME)) {
            throw new IllegalArgumentException("output '" + output.name() + "' axes " + output.axes()
                    + (sequence ? " lack TIME although the network returns a sequence"
                                : " include TIME although the network returns one vector"));
        }
        ports.check(layers, input.name(), output.name());
        if (convolved) {
            long[] steps = stepsAfter(layers, input.sequenceLength());
            for (LayerOutput tap : ports.layerOutputs()) {
                if (sequenceAfter(layers, tap.layer()) && steps[tap.layer()] != input.sequenceLength()) {
                    throw new IllegalArgumentException("output '" + tap.name() + "' is a sequence of "
                            + steps[tap.layer()] + " steps after the convolutions, not the input's "
                            + input.sequenceLength() + ": a run's outputs hold one vector per input step");
                }
            }
        }
    }

    /** The sequence length each layer hands on, for an input of {@code length} steps. */
    private static long[] stepsAfter(List<Layer> layers, long length) {
        long[] after = new long[layers.size()];
        for (int i = 0; i < after.length; i++) {
            if (layers.get(i) instanceof WindowedLayer window) {
                length = window.outputLength(length);
            }
            after[i] = length;
        }
        return after;
    }

    /** A network with one input and one output (no state ports). */
    public Network(String name, SequenceInput input, List<Layer> layers, NetworkOutput output) {
        this(name, input, layers, output, StatePorts.NONE);
    }

    /**
     * Whether what layer {@code index} of {@code layers} hands on is a sequence: the last recurrent layer
     * up to it decides (a sequence when there is none).
     */
    public static boolean sequenceAfter(List<Layer> layers, int index) {
        for (int i = index; i >= 0; i--) {
            if (layers.get(i) instanceof RecurrentLayer recurrent) {
                return recurrent.outputMode().isSequence();
            }
        }
        return true;
    }

    /**
     * The directions whose features what layer {@code index} hands on concatenates: the last recurrent
     * layer's up to it, or 1.
     */
    public int directionsAfter(int index) {
        for (int i = index; i >= 0; i--) {
            if (layers.get(i) instanceof RecurrentLayer recurrent) {
                return recurrent.direction().count();
            }
        }
        return 1;
    }

    /** The size H of a state that {@link #ports()} may name (the layer's hidden size). */
    public int stateSize(StateRef state) {
        return ((RecurrentLayer) layers.get(state.layer())).hiddenSize(); // StatePorts checked the kind
    }

    /**
     * The sequence length that each layer works on, one entry per layer: 0 (the run's T) for a network
     * without a convolution; for one with a convolution, which is compiled for the input's fixed length
     * T, T up to and including the first convolution, then each convolution's output length
     * ({@link WindowedLayer#outputLength}) for the layers after it. A layer's own length is its
     * input's (a convolution's output length is the next layer's).
     */
    public long[] stepsPerLayer() {
        long[] steps = new long[layers.size()];
        if (!hasConvolution()) {
            return steps;
        }
        long length = input.sequenceLength();
        for (int i = 0; i < steps.length; i++) {
            steps[i] = length;
            if (layers.get(i) instanceof WindowedLayer conv) {
                length = conv.outputLength(length);
            }
        }
        return steps;
    }

    /**
     * The longest sequence any layer works on or hands on: the frame limit a network with convolutions
     * needs at least, since padding may lengthen a sequence (0 for a network without convolutions).
     */
    public long longestSequence() {
        long longest = 0;
        long[] steps = stepsPerLayer();
        for (int i = 0; i < steps.length; i++) {
            longest = Math.max(longest, steps[i]);
            if (layers.get(i) instanceof WindowedLayer conv) {
                longest = Math.max(longest, conv.outputLength(steps[i]));
            }
        }
        return longest;
    }

    /**
     * Whether some layer works over a window of time (a convolution or a pooling): the network then
     * runs only at its fixed length.
     */
    public boolean hasConvolution() {
        return layers.stream().anyMatch(l -> l instanceof WindowedLayer);
    }

    /** The same network with other state ports. */
    public Network withPorts(StatePorts newPorts) {
        return new Network(name, input, layers, output, newPorts);
    }

    /**
     * The fixed batch size that some recurrent layer's per-sequence initial states [B, H] are given
     * for, or 0 when every initial state is shared by all sequences.
     */
    public int stateBatch() {
        for (Layer layer : layers) {
            if (layer instanceof RecurrentLayer recurrent && recurrent.stateBatch() != 0) {
                return recurrent.stateBatch();
            }
        }
        return 0;
    }

    /**
     * Whether the network returns one vector per time step (else one vector per sequence): the last
     * recurrent layer decides, since every other layer keeps what it receives.
     */
    public boolean outputIsSequence() {
        return lastRecurrent().map(r -> r.outputMode().isSequence()).orElse(true);
    }

    /**
     * The number of directions whose features the output concatenates: the last recurrent layer's
     * (2 for a bidirectional one), or 1 without a recurrent layer.
     */
    public int outputDirections() {
        return lastRecurrent().map(r -> r.direction().count()).orElse(1);
    }

    private Optional<RecurrentLayer> lastRecurrent() {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i) instanceof RecurrentLayer recurrent) {
                return Optional.of(recurrent);
            }
        }
        return Optional.empty();
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
