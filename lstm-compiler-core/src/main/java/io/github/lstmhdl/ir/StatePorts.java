package io.github.lstmhdl.ir;

import io.github.lstmhdl.layout.Axis;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The network's graph inputs and outputs beyond its sequence input and its main output: tensors of
 * recurrent states ({@link StatePort}). A state input sets the initial state of the directions it holds
 * (in place of zeros or a constant initial state); a state output receives the final states after the
 * run. {@link #NONE} for a network with one input and one output, whose image, constants and map are
 * then exactly those of a compiler without ports.
 *
 * <p>Beside them, {@code layerOutputs} are further graph outputs on the data path: the outputs of layers
 * before the last (a tap on the chain of layers that leads to the main output).
 *
 * @param inputs       the state inputs, in the source model's order
 * @param outputs      the state outputs, in the source model's order
 * @param layerOutputs the outputs of earlier layers, in the source model's order
 */
public record StatePorts(List<StatePort> inputs, List<StatePort> outputs, List<LayerOutput> layerOutputs) {

    /** No ports: one sequence input, one output. */
    public static final StatePorts NONE = new StatePorts(List.of(), List.of());

    public StatePorts {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        layerOutputs = List.copyOf(layerOutputs);
    }

    /** State inputs and outputs only. */
    public StatePorts(List<StatePort> inputs, List<StatePort> outputs) {
        this(inputs, outputs, List.of());
    }

    /** Whether the network has no port. */
    public boolean isEmpty() {
        return inputs.isEmpty() && outputs.isEmpty() && layerOutputs.isEmpty();
    }

    /**
     * Checks the ports against the layers: every piece names a recurrent layer's direction and a state it
     * has, lies inside its tensor, no state is given by two input pieces, the output pieces cover each
     * element of their tensor once, no layer with a state input also has a constant initial state of that
     * kind, and every name is used once (also against the sequence input and the main output).
     *
     * @throws IllegalArgumentException naming the port and the piece at fault
     */
    void check(List<Layer> layers, String inputName, String outputName) {
        Set<String> names = new HashSet<>(List.of(inputName));
        Set<StateRef> given = new HashSet<>();
        for (StatePort port : inputs) {
            requireNewName(names, port.name());
            for (StatePiece piece : port.pieces()) {
                int h = checkPiece(layers, port, piece);
                if (!given.add(piece.state())) {
                    throw new IllegalArgumentException("state input '" + port.name() + "': " + text(layers,
                            piece.state()) + " is given by two state inputs");
                }
                if (constantInitialState(layers.get(piece.state().layer()), piece.state())) {
                    throw new IllegalArgumentException("state input '" + port.name() + "': " + text(layers,
                            piece.state()) + " also has a constant initial state");
                }
                requireInside(port, piece, h);
            }
        }
        names.clear();
        names.add(outputName);
        for (StatePort port : outputs) {
            requireNewName(names, port.name());
            if (port.elements() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("state output '" + port.name() + "' is too large");
            }
            BitSet covered = new BitSet((int) port.elements());
            for (StatePiece piece : port.pieces()) {
                int h = checkPiece(layers, port, piece);
                requireInside(port, piece, h);
                for (int j = 0; j < h; j++) {
                    int e = (int) (piece.offset() + j * piece.stride());
                    if (covered.get(e)) {
                        throw new IllegalArgumentException("state output '" + port.name() + "': element " + e
                                + " is written by two states");
                    }
                    covered.set(e);
                }
            }
            if (covered.cardinality() != port.elements()) {
                throw new IllegalArgumentException("state output '" + port.name() + "': the states fill "
                        + covered.cardinality() + " of its " + port.elements() + " elements");
            }
        }
        for (LayerOutput tap : layerOutputs) {
            requireNewName(names, tap.name());
            if (tap.layer() < 0 || tap.layer() >= layers.size() - 1) {
                throw new IllegalArgumentException("output '" + tap.name() + "': layer " + tap.layer()
                        + " is not a layer before the last");
            }
            boolean sequence = Network.sequenceAfter(layers, tap.layer());
            if (sequence != tap.axes().contains(Axis.TIME)) {
                throw new IllegalArgumentException("output '" + tap.name() + "' axes " + tap.axes()
                        + (sequence ? " lack TIME although layer '" : " include TIME although layer '")
                        + layers.get(tap.layer()).name() + (sequence ? "' returns a sequence" : "' returns one vector"));
            }
        }
    }

    /** The pieces of every state input by the state they set (each state at most once). */
    public Map<StateRef, StatePiece> inputPieces() {
        Map<StateRef, StatePiece> map = new HashMap<>();
        inputs.forEach(p -> p.pieces().forEach(piece -> map.put(piece.state(), piece)));
        return map;
    }

    private static void requireNewName(Set<String> names, String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("the graph tensor name '" + name + "' is used twice");
        }
    }

    /** Checks that the piece names an existing state, and returns its H. */
    private static int checkPiece(List<Layer> layers, StatePort port, StatePiece piece) {
        StateRef s = piece.state();
        if (s.layer() >= layers.size() || !(layers.get(s.layer()) instanceof RecurrentLayer r)) {
            throw new IllegalArgumentException("state port '" + port.name() + "': layer " + s.layer()
                    + " is not a recurrent layer");
        }
        if (s.direction() >= r.direction().count()) {
            throw new IllegalArgumentException("state port '" + port.name() + "': layer '" + r.name()
                    + "' has no direction " + s.direction());
        }
        if (s.kind() == StateKind.CELL && !r.hasCellState()) {
            throw new IllegalArgumentException("state port '" + port.name() + "': layer '" + r.name()
                    + "' (" + r.typeName() + ") has no cell state");
        }
        return r.hiddenSize();
    }

    private static void requireInside(StatePort port, StatePiece piece, int h) {
        long last = piece.offset() + (long) (h - 1) * piece.stride();
        if (last >= port.elements()) {
            throw new IllegalArgumentException("state port '" + port.name() + "': a state of " + h
                    + " elements from element " + piece.offset() + " with stride " + piece.stride()
                    + " ends beyond its " + port.elements() + " elements");
        }
    }

    private static boolean constantInitialState(Layer layer, StateRef s) {
        return ((RecurrentLayer) layer).hasInitialState(s.direction(), s.kind());
    }

    /** A state as text for messages, such as "the cell state of layer 'lstm_1'". */
    static String text(List<Layer> layers, StateRef s) {
        String kind = s.kind() == StateKind.HIDDEN ? "the hidden state" : "the cell state";
        return kind + " of layer '" + layers.get(s.layer()).name() + "'" + (s.direction() == 1 ? " (backward)" : "");
    }
}
