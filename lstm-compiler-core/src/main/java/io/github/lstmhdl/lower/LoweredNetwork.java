package io.github.lstmhdl.lower;

import io.github.lstmhdl.ir.Network;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The decomposed network: components, storage units and the symbolic program, before any address
 * exists. Immutable.
 *
 * @param network     the source network
 * @param frameLimit  the time steps that the input, output and sequence buffers hold
 * @param components  every component, in execution order
 * @param buffers     data units: the input and output regions, states and intermediate buffers
 * @param weights     FC weight region units, in layout order
 * @param aliases     named views into units that get symbols of their own
 * @param program     the symbolic program, in execution order, without the final HALT
 * @param hostLayer   {@code none}, {@code softmax} or {@code logsoftmax}: what the host applies after a run
 * @param notes       notices for the compile log
 */
public record LoweredNetwork(Network network, int frameLimit, List<Component> components, List<DataBuffer> buffers,
        List<WeightBlock> weights, List<SymbolAlias> aliases, List<SymInstruction> program, String hostLayer,
        List<String> notes) {

    /** The unit name of the input region. */
    public static final String INPUT_UNIT = "InputDataOffset";
    /** The unit name of the output region. */
    public static final String OUTPUT_UNIT = "OutputResultOffset";

    public LoweredNetwork {
        Objects.requireNonNull(network, "network");
        components = List.copyOf(components);
        buffers = List.copyOf(buffers);
        weights = List.copyOf(weights);
        aliases = List.copyOf(aliases);
        program = List.copyOf(program);
        Objects.requireNonNull(hostLayer, "hostLayer");
        notes = List.copyOf(notes);
    }

    /** The data unit with a name, if any. */
    public Optional<DataBuffer> buffer(String name) {
        return buffers.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /** The weight unit with a name, if any. */
    public Optional<WeightBlock> weight(String name) {
        return weights.stream().filter(w -> w.name().equals(name)).findFirst();
    }

    /** The golden listing: one {@link Component#listingLine()} per component. */
    public List<String> listing() {
        return components.stream().map(Component::listingLine).toList();
    }
}
