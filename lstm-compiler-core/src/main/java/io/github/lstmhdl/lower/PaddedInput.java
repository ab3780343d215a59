package io.github.lstmhdl.lower;

import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.ir.ConvolutionLayer;
import io.github.lstmhdl.ir.WindowedLayer;
import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.memory.SymbolKind;

/**
 * The padded input of a layer that slides a window over time (docs/isa.md §6, Convolutions): the
 * input's frames between the padding frames, in one contiguous buffer {@code <layer>.padded} that the
 * component {@code <layer>.pad} fills on the processor, so that every window is a run of frames at a
 * time-strided address.
 */
final class PaddedInput {
    private PaddedInput() {
    }

    /**
     * The operand of frame 0 of the padded input: the input itself when there is no padding and its
     * frames are contiguous, else the buffer {@code <conv>.padded} filled before the loop: the padding
     * frames before, a loop copying the input frames, the padding frames after.
     */
    static SymOperand of(WindowedLayer conv, Flow in, long inLength, ProgramBuilder program)
            throws CompilationException {
        int cin = conv.inputSize();
        int before = conv.padBefore();
        int after = conv.padAfter();
        if (before == 0 && after == 0 && in.stride() == cin) {
            return new SymOperand(in.unit(), in.offset(), 0);
        }
        String name = conv.name();
        String buffer = name + ".padded";
        String pad = name + ".pad";
        program.addBuffer(buffer, SymbolKind.BUFFER, RegionKind.SYSTEM_BUFFER, (inLength + before + after) * cin);
        program.addComponent(new Component(pad, name, ComponentKernel.ELEMENTWISE, ComponentKind.PAD, cin, 0,
                ActivationCode.NONE, ""));
        int loop = program.beginLoop(false);
        program.emit(SymInstruction.elementwise(Opcode.COPY, new SymOperand(buffer, (long) before * cin, cin),
                in.operand(), SymOperand.NONE, cin, 0, pad));
        program.endLoop(loop);
        if (conv.padMode() == ConvolutionLayer.PadMode.CONSTANT) {
            int most = Math.max(before, after);
            if (most > 0) {
                String value = name + ".pad_value";
                float v = conv.padValue();
                program.addWeight(value, SymbolKind.WEIGHTS, (long) most * cin, sink -> {
                    float[] row = new float[cin];
                    java.util.Arrays.fill(row, v);
                    for (int i = 0; i < most; i++) {
                        sink.put(row, 0, cin);
                    }
                });
                copy(program, pad, SymOperand.at(buffer, 0), SymOperand.at(value, 0), before * cin);
                copy(program, pad, SymOperand.at(buffer, (inLength + before) * cin), SymOperand.at(value, 0),
                        after * cin);
            }
        } else {
            // reflect: padding frame -i is input frame i, frame L - 1 + i is input frame L - 1 - i; one loop
            // per side, walking the padding away from the edge (i = t + 1) with a negative stride on the
            // side that runs backwards, so the program does not grow with the padding
            long step = in.stride();
            reflectLoop(program, pad, before, new SymOperand(buffer, (long) (before - 1) * cin, -cin),
                    new SymOperand(in.unit(), in.offset() + step, in.stride()), cin);
            reflectLoop(program, pad, after, new SymOperand(buffer, (inLength + before) * cin, cin),
                    new SymOperand(in.unit(), in.offset() + (inLength - 2) * step, -in.stride()), cin);
        }
        return SymOperand.at(buffer, 0);
    }

    /** A LOOP of {@code frames} iterations copying one frame of n elements from src to dst (both time-strided). */
    private static void reflectLoop(ProgramBuilder program, String component, int frames, SymOperand dst,
            SymOperand src, int n) {
        if (frames == 0) {
            return;
        }
        int outer = program.loopSteps();
        program.loopSteps(frames);
        int loop = program.beginLoop(false);
        program.emit(SymInstruction.elementwise(Opcode.COPY, dst, src, SymOperand.NONE, n, 0, component));
        program.endLoop(loop);
        program.loopSteps(outer);
    }

    private static void copy(ProgramBuilder program, String component, SymOperand dst, SymOperand src, long n) {
        if (n > 0) {
            program.emit(SymInstruction.elementwise(Opcode.COPY, dst, src, SymOperand.NONE, Math.toIntExact(n), 0,
                    component));
        }
    }

}
