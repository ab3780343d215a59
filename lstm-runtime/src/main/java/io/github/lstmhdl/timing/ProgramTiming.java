package io.github.lstmhdl.timing;

import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;
import java.util.List;
import java.util.Objects;

/**
 * The timing model applied to a whole program by the processor's execution rule (docs/isa.md §3 and
 * §9): from instruction 0, an instruction outside a loop executes once; a LOOP executes its body for each
 * of the run's T steps, an instruction with {@code FLAG_FIRST_ITERATION} or {@code FLAG_LAST_ITERATION}
 * only in that iteration (and with both only when T = 1), and a skipped instruction costs nothing; HALT
 * ends the run. The cycles of a run are therefore exactly {@code fixed + perStep × T} (for T ≥ 2, and for
 * T = 1 too unless an instruction carries both iteration flags), which {@link #counts(int)} evaluates for
 * one T and {@link #perStepCycles()} gives the slope of. The program must have a sound loop structure
 * ({@code isa.LoopStructure}), as every compiled or loaded program has.
 */
public final class ProgramTiming {
    private final Instruction[] program;
    private final long[] each;
    private final TimingParameters parameters;

    private ProgramTiming(List<Instruction> program, TimingParameters parameters) {
        this.program = program.toArray(new Instruction[0]);
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.each = new long[this.program.length];
        for (int i = 0; i < each.length; i++) {
            each[i] = TimingModel.cycles(this.program[i], parameters);
        }
    }

    /** The timing of a program on a processor. */
    public static ProgramTiming of(List<Instruction> program, TimingParameters parameters) {
        return new ProgramTiming(program, parameters);
    }

    /** The parameters it counts with. */
    public TimingParameters parameters() {
        return parameters;
    }

    /** The instructions it counts. */
    public List<Instruction> program() {
        return List.of(program);
    }

    /** The cycles of one execution of instruction {@code i} ({@link TimingModel#cycles}). */
    public long cyclesEach(int i) {
        return each[i];
    }

    /** Whether instruction {@code i} lies in a LOOP's body. */
    public boolean inLoopBody(int i) {
        int pc = 0;
        while (pc < program.length && pc <= i) {
            if (program[pc].opcode() == Opcode.LOOP) {
                int body = program[pc].aux();
                if (i > pc && i <= pc + body) {
                    return true;
                }
                pc += body + 1;
            } else {
                pc++;
            }
        }
        return false;
    }

    /**
     * Executions and cycles of every instruction in a run of {@code steps} time steps.
     *
     * @throws IllegalArgumentException when steps is below 1
     */
    public CycleCounts counts(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("a run has at least one time step, not " + steps);
        }
        long[] executions = new long[program.length];
        long[] cycles = new long[program.length];
        int pc = 0;
        while (pc < program.length) {
            Instruction in = program[pc];
            executions[pc]++;
            cycles[pc] += each[pc];
            if (in.opcode() == Opcode.HALT) {
                break;
            }
            if (in.opcode() != Opcode.LOOP) {
                pc++;
                continue;
            }
            int body = in.aux();
            int halt = firstHalt(pc, body);
            if (halt >= 0) {
                // the run ends in the first iteration, at the HALT, whatever its flags (the compiler never
                // emits one there): the instructions before it that iteration 0 does not skip execute once
                cycles[pc] += TimingModel.LOOP_ITERATION_CYCLES;
                for (int i = pc + 1; i < halt; i++) {
                    if (!(program[i].has(Instruction.FLAG_LAST_ITERATION) && iterations(in, steps) != 1)) {
                        executions[i]++;
                        cycles[i] += each[i];
                    }
                }
                executions[halt]++;
                cycles[halt] += each[halt];
                return new CycleCounts(steps, executions, cycles);
            }
            int count = iterations(in, steps);
            cycles[pc] += (long) count * TimingModel.LOOP_ITERATION_CYCLES;
            for (int i = pc + 1; i <= pc + body; i++) {
                long times = times(program[i], count);
                executions[i] += times;
                cycles[i] += times * each[i];
            }
            pc += body + 1;
        }
        return new CycleCounts(steps, executions, cycles);
    }

    /**
     * The iterations of a LOOP in a run of {@code steps} time steps: its trip count field m, or the run's
     * T when m is 0 (docs/isa.md §3, LOOP).
     */
    public static int iterations(Instruction loop, int steps) {
        return loop.m() == 0 ? steps : loop.m();
    }

    /** The index of the first HALT in the body of the LOOP at {@code loop}, or -1. */
    private int firstHalt(int loop, int body) {
        for (int i = loop + 1; i <= loop + body; i++) {
            if (program[i].opcode() == Opcode.HALT) {
                return i;
            }
        }
        return -1;
    }

    /** How often a body instruction executes in a loop of {@code steps} iterations. */
    private static long times(Instruction in, int steps) {
        boolean first = in.has(Instruction.FLAG_FIRST_ITERATION);
        boolean last = in.has(Instruction.FLAG_LAST_ITERATION);
        if (first && last) {
            return steps == 1 ? 1 : 0;
        }
        return first || last ? 1 : steps;
    }

    /**
     * The slope of a run's cycles in T: per LOOP, {@link TimingModel#LOOP_ITERATION_CYCLES} plus the
     * cycles of every body instruction that executes in every iteration.
     */
    public long perStepCycles() {
        long sum = 0;
        int pc = 0;
        while (pc < program.length) {
            Instruction in = program[pc];
            if (in.opcode() == Opcode.HALT) {
                break;
            }
            if (in.opcode() == Opcode.LOOP) {
                // a loop of a fixed trip count (m > 0) costs the same at every T: no part of the slope
                for (int i = pc; in.m() == 0 && i <= pc + in.aux(); i++) {
                    if (i == pc) {
                        sum += TimingModel.LOOP_ITERATION_CYCLES;
                    } else if (!program[i].has(Instruction.FLAG_FIRST_ITERATION) && !program[i].has(Instruction.FLAG_LAST_ITERATION)) {
                        sum += each[i];
                    }
                }
                pc += in.aux() + 1;
            } else {
                pc++;
            }
        }
        return sum;
    }
}
