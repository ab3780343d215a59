package io.github.lstmhdl.lower;

import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.ir.ConvolutionLayer;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.memory.SymbolKind;

/**
 * A 1-D convolution over time as FCs over strided windows of contiguous frames (docs/isa.md §6,
 * Convolution): the weights are laid out [out][k][in], so that the K × C_in elements of one row meet
 * the K frames of a window in frame order; the input, with its padding frames, is first copied into a
 * contiguous buffer {@code <conv>.padded} ({@link PaddedInput});
 * then a loop of the output length runs one FC per output frame j over the window starting at frame
 * j × stride (the FC's x operand is time-strided by stride × C_in elements). With a dilation above 1
 * the window is not contiguous: one FC per kernel tap k over the C_in elements of frame
 * j × stride + k × dilation, the first with the bias and the others accumulating.
 */
final class ConvolutionLowering implements LayerLowering<ConvolutionLayer> {
    @Override
    public Flow lower(ConvolutionLayer conv, Flow in, Placement placement, ProgramBuilder program)
            throws CompilationException {
        String name = conv.name();
        int cin = conv.inputSize();
        int cout = conv.outputSize();
        int k = conv.kernelSize();
        long inLength = program.loopSteps();
        long outLength = conv.outputLength(inLength);
        int padded = program.padRows(cout);
        String w = name + ".weights";
        String b = name + ".bias";
        program.addWeight(w, SymbolKind.WEIGHTS, (long) padded * k * cin, windowMatrix(conv.weights(), padded));
        program.addWeight(b, SymbolKind.BIAS, padded, WeightSources.vector(conv.bias(), padded));
        program.addComponent(new Component(name, name, ComponentKernel.FC, ComponentKind.CONVOLUTION, cout,
                conv.dilation() == 1 ? k * cin : cin, ActivationCode.NONE, ""));
        SymOperand window = PaddedInput.of(conv, in, inLength, program);
        Flow out = program.destination(name, cout, Math.max(outLength, program.frameLimit()), placement.toOutput());
        program.loopSteps(outLength);
        int loop = program.beginLoop(false);
        SymOperand x = new SymOperand(window.unit(), window.elementOffset(), Math.multiplyExact(conv.stride(), cin));
        if (conv.dilation() == 1) {
            program.emitFc(name, out.operand(), SymOperand.at(w, 0), k * cin, x, SymOperand.at(b, 0), cout, k * cin,
                    ActivationCode.NONE, 0);
        } else {
            for (int tap = 0; tap < k; tap++) {
                program.emitFc(name, out.operand(), SymOperand.at(w, (long) tap * cin), k * cin,
                        x.plus((long) tap * conv.dilation() * cin), tap == 0 ? SymOperand.at(b, 0) : SymOperand.NONE,
                        cout, cin, ActivationCode.NONE, 0);
            }
        }
        program.endLoop(loop);
        return out;
    }

    /** The [out][in][k] weights as rows of [k][in] (K × C_in each), padded with zero rows. */
    private static WeightSource windowMatrix(FloatTensor weights, int paddedRows) {
        return sink -> {
            int rows = weights.dim(0);
            int cin = weights.dim(1);
            int k = weights.dim(2);
            float[] filter = new float[cin * k];
            float[] row = new float[k * cin];
            for (int r = 0; r < rows; r++) {
                weights.copyTo(r * cin * k, filter, 0, cin * k);
                for (int c = 0; c < cin; c++) {
                    for (int tap = 0; tap < k; tap++) {
                        row[tap * cin + c] = filter[c * k + tap];
                    }
                }
                sink.put(row, 0, k * cin);
            }
            sink.zeros((long) (paddedRows - rows) * k * cin);
        };
    }
}
