package io.github.lstmhdl.lower;

import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.LayerOutput;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.StateKind;
import io.github.lstmhdl.ir.StatePiece;
import io.github.lstmhdl.ir.StatePort;
import io.github.lstmhdl.ir.StateRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the network's state ports sit in the input and output regions (docs/isa.md, "State ports"):
 * after the main input's frames ({@code frameLimit × D} elements) come the state inputs in the network's
 * order, each one area of its pieces one after another, H elements each; after the main output
 * ({@code rows × K} elements) come the state outputs the same way. The host gathers a state input's
 * pieces from its tensor into its area before a run and scatters a state output's area into its tensor
 * after it; the processor reads an initial state from its input area at reset and writes each final
 * state into its output area after its layer's loop. Without ports everything is empty and the regions
 * are exactly the main tensors'. The outputs of earlier layers ({@link LayerOutput}) follow the state
 * outputs, each (sequence ? frameLimit : 1) × its layer's output features, written after that layer.
 */
public final class StateWiring {
    /** One port's area: its symbol name and where it starts in its region (elements from the region start). */
    record Area(String symbol, long offset, long elements) {
    }

    private record Key(String layer, int direction, StateKind kind) {
    }

    private final Map<Key, Long> initial = new HashMap<>();
    private final Map<Key, List<Long>> finals = new HashMap<>();
    private final List<Area> inputAreas = new ArrayList<>();
    private final List<Area> outputAreas = new ArrayList<>();
    private final Map<Integer, List<Area>> layerOutputAreas = new HashMap<>();
    private final long inputEnd;
    private final long outputEnd;

    private StateWiring(Network network, int frameLimit, long inputStart, long outputStart) {
        List<Layer> layers = network.layers();
        long at = inputStart;
        for (StatePort port : network.ports().inputs()) {
            long start = at;
            for (StatePiece piece : port.pieces()) {
                initial.put(key(layers, piece.state()), at);
                at += network.stateSize(piece.state());
            }
            inputAreas.add(new Area(symbolName("input", port.name()), start, at - start));
        }
        inputEnd = at;
        at = outputStart;
        for (StatePort port : network.ports().outputs()) {
            long start = at;
            for (StatePiece piece : port.pieces()) {
                finals.computeIfAbsent(key(layers, piece.state()), k -> new ArrayList<>()).add(at);
                at += network.stateSize(piece.state());
            }
            outputAreas.add(new Area(symbolName("output", port.name()), start, at - start));
        }
        for (LayerOutput tap : network.ports().layerOutputs()) {
            long rows = Network.sequenceAfter(layers, tap.layer()) ? frameLimit : 1;
            long elements = rows * layers.get(tap.layer()).outputSize();
            layerOutputAreas.computeIfAbsent(tap.layer(), k -> new ArrayList<>())
                    .add(new Area(symbolName("output", tap.name()), at, elements));
            outputAreas.add(new Area(symbolName("output", tap.name()), at, elements));
            at += elements;
        }
        outputEnd = at;
    }

    /**
     * The wiring of a network whose main input takes {@code inputStart} and whose main output takes
     * {@code outputStart} elements of their regions.
     */
    static StateWiring of(Network network, int frameLimit, long inputStart, long outputStart) {
        return new StateWiring(network, frameLimit, inputStart, outputStart);
    }

    /**
     * The memory symbol of a port: {@code input.NAME} or {@code output.NAME}, with every character of the
     * tensor's name that is not a letter, a digit or '_' replaced by '_' (so {@code input.input_3}
     * gives the constants {@code INPUT_INPUT_3_OFFSET} and {@code INPUT_INPUT_3_SIZE}).
     */
    public static String symbolName(String side, String tensor) {
        return side + "." + tensor.replaceAll("[^A-Za-z0-9_]", "_");
    }

    private static Key key(List<Layer> layers, StateRef s) {
        return new Key(layers.get(s.layer()).name(), s.direction(), s.kind());
    }


    /** The elements of the input region: the main input and every state input area. */
    long inputElements() {
        return inputEnd;
    }

    /** The elements of the output region: the main output and every state output area. */
    long outputElements() {
        return outputEnd;
    }

    /** The state input areas, in the network's order. */
    List<Area> inputAreas() {
        return inputAreas;
    }

    /** The areas of the outputs of layer {@code layer} (earlier layers' outputs, after the state outputs). */
    List<Area> layerOutputAreas(int layer) {
        return layerOutputAreas.getOrDefault(layer, List.of());
    }

    /** The state output areas and then the earlier layers' output areas, in the network's order. */
    List<Area> outputAreas() {
        return outputAreas;
    }

    /** Where STATE_INIT reads this state from, when a state input gives it. */
    Optional<SymOperand> initialSource(String layer, int direction, StateKind kind) {
        Long at = initial.get(new Key(layer, direction, kind));
        return at == null ? Optional.empty() : Optional.of(SymOperand.at(LoweredNetwork.INPUT_UNIT, at));
    }

    /** Where the state is copied after its layer's loop: one place per state output piece that holds it. */
    List<SymOperand> finalDestinations(String layer, int direction, StateKind kind) {
        return finals.getOrDefault(new Key(layer, direction, kind), List.of()).stream()
                .map(at -> SymOperand.at(LoweredNetwork.OUTPUT_UNIT, at)).toList();
    }
}
