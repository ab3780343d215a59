package io.github.lstmhdl.lower;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.ir.Layer;

/**
 * How one layer kind becomes components, storage units and instructions. An implementation knows its
 * kind's arithmetic and nothing else: the {@link ProgramBuilder} owns the units, the names, FC
 * emission and loops, and {@link Lowering} walks the layers and picks the lowering of each kind.
 *
 * @param <L> the layer kind
 */
interface LayerLowering<L extends Layer> {

    /**
     * Lowers one layer.
     *
     * @param in        where the layer's input is
     * @param placement whether the layer is last and whether it writes the output region
     * @return where the layer's output is ({@code in} for a layer that leaves the data as it is)
     * @throws CompilationException when the processor lacks what the layer needs, or names clash
     */
    Flow lower(L layer, Flow in, Placement placement, ProgramBuilder program) throws CompilationException;

    /**
     * Whether the layer, when it is the network's last, is left to the host after the run (so that
     * the layer before it writes the output region). Only a softmax can be, today.
     */
    default boolean runsOnHost(L layer, ProcessorConfig config) {
        return false;
    }
}
