package io.github.lstmhdl.sim;

import io.github.lstmhdl.image.ImageMetadata;
import io.github.lstmhdl.image.LayerOutputSpec;
import io.github.lstmhdl.memory.MemorySymbol;
import java.util.ArrayList;
import java.util.List;

/**
 * What a host does with an image's outputs of earlier layers (docs/image-format.md, "Outputs of earlier
 * layers"): after a run it reads each one's rows from its area, as it reads the main output at
 * OutputResultOffset, and lays them out in the output's axes. Checked against the memory map when the
 * image is loaded.
 */
final class LayerOutputAccess {
    /** An output with the byte offset of its area and its layout. */
    private record Bound(LayerOutputSpec spec, long offset, BatchLayout layout) {
    }

    private final List<Bound> outputs;

    private LayerOutputAccess(List<Bound> outputs) {
        this.outputs = outputs;
    }

    /**
     * The outputs of earlier layers of an image.
     *
     * @throws SimulationException when an output's symbol is missing or smaller than its rows, or its axes
     *                             do not describe its features
     */
    static LayerOutputAccess of(ImageMetadata metadata, int elementBytes) throws SimulationException {
        List<Bound> bound = new ArrayList<>();
        for (LayerOutputSpec spec : metadata.layerOutputs()) {
            ImageMetadata.TensorSpec t = spec.tensor();
            MemorySymbol symbol = metadata.memoryMap().symbol(spec.symbol()).orElseThrow(() -> new SimulationException(
                    "metadata", "output '" + t.name() + "': the memory map has no symbol '" + spec.symbol() + "'"));
            long bytes = (long) (t.sequence() ? metadata.frameLimit() : 1) * t.featureSize() * elementBytes;
            if (t.featureSize() < 1 || symbol.size() < bytes) {
                throw new SimulationException("metadata", "output '" + t.name() + "': symbol '" + spec.symbol()
                        + "' holds " + symbol.size() + " bytes, but " + t.featureSize() + " features need " + bytes);
            }
            bound.add(new Bound(spec, symbol.offset(), BatchLayout.of(metadata.input(), t)));
        }
        return new LayerOutputAccess(List.copyOf(bound));
    }

    /** The outputs' names, in the metadata's order. */
    List<String> names() {
        return outputs.stream().map(b -> b.spec().tensor().name()).toList();
    }

    /** Every output after a run of one sequence of {@code timeSteps} steps, in the metadata's order. */
    List<Tensor> read(SimulatedMemory memory, int timeSteps) throws SimulationException {
        List<Tensor> tensors = new ArrayList<>();
        for (Bound b : outputs) {
            ImageMetadata.TensorSpec t = b.spec().tensor();
            float[] rows = new float[(t.sequence() ? timeSteps : 1) * t.featureSize()];
            memory.read(b.offset(), rows);
            tensors.add(b.layout().assemble(List.of(rows), timeSteps));
        }
        return tensors;
    }
}
