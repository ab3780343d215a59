package io.github.lstmhdl.timing;

import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;

/**
 * The timing model of the processor (docs/isa.md §9): how many clock cycles one executed instruction
 * takes, from its fields and the {@link TimingParameters} alone. Nothing overlaps between instructions:
 * the processor issues one instruction, waits until it has written its result, then issues the next, so
 * a run's cycles are the sum over the executed instructions ({@link ProgramTiming}). Inside an FC the
 * lanes and the weight stream overlap, so the slower of the two counts.
 *
 * <p>The constants are the model's, to be checked against a cycle-accurate simulation of the RTL; the
 * specification is the document, and {@code TimingModelTest} holds this class to it.
 */
public final class TimingModel {
    /** Fetching and decoding one 64-byte instruction word: every executed instruction pays it. */
    public static final int ISSUE_CYCLES = 4;
    /** FC: filling the multiply-accumulate pipeline and the write-back with the activation. */
    public static final int FC_PIPELINE_CYCLES = 12;
    /** ADD, MUL, SUB, MAX, COPY, STATE_INIT and ACT with NONE, RELU or PRELU: the elementwise pipeline. */
    public static final int ELEMENTWISE_PIPELINE_CYCLES = 4;
    /** ACT with SIGMOID, TANH, LSTM_GATES or ELU: the activation block's pipeline. */
    public static final int ACTIVATION_PIPELINE_CYCLES = 8;
    /** NORM: passes over the n elements, one element a cycle (the mean, the variance, the write). */
    public static final int NORM_PASSES = 3;
    /** SOFTMAX: the exponential and the division after its three passes. */
    public static final int SOFTMAX_PIPELINE_CYCLES = 16;
    /** SOFTMAX: passes over the n elements, one element a cycle (the maximum, the sum, the write). */
    public static final int SOFTMAX_PASSES = 3;
    /** LOOP: each iteration of its body (the counter, t, the jump back); the LOOP itself pays only the issue. */
    public static final int LOOP_ITERATION_CYCLES = 2;

    private TimingModel() {
    }

    /**
     * The cycles of one execution of an instruction. LOOP is its issue only (its iterations are
     * {@link #LOOP_ITERATION_CYCLES} each, counted by the program's walk); STATE_INIT costs the same
     * whether the run's reset bit is set or not (the kernel runs, the reset bit gates its writes), so a
     * run's cycles do not depend on the reset bit.
     *
     * @param in the instruction
     * @param p  the processor's timing parameters
     * @return the cycles, saturated at {@link Long#MAX_VALUE} (never reached by a program that fits 4 GiB)
     */
    public static long cycles(Instruction in, TimingParameters p) {
        long n = in.n();
        return switch (in.opcode()) {
            case NOP, LOOP, HALT -> ISSUE_CYCLES;
            case FC -> add(ISSUE_CYCLES + FC_PIPELINE_CYCLES, Math.max(fcComputeCycles(in, p), fcMemoryCycles(in, p)));
            case ADD, MUL, SUB, MAX, COPY, STATE_INIT -> ISSUE_CYCLES + ELEMENTWISE_PIPELINE_CYCLES + lanePasses(n, p);
            case NORM -> ISSUE_CYCLES + ACTIVATION_PIPELINE_CYCLES + NORM_PASSES * (long) n;
            case ACT -> ISSUE_CYCLES + activationPipeline(in.activation()) + lanePasses(n, p);
            case SOFTMAX -> ISSUE_CYCLES + SOFTMAX_PIPELINE_CYCLES + SOFTMAX_PASSES * n;
        };
    }

    /** FC: the lanes' cycles, ceil(rows / fcThreads) × columns (each lane one multiply-add a cycle). */
    public static long fcComputeCycles(Instruction in, TimingParameters p) {
        requireFc(in);
        return lanePasses(in.n(), p) * in.m();
    }

    /**
     * FC: the weight stream's cycles, ceil(rows × columns × elementBytes × clockMHz / bandwidthMBps): the
     * weight bytes the instruction reads (only the m columns of each row: a row stride wider than m skips
     * bytes, it does not read them) at memoryBandwidthMBps / clockFrequencyMHz bytes a cycle.
     */
    public static long fcMemoryCycles(Instruction in, TimingParameters p) {
        requireFc(in);
        long scaled;
        try {
            long bytes = Math.multiplyExact((long) in.n() * in.m(), (long) p.elementBytes()); // n, m < 2^31
            scaled = Math.multiplyExact(bytes, (long) p.clockFrequencyMHz());
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
        return ceilDiv(scaled, p.memoryBandwidthMBps());
    }

    /** FC: which bound gives its cycles; the lanes win a tie. */
    public static FcBound fcBound(Instruction in, TimingParameters p) {
        return fcMemoryCycles(in, p) > fcComputeCycles(in, p) ? FcBound.MEMORY : FcBound.COMPUTE;
    }

    private static void requireFc(Instruction in) {
        if (in.opcode() != Opcode.FC) {
            throw new IllegalArgumentException("not an FC: " + in.opcode());
        }
    }

    private static int activationPipeline(ActivationCode act) {
        return switch (act) {
            case NONE, RELU, PRELU -> ELEMENTWISE_PIPELINE_CYCLES;
            case SIGMOID, TANH, LSTM_GATES, ELU, GELU, GELU_TANH -> ACTIVATION_PIPELINE_CYCLES;
        };
    }

    /** ceil(n / fcThreads): the passes of the lanes over n rows or elements. */
    private static long lanePasses(long n, TimingParameters p) {
        return ceilDiv(n, p.fcThreads());
    }

    private static long ceilDiv(long a, long b) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }

    private static long add(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }
}
