package io.github.lstmhdl.timing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The real-time deadlines a network's estimate must meet (docs/isa.md §9, Deadlines): they fail the
 * build when the estimate misses them, and change nothing in the outputs (they are not part of the
 * processor configuration, which every image records).
 *
 * @param maxLatencyPerStep     the longest a run of one time step alone may take (streaming: a new input
 *                              frame to its output, as {@code predictAndUpdateState} with T = 1)
 * @param maxLatencyPerSequence the longest a run of the frame limit (the sequence of the maximum length)
 *                              may take
 * @param minFramesPerSecond    the fewest runs of the frame limit per second (the toolbox's Frames/s)
 */
public record Deadlines(Optional<Limit> maxLatencyPerStep, Optional<Limit> maxLatencyPerSequence,
        Optional<Limit> minFramesPerSecond) {

    /** The names of the three settings, as the plugin's parameters and the canonical text write them. */
    public static final String MAX_LATENCY_PER_STEP = "maxLatencyPerStep";
    /** See {@link #MAX_LATENCY_PER_STEP}. */
    public static final String MAX_LATENCY_PER_SEQUENCE = "maxLatencyPerSequence";
    /** See {@link #MAX_LATENCY_PER_STEP}. */
    public static final String MIN_FRAMES_PER_SECOND = "minFramesPerSecond";

    /** No deadline. */
    public static final Deadlines NONE = new Deadlines(Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * One deadline: its value as the user wrote it and, exactly, in seconds (a latency) or per second (a
     * rate). The checks compare whole cycles with it exactly (no floating-point rounding decides a figure
     * that lies on the deadline).
     *
     * @param text  the setting's text, such as {@code 250us}
     * @param exact seconds for a latency, frames per second for a rate; positive
     */
    public record Limit(String text, BigDecimal exact) {
        public Limit {
            Objects.requireNonNull(text, "text");
            if (exact.signum() <= 0) {
                throw new IllegalArgumentException("a deadline is a positive number, not " + exact);
            }
        }

        /** The value as a double. */
        public double value() {
            return exact.doubleValue();
        }

        /** A latency: whether {@code cycles} at {@code clockMHz} take at most this long. */
        boolean allowsCycles(long cycles, int clockMHz) {
            return BigDecimal.valueOf(cycles).compareTo(exact.multiply(BigDecimal.valueOf(clockMHz * 1_000_000L))) <= 0;
        }

        /** A rate: whether runs of {@code cycles} at {@code clockMHz} reach at least this many per second. */
        boolean reachedByRunsOf(long cycles, int clockMHz) {
            return BigDecimal.valueOf(clockMHz * 1_000_000L).compareTo(exact.multiply(BigDecimal.valueOf(cycles))) >= 0;
        }
    }

    public Deadlines {
        maxLatencyPerStep = Optional.ofNullable(maxLatencyPerStep).flatMap(o -> o);
        maxLatencyPerSequence = Optional.ofNullable(maxLatencyPerSequence).flatMap(o -> o);
        minFramesPerSecond = Optional.ofNullable(minFramesPerSecond).flatMap(o -> o);
    }

    /**
     * The deadlines of three settings' texts; null or blank is no deadline.
     *
     * @throws IllegalArgumentException naming the setting, the value and the accepted form
     */
    public static Deadlines parse(String maxLatencyPerStep, String maxLatencyPerSequence, String minFramesPerSecond) {
        return new Deadlines(latency(MAX_LATENCY_PER_STEP, maxLatencyPerStep),
                latency(MAX_LATENCY_PER_SEQUENCE, maxLatencyPerSequence), rate(minFramesPerSecond));
    }

    /** Whether no deadline is set. */
    public boolean isEmpty() {
        return maxLatencyPerStep.isEmpty() && maxLatencyPerSequence.isEmpty() && minFramesPerSecond.isEmpty();
    }

    /** The set deadlines as {@code name=text} joined by {@code ;}, in a fixed order; empty when none. */
    public String canonicalText() {
        List<String> parts = new ArrayList<>();
        maxLatencyPerStep.ifPresent(l -> parts.add(MAX_LATENCY_PER_STEP + "=" + l.text()));
        maxLatencyPerSequence.ifPresent(l -> parts.add(MAX_LATENCY_PER_SEQUENCE + "=" + l.text()));
        minFramesPerSecond.ifPresent(l -> parts.add(MIN_FRAMES_PER_SECOND + "=" + l.text()));
        return String.join(";", parts);
    }

    /**
     * The deadlines an estimate of a run of the frame limit misses, one sentence each (the figure, the
     * deadline, the cycles); empty when it meets them all.
     */
    public List<String> misses(PerformanceReport estimate) {
        List<String> misses = new ArrayList<>();
        maxLatencyPerStep.ifPresent(l -> {
            if (!l.allowsCycles(estimate.singleStepCycles(), estimate.parameters().clockFrequencyMHz())) {
                misses.add(String.format(Locale.ROOT, "%s %s: a run of one time step is estimated at %s (%d cycles"
                        + " at %d MHz)", MAX_LATENCY_PER_STEP, l.text(), PerformanceReport.duration(
                        estimate.singleStepSeconds()), estimate.singleStepCycles(),
                        estimate.parameters().clockFrequencyMHz()));
            }
        });
        maxLatencyPerSequence.ifPresent(l -> {
            if (!l.allowsCycles(estimate.totalCycles(), estimate.parameters().clockFrequencyMHz())) {
                misses.add(String.format(Locale.ROOT, "%s %s: a sequence of %d steps is estimated at %s (%d cycles"
                        + " at %d MHz)", MAX_LATENCY_PER_SEQUENCE, l.text(), estimate.steps(),
                        PerformanceReport.duration(estimate.sequenceSeconds()), estimate.totalCycles(),
                        estimate.parameters().clockFrequencyMHz()));
            }
        });
        minFramesPerSecond.ifPresent(l -> {
            if (!l.reachedByRunsOf(estimate.totalCycles(), estimate.parameters().clockFrequencyMHz())) {
                misses.add(String.format(Locale.ROOT, "%s %s: the estimate is %.1f sequences of %d steps per second"
                        + " (%d cycles each at %d MHz)", MIN_FRAMES_PER_SECOND, l.text(), estimate.sequencesPerSecond(),
                        estimate.steps(), estimate.totalCycles(), estimate.parameters().clockFrequencyMHz()));
            }
        });
        return misses;
    }

    /** Whether an estimate of a run of the frame limit meets every deadline. */
    public boolean metBy(PerformanceReport estimate) {
        return misses(estimate).isEmpty();
    }

    private static Optional<Limit> latency(String name, String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String t = text.strip();
        String[][] units = {{"ns", "-9"}, {"us", "-6"}, {"\u00b5s", "-6"}, {"ms", "-3"}, {"s", "0"}};
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                BigDecimal v = number(name, text, t.substring(0, t.length() - u[0].length()).strip());
                return Optional.of(new Limit(t, v.scaleByPowerOfTen(Integer.parseInt(u[1]))));
            }
        }
        throw new IllegalArgumentException(name + " '" + text + "' needs a unit: a positive number followed by ns,"
                + " us (or \u00b5s), ms or s, such as 250us or 2ms");
    }

    private static Optional<Limit> rate(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String t = text.strip();
        return Optional.of(new Limit(t, number(MIN_FRAMES_PER_SECOND, text, t)));
    }

    private static BigDecimal number(String name, String text, String digits) {
        try {
            BigDecimal d = new BigDecimal(digits);
            // a sane magnitude: 10^-30 to 10^30 (a larger exponent is a typo, and would make BigDecimal slow)
            if (d.signum() > 0 && !digits.startsWith("+") && d.precision() - d.scale() <= 31
                    && d.precision() - d.scale() >= -30) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " '" + text + "' is not a positive decimal number"
                + (name.equals(MIN_FRAMES_PER_SECOND) ? " (frames per second, such as 100 or 12.5)"
                        : " followed by a unit (such as 250us or 2ms)"));
    }
}
