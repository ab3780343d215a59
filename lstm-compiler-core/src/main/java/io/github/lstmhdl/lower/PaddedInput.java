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
            // reflect: padding frame -i is input frame i, frame L - 1 + i is input frame L - 1 - i
            for (int i = 1; i <= before; i++) {
                copy(program, pad, SymOperand.at(buffer, (long) (before - i) * cin), frame(in, i), cin);
            }
            for (int i = 1; i <= after; i++) {
                copy(program, pad, SymOperand.at(buffer, (inLength + before - 1 + i) * cin),
                        frame(in, inLength - 1 - i), cin);
            }
        }
        return SymOperand.at(buffer, 0);
    }

    /** Frame t of the input flow at a fixed address. */
    private static SymOperand frame(Flow in, long t) {
        return SymOperand.at(in.unit(), in.offset() + t * in.stride());
    }

    private static void copy(ProgramBuilder program, String component, SymOperand dst, SymOperand src, long n) {
        if (n > 0) {
            program.emit(SymInstruction.elementwise(Opcode.COPY, dst, src, SymOperand.NONE, Math.toIntExact(n), 0,
                    component));
        }
    }

}
