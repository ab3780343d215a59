package io.github.lstmhdl.cli;

import io.github.lstmhdl.timing.Deadlines;
import java.util.Set;

/**
 * The deadline flags of {@code compile} and {@code estimate}: {@code --max-latency-per-step 250us},
 * {@code --max-latency-per-sequence 2ms}, {@code --min-frames-per-second 100}. A missed deadline is exit
 * code 1 with one {@code error:} line (docs/isa.md §9, Deadlines); a malformed one is a usage error.
 */
final class DeadlineOptions {
    static final String MAX_LATENCY_PER_STEP = "--max-latency-per-step";
    static final String MAX_LATENCY_PER_SEQUENCE = "--max-latency-per-sequence";
    static final String MIN_FRAMES_PER_SECOND = "--min-frames-per-second";
    /** The flags, each taking a value. */
    static final Set<String> FLAGS = Set.of(MAX_LATENCY_PER_STEP, MAX_LATENCY_PER_SEQUENCE, MIN_FRAMES_PER_SECOND);

    private DeadlineOptions() {
    }

    /** The deadlines the flags set; {@link Deadlines#NONE} without any. */
    static Deadlines of(Arguments args) throws UsageException {
        try {
            return Deadlines.parse(args.value(MAX_LATENCY_PER_STEP), args.value(MAX_LATENCY_PER_SEQUENCE),
                    args.value(MIN_FRAMES_PER_SECOND));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
