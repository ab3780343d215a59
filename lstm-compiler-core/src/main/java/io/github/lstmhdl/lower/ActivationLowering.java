package io.github.lstmhdl.lower;

import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.ir.ActivationLayer;
import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.memory.SymbolKind;

/**
 * An elementwise activation layer: one ACT instruction per step. Sigmoid, tanh and ELU need their block
 * of the elementwise kernel (ELU the exponential of the sigmoid block); ReLU and PReLU need none. ELU
 * and PReLU read their parameters (alpha, the slopes: one per feature) from {@code L.params} in the FC
 * weight region.
 */
final class ActivationLowering implements LayerLowering<ActivationLayer> {
    @Override
    public Flow lower(ActivationLayer layer, Flow in, Placement placement, ProgramBuilder program)
            throws CompilationException {
        ActivationCode act = switch (layer.activation()) {
            case SIGMOID -> ActivationCode.SIGMOID;
            case TANH -> ActivationCode.TANH;
            case RELU -> ActivationCode.RELU;
            case ELU -> ActivationCode.ELU;
            case PRELU -> ActivationCode.PRELU;
            case GELU -> ActivationCode.GELU;
            case GELU_TANH -> ActivationCode.GELU_TANH;
        };
        ComponentKind kind = switch (layer.activation()) {
            case SIGMOID -> ComponentKind.SIGMOID;
            case TANH -> ComponentKind.TANH;
            case RELU -> ComponentKind.RELU;
            case ELU -> ComponentKind.ELU;
            case PRELU -> ComponentKind.PRELU;
            case GELU, GELU_TANH -> ComponentKind.GELU;
        };
        switch (act) {
            case SIGMOID, ELU, GELU, GELU_TANH -> program.requireBlock(program.config().sigmoidBlock(), "sigmoid block (sigmoidBlock)",
                    layer.name());
            case TANH -> program.requireBlock(program.config().tanhBlock(), "tanh block (tanhBlock)", layer.name());
            default -> {
            }
        }
        program.addComponent(new Component(layer.name(), layer.name(), ComponentKernel.ELEMENTWISE, kind, layer.size(),
                0, ActivationCode.NONE, ""));
        SymOperand params = SymOperand.NONE;
        if (act.parameterized()) {
            String p = layer.name() + ".params";
            program.addWeight(p, SymbolKind.BIAS, layer.size(), WeightSources.vector(layer.parameters(), layer.size()));
            params = SymOperand.at(p, 0);
        }
        Flow out = program.destination(layer.name(), layer.size(), in.sequence(), placement.toOutput());
        int loop = program.beginLoopOver(in);
        program.emit(act.parameterized()
                ? SymInstruction.activation(act, out.operand(), in.operand(), params, layer.size(), layer.name())
                : SymInstruction.activation(act, out.operand(), in.operand(), layer.size(), layer.name()));
        program.endLoop(loop);
        return out;
    }
}
