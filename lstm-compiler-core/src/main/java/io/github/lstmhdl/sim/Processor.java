package io.github.lstmhdl.sim;

import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.isa.Operand;
import io.github.lstmhdl.isa.SchedulerData;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The processor: executes a decoded program on the simulated memory. It reads the run parameters
 * (sequence length T, reset bit, sequence index) from the scheduler data, runs from instruction 0 to HALT and writes the
 * status back. Every operand's byte range is checked (4-byte aligned, inside [0, EndOffset)) each time
 * the instruction executes, before any word is touched. Not thread-safe.
 */
final class Processor {
    private final Instruction[] program;
    private final SimulatedMemory memory;
    private final float[] mem;
    private final long schedulerOffset;
    private final int maxSteps;
    /** Per instruction: the column-major weights of an FC on the fast path, else null. */
    private final float[][][] columns;
    /** Reused for FC results and overlapping elementwise operands; grows, never per instruction. */
    private float[] scratch = new float[256];
    /** The run's sequence index n (u32), which STATE_INIT's source stride multiplies. */
    private int sequenceIndex;
    /** Work buffer of the activations (chunks of this length). */
    private final double[] work = new double[1024];

    /**
     * @param program         the decoded program
     * @param memory          the memory, already holding the image
     * @param schedulerOffset byte offset of the scheduler data
     * @param maxSteps        the largest sequence length a run may have (the frame limit)
     * @param readOnlyStart   first byte of the range the host never writes (the FC weight region)
     * @param readOnlyEnd     end (exclusive) of that range
     * @throws SimulationException when a LOOP's body runs past the program end or holds another LOOP
     */
    Processor(List<Instruction> program, SimulatedMemory memory, long schedulerOffset, int maxSteps,
            long readOnlyStart, long readOnlyEnd) throws SimulationException {
        this.program = program.toArray(new Instruction[0]);
        this.memory = memory;
        this.mem = memory.words;
        this.schedulerOffset = schedulerOffset;
        this.maxSteps = maxSteps;
        checkLoops();
        this.columns = fastPath(readOnlyStart, readOnlyEnd);
    }

    /** Column-major weight copies within a quarter of the heap; none if the JVM cannot allocate them. */
    private float[][][] fastPath(long readOnlyStart, long readOnlyEnd) {
        long budgetWords = Runtime.getRuntime().maxMemory() / 16;
        try {
            return TransposedWeights.build(program, mem, readOnlyStart, readOnlyEnd, maxSteps, budgetWords);
        } catch (OutOfMemoryError e) {
            return new float[program.length][][];
        }
    }

    /** Whether the FC at instruction {@code pc} reads a column-major copy of its weights. */
    boolean fastPath(int pc) {
        return columns[pc] != null;
    }

    private void checkLoops() throws SimulationException {
        for (int i = 0; i < program.length; i++) {
            if (program[i].opcode() != Opcode.LOOP) {
                continue;
            }
            long last = (long) i + program[i].aux();
            if (last >= program.length) {
                throw new SimulationException(i, Opcode.LOOP, "the loop body of " + program[i].aux()
                        + " instructions runs past the end of the program (" + program.length + " instructions)");
            }
            for (int j = i + 1; j <= last; j++) {
                if (program[j].opcode() == Opcode.LOOP) {
                    throw new SimulationException(j, Opcode.LOOP, "a LOOP inside the body of the loop at instruction "
                            + i + " (loops do not nest)");
                }
            }
        }
    }

    /** Runs the program once with the parameters in the scheduler data; writes STATUS and STEPS_DONE. */
    void run() throws SimulationException {
        memory.writeInt(schedulerOffset + SchedulerData.STATUS, 0);
        int steps = memory.readInt(schedulerOffset + SchedulerData.SEQUENCE_LENGTH);
        boolean reset = (memory.readInt(schedulerOffset + SchedulerData.CONTROL) & SchedulerData.CONTROL_RESET) != 0;
        sequenceIndex = memory.readInt(schedulerOffset + SchedulerData.SEQUENCE_INDEX);
        if (steps < 1 || steps > maxSteps) {
            throw new SimulationException("scheduler data", "sequence length " + Integer.toUnsignedString(steps)
                    + " is outside 1 to the frame limit " + maxSteps);
        }
        execute(steps, reset);
        memory.writeInt(schedulerOffset + SchedulerData.STEPS_DONE, steps);
        memory.writeInt(schedulerOffset + SchedulerData.STATUS, SchedulerData.STATUS_DONE);
    }

    private void execute(int steps, boolean reset) throws SimulationException {
        int pc = 0;
        while (pc < program.length) {
            Instruction in = program[pc];
            Opcode op = in.opcode();
            if (op == Opcode.HALT) {
                return;
            }
            if (op == Opcode.LOOP) {
                int body = in.aux();
                boolean reverse = in.has(Instruction.FLAG_REVERSE);
                for (int j = 0; j < steps; j++) {
                    int t = reverse ? steps - 1 - j : j;
                    for (int i = pc + 1; i <= pc + body; i++) {
                        Instruction b = program[i];
                        if (b.opcode() == Opcode.HALT) {
                            return;
                        }
                        if (b.has(Instruction.FLAG_FIRST_ITERATION) && j != 0
                                || b.has(Instruction.FLAG_LAST_ITERATION) && j != steps - 1) {
                            continue;
                        }
                        step(i, b, t, reset);
                    }
                }
                pc += body + 1;
            } else {
                step(pc, in, in.has(Instruction.FLAG_LAST_STEP) ? steps - 1 : 0, reset);
                pc++;
            }
        }
        throw new SimulationException(program.length - 1, program.length == 0 ? null : program[program.length - 1].opcode(),
                "the program ran past its last instruction without HALT (" + program.length + " instructions)");
    }

    private void step(int pc, Instruction in, int t, boolean reset) throws SimulationException {
        switch (in.opcode()) {
            case NOP, HALT, LOOP -> {
            }
            case FC -> fc(pc, in, t);
            case ADD, MUL, SUB -> binary(pc, in, t);
            case ACT -> act(pc, in, t);
            case COPY -> {
                int n = in.n();
                int a = index(pc, in, "a", in.a(), t, n);
                int d = index(pc, in, "dst", in.dst(), t, n);
                System.arraycopy(mem, a, mem, d, n);
            }
            case SOFTMAX -> {
                int n = in.n();
                int a = index(pc, in, "a", in.a(), t, n);
                int d = index(pc, in, "dst", in.dst(), t, n);
                if (d != a && overlaps(d, a, n)) {
                    float[] s = scratch(n);
                    System.arraycopy(mem, a, s, 0, n);
                    Activations.softmax(s, 0, mem, d, n, in.has(Instruction.FLAG_LOG));
                } else {
                    Activations.softmax(mem, a, mem, d, n, in.has(Instruction.FLAG_LOG));
                }
            }
            case STATE_INIT -> {
                if (reset) {
                    int n = in.n();
                    int d = index(pc, in, "dst", in.dst(), t, n);
                    if (in.has(Instruction.FLAG_ZERO)) {
                        Arrays.fill(mem, d, d + n, 0f);
                    } else {
                        // the source is addressed by the sequence index, not the time step
                        int a = index(pc, in, "a", in.a(), Integer.toUnsignedLong(sequenceIndex), n);
                        System.arraycopy(mem, a, mem, d, n);
                    }
                }
            }
        }
    }

    private void fc(int pc, Instruction in, int t) throws SimulationException {
        int rows = in.n();
        int cols = in.m();
        int rowStride = in.rowStride() == 0 ? cols : in.rowStride();
        if (rowStride < cols) {
            throw new SimulationException(pc, Opcode.FC, "row stride " + rowStride + " is smaller than the "
                    + cols + " columns");
        }
        ActivationCode act = in.activation();
        if (act == ActivationCode.LSTM_GATES && (in.aux() == 0 || rows > 4L * in.aux())) {
            throw new SimulationException(pc, Opcode.FC, "LSTM_GATES needs 1 to 4 gates of aux rows, but aux is "
                    + in.aux() + " for " + rows + " rows");
        }
        boolean accumulate = in.has(Instruction.FLAG_ACCUMULATE);
        boolean bias = !accumulate && !in.has(Instruction.FLAG_NO_BIAS);
        long weightWords = rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * rowStride + cols;
        int w = index(pc, in, "w", in.a(), t, weightWords);
        int x = index(pc, in, "x", in.b(), t, cols);
        int b = bias ? index(pc, in, "bias", in.c(), t, rows) : 0;
        int d = index(pc, in, "dst", in.dst(), t, rows);
        float[] s = scratch(rows);
        float[][] cached = columns[pc];
        if (cached != null) {
            FcKernel.matVecColumns(cached, mem, x, rows, cols, s);
        } else {
            FcKernel.matVec(mem, w, rowStride, x, rows, cols, s);
        }
        if (accumulate) {
            for (int r = 0; r < rows; r++) {
                s[r] = mem[d + r] + s[r];
            }
        } else if (bias) {
            for (int r = 0; r < rows; r++) {
                s[r] = s[r] + mem[b + r];
            }
        }
        Activations.apply(act, in.aux(), s, 0, mem, d, rows, 0, work);
    }

    private void binary(int pc, Instruction in, int t) throws SimulationException {
        int n = in.n();
        int a = index(pc, in, "a", in.a(), t, n);
        int b = index(pc, in, "b", in.b(), t, n);
        int d = index(pc, in, "dst", in.dst(), t, n);
        boolean viaScratch = d != a && overlaps(d, a, n) || d != b && overlaps(d, b, n);
        float[] out = viaScratch ? scratch(n) : mem;
        int o = viaScratch ? 0 : d;
        if (in.opcode() == Opcode.ADD) {
            for (int i = 0; i < n; i++) {
                out[o + i] = mem[a + i] + mem[b + i];
            }
        } else if (in.opcode() == Opcode.SUB) {
            for (int i = 0; i < n; i++) {
                out[o + i] = mem[a + i] - mem[b + i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[o + i] = mem[a + i] * mem[b + i];
            }
        }
        if (viaScratch) {
            System.arraycopy(out, 0, mem, d, n);
        }
    }

    private void act(int pc, Instruction in, int t) throws SimulationException {
        int n = in.n();
        ActivationCode code = in.activation();
        if (code == ActivationCode.LSTM_GATES && (in.aux() == 0 || n > 4L * in.aux())) {
            throw new SimulationException(pc, Opcode.ACT, "LSTM_GATES needs 1 to 4 gates of aux rows, but aux is "
                    + in.aux() + " for " + n + " elements");
        }
        int a = index(pc, in, "a", in.a(), t, n);
        int d = index(pc, in, "dst", in.dst(), t, n);
        if (d != a && overlaps(d, a, n)) {
            float[] s = scratch(n);
            System.arraycopy(mem, a, s, 0, n);
            Activations.apply(code, in.aux(), s, 0, mem, d, n, 0, work);
        } else {
            Activations.apply(code, in.aux(), mem, a, mem, d, n, 0, work);
        }
    }

    private static boolean overlaps(int p, int q, int n) {
        return p < q + n && q < p + n;
    }

    private float[] scratch(int n) {
        if (scratch.length < n) {
            scratch = new float[Math.max(n, scratch.length * 2)];
        }
        return scratch;
    }

    /**
     * The word index of an operand at time step t, after checking that its {@code words} words lie
     * 4-byte aligned inside the memory.
     */
    private int index(int pc, Instruction in, String role, Operand op, long t, long words) throws SimulationException {
        long address = op.offset() + (long) op.stride() * t;
        if ((address & 3) != 0) {
            throw new SimulationException(pc, in.opcode(), String.format(Locale.ROOT,
                    "operand %s address 0x%08x (t=%d) is not 4-byte aligned", role, address, t));
        }
        long end = address + 4 * words;
        if (address < 0 || end > memory.limitBytes) {
            throw new SimulationException(pc, in.opcode(), String.format(Locale.ROOT,
                    "operand %s address 0x%08x (t=%d): bytes [0x%08x, 0x%08x) lie outside the simulated memory "
                            + "[0x00000000, 0x%08x) (EndOffset)",
                    role, address, t, address, end, memory.limitBytes));
        }
        return (int) (address >>> 2);
    }
}
