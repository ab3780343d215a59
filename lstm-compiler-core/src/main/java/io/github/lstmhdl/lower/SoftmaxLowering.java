package io.github.lstmhdl.lower;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.ir.SoftmaxLayer;
import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;

/**
 * A softmax or log-softmax layer: one SOFTMAX instruction per step on the processor, or, as the last
 * layer with {@code softmaxOnHost}, a host component that the host applies to the output after each
 * run (as the toolbox runs softmax in software).
 */
final class SoftmaxLowering implements LayerLowering<SoftmaxLayer> {
    @Override
    public boolean runsOnHost(SoftmaxLayer layer, ProcessorConfig config) {
        return config.softmaxOnHost();
    }

    @Override
    public Flow lower(SoftmaxLayer layer, Flow in, Placement placement, ProgramBuilder program)
            throws CompilationException {
        ComponentKind kind = layer.logarithmic() ? ComponentKind.LOG_SOFTMAX : ComponentKind.SOFTMAX;
        if (program.config().softmaxOnHost()) {
            if (placement.last()) {
                program.addComponent(new Component(layer.name(), layer.name(), ComponentKernel.HOST, kind, layer.size(),
                        0, ActivationCode.NONE, ""));
                program.hostLayer(layer.logarithmic() ? "logsoftmax" : "softmax");
                program.note("### Notice: The layer '" + layer.name() + "' with type '" + layer.typeName()
                        + "' is implemented in software: the host applies it to the output after each run.");
                return in;
            }
            program.note("### Notice: The layer '" + layer.name() + "' with type '" + layer.typeName()
                    + "' is not the last layer, so it runs on the processor although softmaxOnHost is set.");
        }
        program.addComponent(new Component(layer.name(), layer.name(), ComponentKernel.ELEMENTWISE, kind, layer.size(),
                0, ActivationCode.NONE, ""));
        Flow out = program.destination(layer.name(), layer.size(), in.sequence(), placement.toOutput());
        int loop = program.beginLoopOver(in);
        program.emit(SymInstruction.elementwise(Opcode.SOFTMAX, out.operand(), in.operand(), SymOperand.NONE,
                layer.size(), layer.logarithmic() ? Instruction.FLAG_LOG : 0, layer.name()));
        program.endLoop(loop);
        return out;
    }
}
