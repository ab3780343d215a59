package io.github.lstmhdl.timing;

import java.util.Arrays;

/**
 * The cycles of one run of a program, per instruction: how often each instruction executed and the
 * cycles it took in all. An estimate ({@link ProgramTiming#counts(int)}) and a measured profile (the
 * simulator's) are both this, so they can be compared element by element. A LOOP's cycles are its issue
 * plus {@link TimingModel#LOOP_ITERATION_CYCLES} per iteration; its executions count its issues.
 *
 * @param steps      the run's sequence length T
 * @param executions per instruction index: executions in the run
 * @param cycles     per instruction index: cycles in the run
 */
public record CycleCounts(int steps, long[] executions, long[] cycles) {

    public CycleCounts {
        if (steps < 1) {
            throw new IllegalArgumentException("a run has at least one time step, not " + steps);
        }
        if (executions.length != cycles.length) {
            throw new IllegalArgumentException(executions.length + " execution counts for " + cycles.length
                    + " cycle counts");
        }
        executions = executions.clone();
        cycles = cycles.clone();
    }

    /** The number of instructions counted. */
    public int size() {
        return cycles.length;
    }

    /** Executions of instruction {@code i}. */
    public long executions(int i) {
        return executions[i];
    }

    /** Cycles of instruction {@code i} in the run. */
    public long cycles(int i) {
        return cycles[i];
    }

    /** The run's cycles: the sum over the instructions (saturated at {@link Long#MAX_VALUE}). */
    public long total() {
        long sum = 0;
        for (long c : cycles) {
            sum += c;
            if (sum < 0) {
                return Long.MAX_VALUE;
            }
        }
        return sum;
    }

    @Override
    public long[] executions() {
        return executions.clone();
    }

    @Override
    public long[] cycles() {
        return cycles.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CycleCounts c && c.steps == steps && Arrays.equals(c.executions, executions)
                && Arrays.equals(c.cycles, cycles);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * steps + Arrays.hashCode(executions)) + Arrays.hashCode(cycles);
    }

    @Override
    public String toString() {
        return "CycleCounts[steps=" + steps + ", executions=" + Arrays.toString(executions) + ", cycles="
                + Arrays.toString(cycles) + "]";
    }
}
