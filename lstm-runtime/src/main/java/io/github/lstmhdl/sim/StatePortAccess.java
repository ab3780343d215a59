package io.github.lstmhdl.sim;

import io.github.lstmhdl.image.ImageMetadata;
import io.github.lstmhdl.image.PortSpec;
import io.github.lstmhdl.memory.MemorySymbol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a host does with an image's state ports (docs/image-format.md, "State ports"): before a run it
 * gathers each state input tensor's pieces into the input's area, after the run it scatters each state
 * output's area into a tensor of the declared shape. It checks the ports against the memory map once,
 * when the image is loaded.
 */
final class StatePortAccess {
    /** A port with the byte offset of its area. */
    private record Bound(PortSpec spec, long offset) {
    }

    private final List<Bound> inputs;
    private final List<Bound> outputs;

    private StatePortAccess(List<Bound> inputs, List<Bound> outputs) {
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /**
     * The ports of an image.
     *
     * @throws SimulationException when a port's symbol is missing, smaller than its pieces, or a piece
     *                             reaches beyond its tensor
     */
    static StatePortAccess of(ImageMetadata metadata, int elementBytes) throws SimulationException {
        return new StatePortAccess(bind(metadata, metadata.stateInputs(), elementBytes),
                bind(metadata, metadata.stateOutputs(), elementBytes));
    }

    private static List<Bound> bind(ImageMetadata metadata, List<PortSpec> ports, int elementBytes)
            throws SimulationException {
        List<Bound> bound = new ArrayList<>();
        for (PortSpec port : ports) {
            MemorySymbol symbol = metadata.memoryMap().symbol(port.symbol()).orElseThrow(() -> new SimulationException(
                    "metadata", "port '" + port.name() + "': the memory map has no symbol '" + port.symbol() + "'"));
            if (symbol.size() < port.areaElements() * elementBytes) {
                throw new SimulationException("metadata", "port '" + port.name() + "': symbol '" + port.symbol()
                        + "' holds " + symbol.size() + " bytes, but its pieces need " + port.areaElements() * elementBytes);
            }
            for (PortSpec.Piece piece : port.pieces()) {
                if (piece.elements() < 1 || piece.stride() < 1 || piece.offset() < 0
                        || piece.offset() + (piece.elements() - 1) * piece.stride() >= port.tensorElements()) {
                    throw new SimulationException("metadata", "port '" + port.name() + "': a piece of "
                            + piece.elements() + " elements from " + piece.offset() + " with stride " + piece.stride()
                            + " does not lie inside its tensor of " + port.tensorElements() + " elements");
                }
            }
            bound.add(new Bound(port, symbol.offset()));
        }
        return List.copyOf(bound);
    }

    /** The state inputs' names, in the metadata's order. */
    List<String> inputNames() {
        return inputs.stream().map(b -> b.spec().name()).toList();
    }

    /** The state outputs' names, in the metadata's order. */
    List<String> outputNames() {
        return outputs.stream().map(b -> b.spec().name()).toList();
    }

    /** Whether the image has a state input of this name. */
    boolean hasInput(String name) {
        return inputs.stream().anyMatch(b -> b.spec().name().equals(name));
    }

    /**
     * Gathers a state input tensor into its area.
     *
     * @throws SimulationException when the tensor's shape is not the declared one
     */
    void write(SimulatedMemory memory, String name, Tensor tensor) throws SimulationException {
        Bound port = inputs.stream().filter(b -> b.spec().name().equals(name)).findFirst().orElseThrow();
        int[] shape = port.spec().shape().stream().mapToInt(Integer::intValue).toArray();
        if (!Arrays.equals(shape, tensor.shape())) {
            throw SimulationException.aboutInput("input tensor " + name, "shape " + Arrays.toString(tensor.shape())
                    + " is not the declared " + Arrays.toString(shape));
        }
        float[] data = tensor.data();
        float[] area = new float[(int) port.spec().areaElements()];
        int at = 0;
        for (PortSpec.Piece piece : port.spec().pieces()) {
            for (int j = 0; j < piece.elements(); j++) {
                area[at++] = data[(int) (piece.offset() + j * piece.stride())];
            }
        }
        memory.write(port.offset(), area);
    }

    /** Scatters every state output's area into a tensor of its declared shape, in the metadata's order. */
    List<Tensor> read(SimulatedMemory memory) {
        List<Tensor> tensors = new ArrayList<>();
        for (Bound port : outputs) {
            float[] area = new float[(int) port.spec().areaElements()];
            memory.read(port.offset(), area);
            float[] data = new float[(int) port.spec().tensorElements()];
            int at = 0;
            for (PortSpec.Piece piece : port.spec().pieces()) {
                for (int j = 0; j < piece.elements(); j++) {
                    data[(int) (piece.offset() + j * piece.stride())] = area[at++];
                }
            }
            tensors.add(new Tensor(port.spec().shape().stream().mapToInt(Integer::intValue).toArray(), data));
        }
        return tensors;
    }
}
