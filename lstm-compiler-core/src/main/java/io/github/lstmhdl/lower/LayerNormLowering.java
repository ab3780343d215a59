package io.github.lstmhdl.lower;

import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.ir.LayerNormLayer;
import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.memory.SymbolKind;

/**
 * A layer normalization: one NORM instruction per step over the features, its parameters (scale,
 * offset, then epsilon: 2n + 1 floats) in the unit {@code L.params} of the FC weight region.
 */
final class LayerNormLowering implements LayerLowering<LayerNormLayer> {
    @Override
    public Flow lower(LayerNormLayer layer, Flow in, Placement placement, ProgramBuilder program)
            throws CompilationException {
        int n = layer.size();
        String p = layer.name() + ".params";
        program.addWeight(p, SymbolKind.BIAS, 2L * n + 1, sink -> {
            sink.put(layer.scale().toArray(), 0, n);
            sink.put(layer.offset().toArray(), 0, n);
            sink.put(new float[] {layer.epsilon()}, 0, 1);
        });
        program.addComponent(new Component(layer.name(), layer.name(), ComponentKernel.ELEMENTWISE,
                ComponentKind.LAYER_NORM, n, 0, ActivationCode.NONE, ""));
        Flow out = program.destination(layer.name(), n, in.sequence(), placement.toOutput());
        int loop = program.beginLoopOver(in);
        program.emit(SymInstruction.elementwise(Opcode.NORM, out.operand(), in.operand(), SymOperand.at(p, 0), n, 0,
                layer.name()));
        program.endLoop(loop);
        return out;
    }
}
