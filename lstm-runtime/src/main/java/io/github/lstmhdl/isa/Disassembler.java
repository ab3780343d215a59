package io.github.lstmhdl.isa;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * Turns a program into readable lines, one per instruction, such as
 * {@code   12  FC       dst=0x00061000 w=0x00063000 x=0x00060000 b=0x00064000 rows=32 cols=16 act=LSTM_GATES gate=8}.
 * An optional symbolizer names the offsets ({@code lstm_1.wi.weights}).
 */
public final class Disassembler {
    private Disassembler() {
    }

    /** One line per instruction, with raw offsets. */
    public static List<String> disassemble(List<Instruction> program) {
        return disassemble(program, offset -> null);
    }

    /**
     * One line per instruction; {@code symbolizer} returns a name for an offset, or null.
     */
    public static List<String> disassemble(List<Instruction> program, LongFunction<String> symbolizer) {
        List<String> lines = new ArrayList<>(program.size());
        int loopEnd = -1;
        for (int i = 0; i < program.size(); i++) {
            Instruction in = program.get(i);
            String indent = i <= loopEnd ? "    " : "  ";
            lines.add(String.format(Locale.ROOT, "%5d %s%s", i, indent, format(in, symbolizer)));
            if (in.opcode() == Opcode.LOOP) {
                loopEnd = i + in.aux();
            }
        }
        return lines;
    }

    /** One instruction as text. */
    public static String format(Instruction in, LongFunction<String> symbolizer) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-10s", in.opcode()));
        switch (in.opcode()) {
            case FC -> {
                operand(sb, "dst", in.dst(), symbolizer);
                operand(sb, "w", in.a(), symbolizer);
                operand(sb, "x", in.b(), symbolizer);
                if (!in.has(Instruction.FLAG_NO_BIAS) && !in.has(Instruction.FLAG_ACCUMULATE)) {
                    operand(sb, "b", in.c(), symbolizer);
                }
                sb.append(" rows=").append(in.n()).append(" cols=").append(in.m());
                if (in.rowStride() != in.m()) {
                    sb.append(" rowstride=").append(in.rowStride());
                }
                if (in.activation() != ActivationCode.NONE) {
                    sb.append(" act=").append(in.activation());
                }
                if (in.activation() == ActivationCode.LSTM_GATES) {
                    sb.append(" gate=").append(in.aux());
                }
            }
            case ADD, MUL, SUB, NORM, MAX -> {
                operand(sb, "dst", in.dst(), symbolizer);
                operand(sb, "a", in.a(), symbolizer);
                operand(sb, "b", in.b(), symbolizer);
                sb.append(" n=").append(in.n());
            }
            case ACT -> {
                sb.append(' ').append(in.activation());
                operand(sb, "dst", in.dst(), symbolizer);
                operand(sb, "a", in.a(), symbolizer);
                if (in.activation().parameterized()) {
                    operand(sb, "b", in.b(), symbolizer);
                }
                sb.append(" n=").append(in.n());
            }
            case COPY, SOFTMAX -> {
                operand(sb, "dst", in.dst(), symbolizer);
                operand(sb, "a", in.a(), symbolizer);
                sb.append(" n=").append(in.n());
            }
            case STATE_INIT -> {
                operand(sb, "dst", in.dst(), symbolizer);
                if (!in.has(Instruction.FLAG_ZERO)) {
                    operand(sb, "a", in.a(), symbolizer, "*seq");
                }
                sb.append(" n=").append(in.n());
            }
            case LOOP -> sb.append(" body=").append(in.aux())
                    .append(in.has(Instruction.FLAG_REVERSE) ? " reverse" : " forward")
                    .append(in.m() == 0 ? "" : " count=" + in.m());
            case NOP, HALT -> {
            }
        }
        flags(sb, in);
        return sb.toString().stripTrailing();
    }

    private static void operand(StringBuilder sb, String name, Operand op, LongFunction<String> symbolizer) {
        operand(sb, name, op, symbolizer, "*t");
    }

    /** An operand whose stride multiplies {@code index} ("*t", or "*seq" for STATE_INIT's source). */
    private static void operand(StringBuilder sb, String name, Operand op, LongFunction<String> symbolizer,
            String index) {
        sb.append(' ').append(name).append('=').append(String.format(Locale.ROOT, "0x%08x", op.offset()));
        String symbol = symbolizer.apply(op.offset());
        if (symbol != null) {
            sb.append('<').append(symbol).append('>');
        }
        if (op.stride() != 0) {
            sb.append(op.stride() > 0 ? "+" : "").append(op.stride()).append(index);
        }
    }

    private static void flags(StringBuilder sb, Instruction in) {
        if (in.opcode() == Opcode.LOOP) {
            return;
        }
        if (in.has(Instruction.FLAG_ZERO)) {
            sb.append(" zero");
        }
        if (in.has(Instruction.FLAG_LOG)) {
            sb.append(" log");
        }
        if (in.has(Instruction.FLAG_ACCUMULATE)) {
            sb.append(" accumulate");
        }
        if (in.has(Instruction.FLAG_LAST_STEP)) {
            sb.append(" at=last");
        }
        if (in.has(Instruction.FLAG_FIRST_ITERATION)) {
            sb.append(" if=first");
        }
        if (in.has(Instruction.FLAG_LAST_ITERATION)) {
            sb.append(" if=last");
        }
        if (in.has(Instruction.FLAG_NO_BIAS)) {
            sb.append(" nobias");
        }
    }
}
