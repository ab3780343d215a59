package io.github.lstmhdl.lower;

import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.ir.ActivationLayer;
import io.github.lstmhdl.isa.ActivationCode;

/**
 * An elementwise activation layer: one ACT instruction per step. Sigmoid and tanh need their blocks of
 * the elementwise kernel; ReLU needs none.
 */
final class ActivationLowering implements LayerLowering<ActivationLayer> {
    @Override
    public Flow lower(ActivationLayer layer, Flow in, Placement placement, ProgramBuilder program)
            throws CompilationException {
        ActivationCode act;
        ComponentKind kind;
        switch (layer.activation()) {
            case SIGMOID -> {
                program.requireBlock(program.config().sigmoidBlock(), "sigmoid block (sigmoidBlock)", layer.name());
                act = ActivationCode.SIGMOID;
                kind = ComponentKind.SIGMOID;
            }
            case TANH -> {
                program.requireBlock(program.config().tanhBlock(), "tanh block (tanhBlock)", layer.name());
                act = ActivationCode.TANH;
                kind = ComponentKind.TANH;
            }
            default -> {
                act = ActivationCode.RELU;
                kind = ComponentKind.RELU;
            }
        }
        program.addComponent(new Component(layer.name(), layer.name(), ComponentKernel.ELEMENTWISE, kind, layer.size(),
                0, ActivationCode.NONE, ""));
        Flow out = program.destination(layer.name(), layer.size(), in.sequence(), placement.toOutput());
        int loop = program.beginLoopOver(in);
        program.emit(SymInstruction.activation(act, out.operand(), in.operand(), layer.size(), layer.name()));
        program.endLoop(loop);
        return out;
    }
}
