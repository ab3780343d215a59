package io.github.lstmhdl.pipeline;

import io.github.lstmhdl.image.PortSpec;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.StatePort;
import io.github.lstmhdl.lower.StateWiring;
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

    private static List<PortSpec> specs(Network network, List<StatePort> ports, String side) {
        return ports.stream().map(port -> new PortSpec(port.name(), StateWiring.symbolName(side, port.name()),
                Arrays.stream(port.shape()).boxed().toList(), port.pieces().stream()
                        .map(p -> new PortSpec.Piece(p.offset(), p.stride(), network.stateSize(p.state())))
                        .toList())).toList();
    }

}
