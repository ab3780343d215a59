package io.github.lstmhdl.lower;

import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.ir.FullyConnectedLayer;
import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.memory.SymbolKind;

/** A fully connected layer: one FC per step (once for a vector), weights and bias padded to the FC threads. */
final class FullyConnectedLowering implements LayerLowering<FullyConnectedLayer> {
    @Override
    public Flow lower(FullyConnectedLayer fc, Flow in, Placement placement, ProgramBuilder program)
            throws CompilationException {
        int rows = fc.outputSize();
        int cols = fc.inputSize();
        int padded = program.padRows(rows);
        String w = fc.name() + ".weights";
        String b = fc.name() + ".bias";
        program.addWeight(w, SymbolKind.WEIGHTS, (long) padded * cols, WeightSources.matrix(fc.weights(), padded));
        program.addWeight(b, SymbolKind.BIAS, padded, WeightSources.vector(fc.bias(), padded));
        program.addComponent(new Component(fc.name(), fc.name(), ComponentKernel.FC, ComponentKind.FULLY_CONNECTED,
                rows, cols, ActivationCode.NONE, ""));
        Flow out = program.destination(fc.name(), rows, in.sequence(), placement.toOutput());
        int loop = program.beginLoopOver(in);
        program.emitFc(fc.name(), out.operand(), SymOperand.at(w, 0), in.operand(), SymOperand.at(b, 0), rows, cols,
                ActivationCode.NONE, 0);
        program.endLoop(loop);
        return out;
    }
}
