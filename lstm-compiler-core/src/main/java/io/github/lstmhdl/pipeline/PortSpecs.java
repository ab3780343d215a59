package io.github.lstmhdl.pipeline;

import io.github.lstmhdl.image.ImageMetadata;
import io.github.lstmhdl.image.LayerOutputSpec;
import io.github.lstmhdl.image.PortSpec;
import io.github.lstmhdl.ir.LayerOutput;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.StateKind;
import io.github.lstmhdl.ir.StatePiece;
import io.github.lstmhdl.ir.StatePort;
import io.github.lstmhdl.ir.StateRef;
import io.github.lstmhdl.layout.Axis;
import io.github.lstmhdl.lower.StateWiring;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The image metadata's description of a network's state ports ({@link PortSpec}), in the network's order. */
final class PortSpecs {
    private PortSpecs() {
    }

    static List<PortSpec> inputs(Network network) {
        return specs(network, network.ports().inputs(), "input");
    }

    static List<PortSpec> outputs(Network network) {
        return specs(network, network.ports().outputs(), "output");
    }

    /**
     * The compile log's lines about the state ports, one per port, such as {@code ### State input 'state'
     * [2,1,128]: the hidden state of lstm_1, the cell state of lstm_1.}; none without ports.
     */
    static List<String> log(Network network) {
        List<String> lines = new ArrayList<>();
        for (StatePort port : network.ports().inputs()) {
            lines.add("### State input '" + port.name() + "' " + Arrays.toString(port.shape()).replace(" ", "") + ": "
                    + states(network, port) + ".");
        }
        for (StatePort port : network.ports().outputs()) {
            lines.add("### State output '" + port.name() + "' " + Arrays.toString(port.shape()).replace(" ", "") + ": "
                    + states(network, port) + ".");
        }
        for (LayerOutput tap : network.ports().layerOutputs()) {
            lines.add("### Output '" + tap.name() + "': the output of " + network.layers().get(tap.layer()).name()
                    + ".");
        }
        return lines;
    }

    private static String states(Network network, StatePort port) {
        List<String> states = new ArrayList<>();
        for (StatePiece p : port.pieces()) {
            StateRef s = p.state();
            states.add((s.kind() == StateKind.HIDDEN ? "the hidden state of " : "the cell state of ")
                    + network.layers().get(s.layer()).name() + (s.direction() == 1 ? " (backward)" : ""));
        }
        return String.join(", ", states);
    }

    /** The outputs of earlier layers, described as the main output is (see {@code NetworkCompiler}). */
    static List<LayerOutputSpec> layerOutputs(Network network) {
        return network.ports().layerOutputs().stream().map(tap -> {
            boolean sequence = Network.sequenceAfter(network.layers(), tap.layer());
            int directions = tap.axes().contains(Axis.DIRECTION) ? network.directionsAfter(tap.layer()) : 1;
            return new LayerOutputSpec(StateWiring.symbolName("output", tap.name()), new ImageMetadata.TensorSpec(
                    tap.name(), network.layers().get(tap.layer()).outputSize(), sequence, directions,
                    tap.axes().stream().map(Axis::name).toList(), sequence ? network.input().sequenceLength() : 0,
                    network.input().batchSize()));
        }).toList();
    }

    private static List<PortSpec> specs(Network network, List<StatePort> ports, String side) {
        return ports.stream().map(port -> new PortSpec(port.name(), StateWiring.symbolName(side, port.name()),
                Arrays.stream(port.shape()).boxed().toList(), port.pieces().stream()
                        .map(p -> new PortSpec.Piece(p.offset(), p.stride(), network.stateSize(p.state())))
                        .toList())).toList();
    }

}
