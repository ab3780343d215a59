package io.github.lstmhdl.sim;

import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.LoopStructure;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.isa.Operand;
import io.github.lstmhdl.isa.SchedulerData;
import io.github.lstmhdl.timing.CycleCounts;
import io.github.lstmhdl.timing.TimingModel;
import io.github.lstmhdl.timing.TimingParameters;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The processor's control: executes a decoded program on the simulated memory. It reads the run
 * parameters (sequence length T, reset bit, sequence index) from the scheduler data, runs from
 * instruction 0 to HALT and writes the status back. Every operand's byte range is checked (aligned to the
 * element size, inside [0, EndOffset)) each time the instruction executes, before any element is touched;
 * the arithmetic is the {@link KernelSet} of the memory's element type. Not thread-safe.
 */
final class Processor {
    private final Instruction[] program;
    private final SimulatedMemory memory;
    private final KernelSet kernels;
    /** Bytes per element, a power of two, and its log2: a byte address is element index << shift. */
    private final int elementBytes;
    private final int shift;
    private final long schedulerOffset;
    private final int maxSteps;
    /** The program header's fixed sequence length: the only T a run may have; 0 for any. */
    private final long fixedLength;
    /** The run's sequence index n (u32), which STATE_INIT's source stride multiplies. */
    private int sequenceIndex;
    /** The profile of the runs since {@link #profile(TimingParameters)}, or null when not profiling. */
    private TimingParameters timing;
    private long[] profileExecutions;
    private long[] profileCycles;

    /**
     * @param program         the decoded program
     * @param memory          the memory, already holding the image
     * @param schedulerOffset byte offset of the scheduler data
     * @param maxSteps        the largest sequence length a run may have (the frame limit)
     * @param readOnlyStart   first byte of the range the host never writes (the FC weight region)
     * @param readOnlyEnd     end (exclusive) of that range
     * @param fixedLength     the only sequence length the program runs at (its header's), 0 for any
     * @throws SimulationException when a LOOP's body runs past the program end or holds another LOOP
     */
    Processor(List<Instruction> program, SimulatedMemory memory, long schedulerOffset, int maxSteps,
            long readOnlyStart, long readOnlyEnd, long fixedLength) throws SimulationException {
        this.fixedLength = fixedLength;
        Optional<LoopStructure.Violation> loops = LoopStructure.firstViolation(program, Instruction::opcode,
                Instruction::aux);
        if (loops.isPresent()) {
            throw new SimulationException(loops.get().index(), Opcode.LOOP, loops.get().reason());
        }
        this.program = program.toArray(new Instruction[0]);
        this.memory = memory;
        this.elementBytes = memory.elementBytes();
        if (Integer.bitCount(elementBytes) != 1) {
            throw new IllegalArgumentException("element size " + elementBytes + " is not a power of two");
        }
        this.shift = Integer.numberOfTrailingZeros(elementBytes);
        this.schedulerOffset = schedulerOffset;
        this.maxSteps = maxSteps;
        this.kernels = memory.kernels(this.program, readOnlyStart, readOnlyEnd, maxSteps);
    }

    /** Whether the FC at instruction {@code pc} runs on its kernel set's fast path. */
    boolean fastPath(int pc) {
        return kernels.fastPath(pc);
    }

    /**
     * From the next run on, counts every executed instruction's cycles by the timing model
     * ({@link TimingModel#cycles}, evaluated at each execution), afresh in each run.
     */
    void profile(TimingParameters parameters) {
        timing = parameters;
        profileExecutions = new long[program.length];
        profileCycles = new long[program.length];
    }

    /** The counts of the last run, of {@code steps} time steps; null when not profiling. */
    CycleCounts profileCounts(int steps) {
        return timing == null ? null : new CycleCounts(steps, profileExecutions, profileCycles);
    }

    private void executed(int pc, Instruction in) {
        if (timing != null) {
            profileExecutions[pc]++;
            profileCycles[pc] += TimingModel.cycles(in, timing);
        }
    }

    private void iterated(int pc) {
        if (timing != null) {
            profileCycles[pc] += TimingModel.LOOP_ITERATION_CYCLES;
        }
    }

    /** Runs the program once with the parameters in the scheduler data; writes STATUS and STEPS_DONE. */
    void run() throws SimulationException {
        memory.writeWord(schedulerOffset + SchedulerData.STATUS, 0);
        int steps = memory.readWord(schedulerOffset + SchedulerData.SEQUENCE_LENGTH);
        boolean reset = (memory.readWord(schedulerOffset + SchedulerData.CONTROL) & SchedulerData.CONTROL_RESET) != 0;
        sequenceIndex = memory.readWord(schedulerOffset + SchedulerData.SEQUENCE_INDEX);
        if (steps < 1 || steps > maxSteps) {
            throw new SimulationException("scheduler data", "sequence length " + Integer.toUnsignedString(steps)
                    + " is outside 1 to the frame limit " + maxSteps);
        }
        if (fixedLength != 0 && steps != fixedLength) {
            throw new SimulationException("scheduler data", "sequence length " + steps + " is not " + fixedLength
                    + ", the only length this program runs at (its header's fixed sequence length: a convolution"
                    + " over time was compiled for sequences of exactly " + fixedLength + " steps)");
        }
        if (timing != null) {
            Arrays.fill(profileExecutions, 0);
            Arrays.fill(profileCycles, 0);
        }
        execute(steps, reset);
        memory.writeWord(schedulerOffset + SchedulerData.STEPS_DONE, steps);
        memory.writeWord(schedulerOffset + SchedulerData.STATUS, SchedulerData.STATUS_DONE);
    }

    private void execute(int steps, boolean reset) throws SimulationException {
        int pc = 0;
        while (pc < program.length) {
            Instruction in = program[pc];
            Opcode op = in.opcode();
            if (op == Opcode.HALT) {
                executed(pc, in);
                return;
            }
            if (op == Opcode.LOOP) {
                executed(pc, in);
                int body = in.aux();
                boolean reverse = in.has(Instruction.FLAG_REVERSE);
                // m = 0: one iteration per step of the run; m > 0: m iterations, whatever the run's T
                int count = in.m() == 0 ? steps : in.m();
                for (int j = 0; j < count; j++) {
                    iterated(pc);
                    int t = reverse ? count - 1 - j : j;
                    for (int i = pc + 1; i <= pc + body; i++) {
                        Instruction b = program[i];
                        if (b.opcode() == Opcode.HALT) {
                            executed(i, b);
                            return;
                        }
                        if (b.has(Instruction.FLAG_FIRST_ITERATION) && j != 0
                                || b.has(Instruction.FLAG_LAST_ITERATION) && j != count - 1) {
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
        executed(pc, in);
        int n = in.n();
        switch (in.opcode()) {
            case NOP, HALT, LOOP -> {
            }
            case FC -> fc(pc, in, t);
            case ADD -> kernels.add(pc, index(pc, in, "a", in.a(), t, n), index(pc, in, "b", in.b(), t, n),
                    index(pc, in, "dst", in.dst(), t, n), n);
            case MUL -> kernels.mul(pc, index(pc, in, "a", in.a(), t, n), index(pc, in, "b", in.b(), t, n),
                    index(pc, in, "dst", in.dst(), t, n), n);
            case MAX -> kernels.max(pc, index(pc, in, "a", in.a(), t, n), index(pc, in, "b", in.b(), t, n),
                    index(pc, in, "dst", in.dst(), t, n), n);
            case SUB -> kernels.sub(pc, index(pc, in, "a", in.a(), t, n), index(pc, in, "b", in.b(), t, n),
                    index(pc, in, "dst", in.dst(), t, n), n);
            case ACT -> act(pc, in, t);
            case COPY -> kernels.copy(pc, index(pc, in, "a", in.a(), t, n), index(pc, in, "dst", in.dst(), t, n), n);
            case SOFTMAX -> kernels.softmax(pc, index(pc, in, "a", in.a(), t, n), index(pc, in, "dst", in.dst(), t, n), n,
                    in.has(Instruction.FLAG_LOG));
            case STATE_INIT -> {
                if (reset) {
                    int d = index(pc, in, "dst", in.dst(), t, n);
                    if (in.has(Instruction.FLAG_ZERO)) {
                        kernels.zero(pc, d, n);
                    } else {
                        // the source is addressed by the sequence index, not the time step
                        kernels.copy(pc, index(pc, in, "a", in.a(), Integer.toUnsignedLong(sequenceIndex), n), d, n);
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
        long weightElements = rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * rowStride + cols;
        int w = index(pc, in, "w", in.a(), t, weightElements);
        int x = index(pc, in, "x", in.b(), t, cols);
        int b = bias ? index(pc, in, "bias", in.c(), t, rows) : KernelSet.NO_BIAS;
        int d = index(pc, in, "dst", in.dst(), t, rows);
        kernels.fc(pc, w, rowStride, x, b, d, rows, cols, accumulate, act, in.aux());
    }

    private void act(int pc, Instruction in, int t) throws SimulationException {
        int n = in.n();
        ActivationCode code = in.activation();
        if (code == ActivationCode.LSTM_GATES && (in.aux() == 0 || n > 4L * in.aux())) {
            throw new SimulationException(pc, Opcode.ACT, "LSTM_GATES needs 1 to 4 gates of aux rows, but aux is "
                    + in.aux() + " for " + n + " elements");
        }
        kernels.activate(pc, code, in.aux(), index(pc, in, "a", in.a(), t, n), index(pc, in, "dst", in.dst(), t, n), n);
    }

    /**
     * The element index of an operand at time step t, after checking that its {@code elements} elements
     * lie aligned to the element size inside the memory.
     */
    private int index(int pc, Instruction in, String role, Operand op, long t, long elements)
            throws SimulationException {
        long address = op.offset() + (long) op.stride() * t;
        if ((address & (elementBytes - 1)) != 0) {
            throw new SimulationException(pc, in.opcode(), String.format(Locale.ROOT,
                    "operand %s address 0x%08x (t=%d) is not %d-byte aligned", role, address, t, elementBytes));
        }
        long end = address + elementBytes * elements;
        if (address < 0 || end > memory.limitBytes()) {
            throw new SimulationException(pc, in.opcode(), String.format(Locale.ROOT,
                    "operand %s address 0x%08x (t=%d): bytes [0x%08x, 0x%08x) lie outside the simulated memory "
                            + "[0x00000000, 0x%08x) (EndOffset)",
                    role, address, t, address, end, memory.limitBytes()));
        }
        return (int) (address >>> shift);
    }
}
