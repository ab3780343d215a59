package io.github.lstmhdl.sim;

import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Int8Params;
import io.github.lstmhdl.isa.Int8Params.Format;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.quant.FixedPoint;
import io.github.lstmhdl.quant.Int16Activation;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The int8 kernels (docs/isa.md §4a): integer arithmetic on the bytes of an {@link Int8Memory}. Each
 * computing instruction finds its parameter record (formats, zero points, multipliers and shifts;
 * {@link Int8Params}) at its operand c's offset, and an operand's elements are int8 or int16 as the record
 * says. The processor has checked each operand's first n bytes (one byte per element); this class checks
 * the rest of an int16 operand (2n bytes, an even address) and the record before it reads or writes
 * anything. Sources are read into scratch arrays before the destination is written, so any overlap
 * gives the result of reading first. Not thread-safe.
 */
final class Int8Kernels implements KernelSet {
    private final byte[] mem;
    private final Instruction[] program;
    private int[] scratchA = new int[256];
    private int[] scratchB = new int[256];

    Int8Kernels(byte[] mem, Instruction[] program) {
        this.mem = mem;
        this.program = program;
    }

    @Override
    public boolean fastPath(int pc) {
        return false;
    }

    /** The int8 FC is not the memory-bound float32 one: it computes one execution at a time. */
    @Override
    public boolean computeAhead(int pc, int[] x, int steps, int rows, int cols) {
        return false;
    }

    @Override
    public void fc(int pc, int w, int rowStride, int x, int bias, int dst, int rows, int cols, boolean accumulate,
            ActivationCode act, int gateRows, int ahead) throws SimulationException {
        if (act.floatOnly()) {
            throw new SimulationException(pc, Opcode.FC, act + " is not an int8 activation (docs/isa.md §4a)");
        }
        Instruction in = program[pc];
        Int8Params.Fc p = fcRecord(pc, in, rows);
        Format df = p.dst();
        check(pc, in, "dst", dst, rows, df);
        boolean sigmoidOrTanh = act == ActivationCode.SIGMOID || act == ActivationCode.TANH
                || act == ActivationCode.LSTM_GATES;
        if (sigmoidOrTanh && df != Format.I16) {
            throw new SimulationException(pc, Opcode.FC, act + " in the write-back needs an int16 dst (Q3.12 in,"
                    + " Q0.15 out), but the record's dst format is I8");
        }
        int[] bias32 = p.bias();
        FixedPoint.Multiplier[] m = p.multipliers();
        int[] out = scratchA(rows);
        int zx = p.zeroX();
        for (int r = 0; r < rows; r++) {
            long acc = 0;
            int row = w + r * rowStride;
            for (int c = 0; c < cols; c++) {
                acc += mem[row + c] * (mem[x + c] - zx);
            }
            if (bias != NO_BIAS) {
                acc += bias32[r];
            }
            int v = FixedPoint.multiply(FixedPoint.saturate(acc, Integer.MIN_VALUE, Integer.MAX_VALUE), m[r]);
            long u = (accumulate ? load(df, dst, r) : p.zeroD()) + (long) v;
            int s = df.saturate(u);
            out[r] = switch (act) {
                case NONE -> s;
                case RELU -> Math.max(s, p.zeroD());
                case SIGMOID -> Int16Activation.SIGMOID.apply((short) s);
                case TANH -> Int16Activation.TANH.apply((short) s);
                case LSTM_GATES -> gate(r, gateRows).apply((short) s);
                case ELU, PRELU -> throw new IllegalStateException("the processor rejects " + act + " on FC");
                case GELU, GELU_TANH -> throw new IllegalStateException("the compiler rejects " + act + " for int8");
            };
        }
        for (int r = 0; r < rows; r++) {
            store(df, dst, r, out[r]);
        }
    }

    private static Int16Activation gate(int row, int gateRows) {
        return row / gateRows == 2 ? Int16Activation.TANH : Int16Activation.SIGMOID;
    }

    @Override
    public void add(int pc, int a, int b, int dst, int n) throws SimulationException {
        sum(pc, a, b, dst, n, 1);
    }

    @Override
    public void sub(int pc, int a, int b, int dst, int n) throws SimulationException {
        sum(pc, a, b, dst, n, -1);
    }

    /** MAX has no int8 form (docs/isa.md §4a): an int8 program that holds one fails at it. */
    @Override
    public void max(int pc, int a, int b, int dst, int n) throws SimulationException {
        throw new SimulationException(pc, Opcode.MAX, "MAX has no int8 form (docs/isa.md §4a)");
    }

    /** ADD (sign 1) and SUB (sign −1): dst = zd + M1(a − za) ± M2(b − zb), saturated. */
    private void sum(int pc, int a, int b, int dst, int n, int sign) throws SimulationException {
        Int8Params.Elementwise p = binaryOperands(pc, a, b, dst, n);
        int[] va = scratchA;
        int[] vb = scratchB;
        for (int i = 0; i < n; i++) {
            long u = p.zeroD() + (long) FixedPoint.multiply(va[i], p.m1())
                    + sign * (long) FixedPoint.multiply(vb[i], p.m2());
            store(p.dst(), dst, i, p.dst().saturate(u));
        }
    }

    /** MUL: dst = zd + M1((a − za) · (b − zb)), saturated (the product is exact in int32). */
    @Override
    public void mul(int pc, int a, int b, int dst, int n) throws SimulationException {
        Int8Params.Elementwise p = binaryOperands(pc, a, b, dst, n);
        int[] va = scratchA;
        int[] vb = scratchB;
        for (int i = 0; i < n; i++) {
            long u = p.zeroD() + (long) FixedPoint.multiply(va[i] * vb[i], p.m1());
            store(p.dst(), dst, i, p.dst().saturate(u));
        }
    }

    /**
     * The record of a two-source instruction, after checking its operands and reading a − za into
     * {@link #scratchA} and b − zb into {@link #scratchB}.
     */
    private Int8Params.Elementwise binaryOperands(int pc, int a, int b, int dst, int n) throws SimulationException {
        Instruction in = program[pc];
        Int8Params.Elementwise p = elementwiseRecord(pc, in);
        read(pc, in, "a", a, n, p.a(), p.zeroA(), scratchA(n));
        read(pc, in, "b", b, n, p.b(), p.zeroB(), scratchB(n));
        check(pc, in, "dst", dst, n, p.dst());
        return p;
    }

    /**
     * ACT. NONE: zd + M1(a − za); RELU: zd + M1(max(a − za, 0)); SIGMOID, TANH, LSTM_GATES: the table
     * function of q = sat16(M1(a − za)) read as Q3.12, giving Q0.15, stored as it is into an int16 dst or
     * as zd + M2(y) into an int8 dst; every result saturated to dst's format.
     */
    @Override
    public void activate(int pc, ActivationCode act, int gateRows, int a, int params, int dst, int n)
            throws SimulationException {
        Instruction in = program[pc];
        if (act.floatOnly()) {
            throw new SimulationException(pc, Opcode.ACT, act + " is not an int8 activation (docs/isa.md §4a)");
        }
        Int8Params.Elementwise p = elementwiseRecord(pc, in);
        int[] va = read(pc, in, "a", a, n, p.a(), p.zeroA(), scratchA(n));
        check(pc, in, "dst", dst, n, p.dst());
        for (int i = 0; i < n; i++) {
            long u = switch (act) {
                case NONE -> p.zeroD() + (long) FixedPoint.multiply(va[i], p.m1());
                case RELU -> p.zeroD() + (long) FixedPoint.multiply(Math.max(va[i], 0), p.m1());
                case SIGMOID, TANH, LSTM_GATES -> {
                    Int16Activation f = act == ActivationCode.SIGMOID ? Int16Activation.SIGMOID
                            : act == ActivationCode.TANH ? Int16Activation.TANH : gate(i, gateRows);
                    short q = (short) Format.I16.saturate(FixedPoint.multiply(va[i], p.m1()));
                    int y = f.apply(q);
                    yield p.dst() == Format.I16 ? y : p.zeroD() + (long) FixedPoint.multiply(y, p.m2());
                }
                case ELU, PRELU -> throw new IllegalStateException("rejected above");
                case GELU, GELU_TANH -> throw new IllegalStateException("the compiler rejects " + act + " for int8");
            };
            store(p.dst(), dst, i, p.dst().saturate(u));
        }
    }

    @Override
    public void layerNorm(int pc, int a, int params, int dst, int n) throws SimulationException {
        throw new SimulationException(pc, Opcode.NORM, "NORM is not an int8 operation (docs/isa.md §4a)");
    }

    @Override
    public void softmax(int pc, int a, int dst, int n, boolean log) throws SimulationException {
        throw new SimulationException(pc, Opcode.SOFTMAX, "SOFTMAX is not an int8 operation (docs/isa.md §4a:"
                + " an int8 network's softmax runs on the host, on the dequantized output)");
    }

    /** COPY and STATE_INIT: n bytes, unchanged. */
    @Override
    public void copy(int pc, int a, int dst, int n) {
        System.arraycopy(mem, a, mem, dst, n);
    }

    /** STATE_INIT with FLAG_ZERO: n zero bytes. */
    @Override
    public void zero(int pc, int dst, int n) {
        Arrays.fill(mem, dst, dst + n, (byte) 0);
    }

    /** The signed value of element i of a format at byte address at. */
    private int load(Format f, int at, int i) {
        return switch (f) {
            case I8 -> mem[at + i];
            case I16 -> (short) (mem[at + 2 * i] & 0xFF | mem[at + 2 * i + 1] << 8);
        };
    }

    private void store(Format f, int at, int i, int v) {
        switch (f) {
            case I8 -> mem[at + i] = (byte) v;
            case I16 -> {
                mem[at + 2 * i] = (byte) v;
                mem[at + 2 * i + 1] = (byte) (v >> 8);
            }
        }
    }

    /** Checks an operand's range, then reads its n elements minus the zero point into {@code out}. */
    private int[] read(int pc, Instruction in, String role, int at, int n, Format f, int zero, int[] out)
            throws SimulationException {
        check(pc, in, role, at, n, f);
        for (int i = 0; i < n; i++) {
            out[i] = load(f, at, i) - zero;
        }
        return out;
    }

    /** An int16 operand: an even address and 2n bytes inside the memory (the processor checked n). */
    private void check(int pc, Instruction in, String role, int at, int n, Format f) throws SimulationException {
        if (f == Format.I16) {
            if ((at & 1) != 0) {
                throw new SimulationException(pc, in.opcode(), String.format(java.util.Locale.ROOT,
                        "int16 operand %s address 0x%08x is not 2-byte aligned", role, at));
            }
            long end = at + 2L * n;
            if (end > mem.length) {
                throw new SimulationException(pc, in.opcode(), String.format(java.util.Locale.ROOT,
                        "int16 operand %s: bytes [0x%08x, 0x%08x) lie outside the simulated memory "
                                + "[0x00000000, 0x%08x) (EndOffset)", role, at, end, mem.length));
            }
        }
    }

    private Int8Params.Elementwise elementwiseRecord(int pc, Instruction in) throws SimulationException {
        ByteBuffer b = record(pc, in, Int8Params.Elementwise.BYTES);
        try {
            return Int8Params.decodeElementwise(b);
        } catch (IllegalArgumentException e) {
            throw new SimulationException(pc, in.opcode(), recordAt(in) + e.getMessage());
        }
    }

    private Int8Params.Fc fcRecord(int pc, Instruction in, int rows) throws SimulationException {
        ByteBuffer b = record(pc, in, Int8Params.Fc.bytes(rows));
        try {
            return Int8Params.decodeFc(b, rows);
        } catch (IllegalArgumentException e) {
            throw new SimulationException(pc, in.opcode(), recordAt(in) + e.getMessage());
        }
    }

    private static String recordAt(Instruction in) {
        return String.format(java.util.Locale.ROOT, "parameter record at 0x%08x: ", in.c().offset());
    }

    /** The record's bytes at c's offset, after checking that they lie inside the memory. */
    private ByteBuffer record(int pc, Instruction in, long bytes) throws SimulationException {
        long at = in.c().offset();
        if (at + bytes > mem.length) {
            throw new SimulationException(pc, in.opcode(), String.format(java.util.Locale.ROOT,
                    "parameter record (operand c): bytes [0x%08x, 0x%08x) lie outside the simulated memory "
                            + "[0x00000000, 0x%08x) (EndOffset)", at, at + bytes, mem.length));
        }
        return ByteBuffer.wrap(mem, (int) at, (int) bytes).slice();
    }

    private int[] scratchA(int n) {
        if (scratchA.length < n) {
            scratchA = new int[Math.max(n, scratchA.length * 2)];
        }
        return scratchA;
    }

    private int[] scratchB(int n) {
        if (scratchB.length < n) {
            scratchB = new int[Math.max(n, scratchB.length * 2)];
        }
        return scratchB;
    }
}
