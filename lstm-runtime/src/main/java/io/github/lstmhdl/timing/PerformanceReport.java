package io.github.lstmhdl.timing;

import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The figures of one run of T steps, per layer group and per layer, and the tables the log, the CLI's
 * {@code estimate} and {@code run --profile} print (docs/isa.md §9, Reports): the toolbox's
 * {@code Deep Learning Processor Estimator Performance Results} (or {@code Profiler} for a measured
 * profile) and the figures per time step. Immutable.
 */
public final class PerformanceReport {

    /** Whether the counts were predicted from the program or measured by running it. */
    public enum Source {
        /** Predicted by {@link ProgramTiming#counts(int)}. */
        ESTIMATE("Estimator"),
        /** Measured by the simulator's profile. */
        PROFILE("Profiler");

        private final String title;

        Source(String title) {
            this.title = title;
        }
    }

    /**
     * One row: a layer group or a layer.
     *
     * @param name           its name
     * @param cycles         its cycles in the run
     * @param perStepCycles  its share of the program's cycles per step (the slope in T)
     * @param fcs            how many FC instructions it has
     * @param memoryBoundFcs how many of them are memory-bound
     */
    public record Row(String name, long cycles, long perStepCycles, int fcs, int memoryBoundFcs) {
        public Row {
            Objects.requireNonNull(name, "name");
        }

        /** {@code compute}, {@code memory}, {@code mixed (k of n FCs memory-bound)}, or {@code -} without FCs. */
        public String bound() {
            if (fcs == 0) {
                return "-";
            }
            if (memoryBoundFcs == 0) {
                return FcBound.COMPUTE.word();
            }
            return memoryBoundFcs == fcs ? FcBound.MEMORY.word()
                    : "mixed (" + memoryBoundFcs + " of " + fcs + " FCs memory-bound)";
        }
    }

    private final Source source;
    private final TimingParameters parameters;
    private final int steps;
    private final long totalCycles;
    private final long perStepCycles;
    private final long singleStepCycles;
    private final List<Row> groups;
    private final List<Row> layers;

    private PerformanceReport(Source source, TimingParameters parameters, int steps, long totalCycles,
            long perStepCycles, long singleStepCycles, List<Row> groups, List<Row> layers) {
        this.source = source;
        this.parameters = parameters;
        this.steps = steps;
        this.totalCycles = totalCycles;
        this.perStepCycles = perStepCycles;
        this.singleStepCycles = singleStepCycles;
        this.groups = List.copyOf(groups);
        this.layers = List.copyOf(layers);
    }

    /** The estimate of a run of {@code steps} steps. */
    public static PerformanceReport estimate(ProgramTiming timing, InstructionOwners owners, int steps) {
        return of(Source.ESTIMATE, timing, timing.counts(steps), owners);
    }

    /**
     * The report of given counts (an estimate's or a profile's) of a program.
     *
     * @throws IllegalArgumentException when the counts or the owners are not of the program's size
     */
    public static PerformanceReport of(Source source, ProgramTiming timing, CycleCounts counts,
            InstructionOwners owners) {
        List<Instruction> program = timing.program();
        if (counts.size() != program.size() || owners.size() != program.size()) {
            throw new IllegalArgumentException("counts of " + counts.size() + " and owners of " + owners.size()
                    + " instructions for a program of " + program.size());
        }
        long[] slope = slopes(timing);
        return new PerformanceReport(source, timing.parameters(), counts.steps(), counts.total(),
                timing.perStepCycles(), timing.counts(1).total(), rows(timing, counts, owners.groups(), slope),
                rows(timing, counts, owners.layers(), slope));
    }

    /** Per instruction, its part of the slope: the body instructions without an iteration flag, and L per LOOP. */
    private static long[] slopes(ProgramTiming timing) {
        List<Instruction> program = timing.program();
        long[] slope = new long[program.size()];
        int pc = 0;
        while (pc < program.size() && program.get(pc).opcode() != Opcode.HALT) {
            Instruction in = program.get(pc);
            if (in.opcode() != Opcode.LOOP) {
                pc++;
                continue;
            }
            if (in.m() != 0) {
                // a fixed trip count: the same cycles at every T
                pc += in.aux() + 1;
                continue;
            }
            slope[pc] = TimingModel.LOOP_ITERATION_CYCLES;
            for (int i = pc + 1; i <= pc + in.aux() && i < program.size(); i++) {
                Instruction b = program.get(i);
                if (!b.has(Instruction.FLAG_FIRST_ITERATION) && !b.has(Instruction.FLAG_LAST_ITERATION)) {
                    slope[i] = timing.cyclesEach(i);
                }
            }
            pc += in.aux() + 1;
        }
        return slope;
    }

    private static List<Row> rows(ProgramTiming timing, CycleCounts counts, List<String> owner, long[] slope) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        List<Instruction> program = timing.program();
        for (int i = 0; i < program.size(); i++) {
            long[] s = sums.computeIfAbsent(owner.get(i), k -> new long[4]);
            s[0] = saturatedAdd(s[0], counts.cycles(i));
            s[1] = saturatedAdd(s[1], slope[i]);
            if (program.get(i).opcode() == Opcode.FC) {
                s[2]++;
                if (TimingModel.fcBound(program.get(i), timing.parameters()) == FcBound.MEMORY) {
                    s[3]++;
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        sums.forEach((name, s) -> rows.add(new Row(name, s[0], s[1], (int) s[2], (int) s[3])));
        return rows;
    }

    private static long saturatedAdd(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }

    /** Estimate or profile. */
    public Source source() {
        return source;
    }

    /** The parameters it was counted with. */
    public TimingParameters parameters() {
        return parameters;
    }

    /** T, the steps of the run. */
    public int steps() {
        return steps;
    }

    /** cycles(T): the run's cycles. */
    public long totalCycles() {
        return totalCycles;
    }

    /** perStep: the slope of the cycles in T. */
    public long perStepCycles() {
        return perStepCycles;
    }

    /** fixed = cycles(T) − perStep × T. */
    public long fixedCycles() {
        return totalCycles - perStepCycles * steps;
    }

    /** cycles(1): a run of one step alone, the latency of a step in streaming use (predictAndUpdateState). */
    public long singleStepCycles() {
        return singleStepCycles;
    }

    /** The rows per layer group, in execution order. */
    public List<Row> groups() {
        return groups;
    }

    /** The rows per layer, in execution order. */
    public List<Row> layers() {
        return layers;
    }

    /** Seconds of the run: cycles(T) / f. */
    public double sequenceSeconds() {
        return parameters.seconds(totalCycles);
    }

    /** Seconds of one time step: perStep / f. */
    public double stepSeconds() {
        return parameters.seconds(perStepCycles);
    }

    /** Seconds of a run of one step alone: cycles(1) / f. */
    public double singleStepSeconds() {
        return parameters.seconds(singleStepCycles);
    }

    /** Runs (sequences, the toolbox's frames) per second: f / cycles(T). */
    public double sequencesPerSecond() {
        return 1.0 / sequenceSeconds();
    }

    /** Time steps per second: T × f / cycles(T). */
    public double stepsPerSecond() {
        return steps * sequencesPerSecond();
    }

    /** The estimate in one line, for a compile log without -v (which prints the whole table). */
    public String summaryLine() {
        if (perStepCycles() == 0) {
            // every loop has a fixed trip count (a program of one fixed length): no part grows with T
            return String.format(Locale.ROOT, "### Estimated performance at %d MHz: %d cycles (%s) per sequence of"
                    + " %d steps (a fixed length: no part per time step), %.1f sequences/s (the table: -v, or the"
                    + " estimate command).", parameters().clockFrequencyMHz(), totalCycles(),
                    duration(sequenceSeconds()), steps(), sequencesPerSecond());
        }
        return String.format(Locale.ROOT, "### Estimated performance at %d MHz: %d cycles (%s) per time step, %d cycles"
                + " (%s) per sequence of %d steps, %.1f sequences/s (the table: -v, or the estimate command).",
                parameters().clockFrequencyMHz(), perStepCycles(), duration(stepSeconds()), totalCycles(),
                duration(sequenceSeconds()), steps(), sequencesPerSecond());
    }

    /** The toolbox's table, then the figures per time step. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("### Deep Learning Processor " + source.title + " Performance Results");
        lines.add("");
        int w = "Network".length();
        for (Row g : groups) {
            w = Math.max(w, g.name().length() + 4);
        }
        String head = "%-" + w + "s   %24s   %25s   %9s   %13s   %12s";
        lines.add(String.format(Locale.ROOT, head, "", "LastFrameLatency(cycles)", "LastFrameLatency(seconds)",
                "FramesNum", "Total Latency", "Frames/s"));
        lines.add(String.format(Locale.ROOT, head, "", "-------------", "-------------", "---------",
                "---------", "---------"));
        lines.add(String.format(Locale.ROOT, head, "Network", totalCycles, seconds(sequenceSeconds()), 1,
                totalCycles, String.format(Locale.ROOT, "%.1f", sequencesPerSecond())).stripTrailing());
        for (Row g : groups) {
            lines.add(String.format(Locale.ROOT, head, "    " + g.name(), g.cycles(),
                    seconds(parameters.seconds(g.cycles())), "", "", "").stripTrailing());
        }
        lines.add(" * The clock frequency of the DL processor is: " + parameters.clockFrequencyMHz() + "MHz");
        lines.add("");
        lines.add(String.format(Locale.ROOT, "### Per time step (a sequence of T = %d steps; %d FC threads, %d MHz,"
                + " %d MB/s):", steps, parameters.fcThreads(), parameters.clockFrequencyMHz(),
                parameters.memoryBandwidthMBps()));
        int lw = "layer".length();
        for (Row l : layers) {
            lw = Math.max(lw, l.name().length());
        }
        String row = "    %-" + lw + "s   %14s   %18s   %s";
        lines.add(String.format(Locale.ROOT, row, "layer", "cycles/step", "cycles/sequence", "FC bound"));
        for (Row l : layers) {
            lines.add(String.format(Locale.ROOT, row, l.name(), l.perStepCycles(), l.cycles(), l.bound()));
        }
        lines.add(String.format(Locale.ROOT, "### Cycles: %d per time step, %d fixed, %d per sequence of %d steps"
                + " (%d for a run of one step).", perStepCycles, fixedCycles(), totalCycles, steps, singleStepCycles));
        lines.add(String.format(Locale.ROOT, "### Latency: %s per time step, %s per sequence of %d steps, %s for a"
                + " run of one step; %.1f sequences/s, %.1f time steps/s.", duration(stepSeconds()),
                duration(sequenceSeconds()), steps, duration(singleStepSeconds()), sequencesPerSecond(),
                stepsPerSecond()));
        return lines;
    }

    /** Seconds with at most five significant digits, in plain notation (the toolbox's column). */
    static String seconds(double s) {
        return new BigDecimal(s).round(new MathContext(5)).stripTrailingZeros().toPlainString();
    }

    /** A duration with five significant digits in ns, us, ms or s. */
    public static String duration(double s) {
        double a = Math.abs(s);
        if (a < 1e-6) {
            return seconds(s * 1e9) + " ns";
        }
        if (a < 1e-3) {
            return seconds(s * 1e6) + " us";
        }
        if (a < 1) {
            return seconds(s * 1e3) + " ms";
        }
        return seconds(s) + " s";
    }
}
