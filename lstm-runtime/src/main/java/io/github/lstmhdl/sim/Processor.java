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
 *
 * <p>Time blocking: an FC in a LOOP whose input x no instruction of the loop writes, and whose weights
 * are on the kernel set's fast path (nothing ever writes them), computes the same products at step t
 * whether it reads x_t then or earlier. So at every {@link #STEP_BLOCK}-th iteration the processor has
 * the kernel set compute that FC's products for the block's iterations at once ({@link
 * KernelSet#computeAhead}), which reads the weights once per block instead of once per step; the
 * bias, accumulation, activation and write of each step still happen at that step, and every operand is
 * still checked at every execution (a block whose x ranges are not all valid is not computed ahead, so
 * an error surfaces at the step it belongs to). The results are bit-identical either way.
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
    /** The iterations per block of {@link KernelSet#computeAhead}. */
    static final int STEP_BLOCK = 32;
    /** Per instruction: whether it is an FC that may have its products computed ahead (see above). */
    private final boolean[] blockable;
    /** Per instruction: whether the current block's products of that FC were computed ahead. */
    private final boolean[] computedAhead;
    /** The x indices of the block being computed ahead. */
    private final int[] aheadX = new int[STEP_BLOCK];
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
        this.blockable = blockable();
        this.computedAhead = new boolean[this.program.length];
    }

    /** The FCs that {@link KernelSet#computeAhead} may serve: see the class comment. */
    private boolean[] blockable() {
        boolean[] result = new boolean[program.length];
        for (int pc = 0; pc < program.length; pc++) {
            if (program[pc].opcode() != Opcode.LOOP) {
                continue;
            }
            int bodyEnd = pc + 1 + program[pc].aux();
            for (int i = pc + 1; i < bodyEnd; i++) {
                Instruction in = program[i];
                result[i] = in.opcode() == Opcode.FC && kernels.fastPath(i) && in.n() > 0 && in.m() > 0
                        && !in.has(Instruction.FLAG_FIRST_ITERATION) && !in.has(Instruction.FLAG_LAST_ITERATION)
                        && !ProgramWrites.writtenBy(program, pc + 1, bodyEnd, in.b(), in.m(), maxSteps, elementBytes);
            }
            pc = bodyEnd - 1;
        }
        return result;
    }

    /** Whether the FC at {@code pc} may have its products computed for blocks of steps ahead (tests). */
    boolean blockable(int pc) {
        return blockable[pc];
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
                    if (j % STEP_BLOCK == 0) {
                        computeAhead(pc + 1, pc + 1 + body, j, Math.min(STEP_BLOCK, count - j), count, reverse);
                    }
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
                        step(i, b, t, reset, j % STEP_BLOCK);
                    }
                }
                pc += body + 1;
            } else {
                step(pc, in, in.has(Instruction.FLAG_LAST_STEP) ? steps - 1 : 0, reset, KernelSet.NOT_AHEAD);
                pc++;
            }
        }
        throw new SimulationException(program.length - 1, program.length == 0 ? null : program[program.length - 1].opcode(),
                "the program ran past its last instruction without HALT (" + program.length + " instructions)");
    }

    /**
     * For the blockable FCs in the loop body [from, to): their products for iterations j to j + n − 1 of
     * {@code steps}, where the x operand of every one of those iterations is valid.
     */
    private void computeAhead(int from, int to, int j, int n, int iterations, boolean reverse) {
        for (int pc = from; pc < to; pc++) {
            if (!blockable[pc]) {
                continue;
            }
            Instruction in = program[pc];
            computedAhead[pc] = false;
            boolean valid = true;
            for (int k = 0; k < n && valid; k++) {
                long t = reverse ? iterations - 1 - (j + k) : j + k;
                long address = in.b().offset() + (long) in.b().stride() * t;
                valid = (address & (elementBytes - 1)) == 0 && address >= 0
                        && address + (long) elementBytes * in.m() <= memory.limitBytes();
                aheadX[k] = (int) (address >>> shift);
            }
            computedAhead[pc] = valid && kernels.computeAhead(pc, aheadX, n, in.n(), in.m());
        }
    }

    /**
     * Executes one instruction at time step t; {@code ahead} is the iteration's place in its block of
     * computed-ahead products, or {@link KernelSet#NOT_AHEAD} outside a loop.
     */
    private void step(int pc, Instruction in, int t, boolean reset, int ahead) throws SimulationException {
        executed(pc, in);
        int n = in.n();
        switch (in.opcode()) {
            case NOP, HALT, LOOP -> {
            }
            case FC -> fc(pc, in, t, ahead != KernelSet.NOT_AHEAD && computedAhead[pc] ? ahead : KernelSet.NOT_AHEAD);
            case ADD -> kernels.add(pc, index(pc, in, "a", in.a(), t, n), index(pc, in, "b", in.b(), t, n),
                    index(pc, in, "dst", in.dst(), t, n), n);
            case MUL -> kernels.mul(pc, index(pc, in, "a", in.a(), t, n), index(pc, in, "b", in.b(), t, n),
                    index(pc, in, "dst", in.dst(), t, n), n);
            case MAX -> kernels.max(pc, index(pc, in, "a", in.a(), t, n), index(pc, in, "b", in.b(), t, n),
                    index(pc, in, "dst", in.dst(), t, n), n);
            case SUB -> kernels.sub(pc, index(pc, in, "a", in.a(), t, n), index(pc, in, "b", in.b(), t, n),
                    index(pc, in, "dst", in.dst(), t, n), n);
            case ACT -> act(pc, in, t);
            case NORM -> kernels.layerNorm(pc, index(pc, in, "a", in.a(), t, n), index(pc, in, "b", in.b(), t,
                    2L * n + 1), index(pc, in, "dst", in.dst(), t, n), n);
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

    private void fc(int pc, Instruction in, int t, int ahead) throws SimulationException {
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
        if (act.parameterized()) {
            throw new SimulationException(pc, Opcode.FC, act + " is an ACT activation only (an FC's operand b is x)");
        }
        boolean accumulate = in.has(Instruction.FLAG_ACCUMULATE);
        boolean bias = !accumulate && !in.has(Instruction.FLAG_NO_BIAS);
        long weightElements = rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * rowStride + cols;
        int w = index(pc, in, "w", in.a(), t, weightElements);
        int x = index(pc, in, "x", in.b(), t, cols);
        int b = bias ? index(pc, in, "bias", in.c(), t, rows) : KernelSet.NO_BIAS;
        int d = index(pc, in, "dst", in.dst(), t, rows);
        kernels.fc(pc, w, rowStride, x, b, d, rows, cols, accumulate, act, in.aux(), ahead);
    }

    private void act(int pc, Instruction in, int t) throws SimulationException {
        int n = in.n();
        ActivationCode code = in.activation();
        if (code == ActivationCode.LSTM_GATES && (in.aux() == 0 || n > 4L * in.aux())) {
            throw new SimulationException(pc, Opcode.ACT, "LSTM_GATES needs 1 to 4 gates of aux rows, but aux is "
                    + in.aux() + " for " + n + " elements");
        }
        int params = code.parameterized() ? index(pc, in, "b", in.b(), t, n) : KernelSet.NO_PARAMS;
        kernels.activate(pc, code, in.aux(), index(pc, in, "a", in.a(), t, n), params,
                index(pc, in, "dst", in.dst(), t, n), n);
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
