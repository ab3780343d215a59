package io.github.lstmhdl.lower;

import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.ir.MaxPoolLayer;
import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Opcode;

/**
 * Max pooling over time (docs/isa.md §6, Convolutions): the padded input as for a convolution
 * ({@link PaddedInput}), then a loop of the output length whose body COPYs the window's first frame
 * (frame t·stride) to the output frame and takes the MAX with each further frame t·stride + k·dilation
 * in turn, k = 1 … K − 1.
 */
final class MaxPoolLowering implements LayerLowering<MaxPoolLayer> {
    @Override
    public Flow lower(MaxPoolLayer pool, Flow in, Placement placement, ProgramBuilder program)
            throws CompilationException {
        String name = pool.name();
        int c = pool.size();
        program.requireBlock(program.config().addBlock(), "addition block (addBlock)", name);
        long inLength = program.loopSteps();
        long outLength = pool.outputLength(inLength);
        program.addComponent(new Component(name, name, ComponentKernel.ELEMENTWISE, ComponentKind.MAX_POOL, c, 0,
                ActivationCode.NONE, ""));
        SymOperand window = PaddedInput.of(pool, in, inLength, program);
        Flow out = program.destination(name, c, Math.max(outLength, program.frameLimit()), placement.toOutput());
        program.loopSteps(outLength);
        int loop = program.beginLoop(false);
        SymOperand x = new SymOperand(window.unit(), window.elementOffset(), Math.multiplyExact(pool.stride(), c));
        program.emit(SymInstruction.elementwise(Opcode.COPY, out.operand(), x, SymOperand.NONE, c, 0, name));
        for (int k = 1; k < pool.kernelSize(); k++) {
            program.emit(SymInstruction.elementwise(Opcode.MAX, out.operand(), out.operand(),
                    x.plus((long) k * pool.dilation() * c), c, 0, name));
        }
        program.endLoop(loop);
        return out;
    }
}
