package io.github.lstmhdl.alloc;

import io.github.lstmhdl.config.ByteSize;
import io.github.lstmhdl.diagnostics.CompilationException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The compiled network does not fit the processor's external memory. Carries the figures a user needs
 * to fix it: the required and the available bytes, the excess, the largest consumers, and what would
 * fit (a smaller maximum sequence length, a larger memory; int8 once it exists).
 *
 * <p>The advice names settings, which front ends spell differently: the Maven plugin's parameters
 * ({@code maxSequenceLength=}, {@code memorySize=}) or the command line's flags
 * ({@code --max-sequence-length}, {@code --memory-size}). The suggestions are also carried as figures
 * ({@link #fittingFrameLimit()}, {@link #suggestedMemorySize()}); {@link #reason(SettingNames)} and
 * {@link #message(SettingNames)} spell them for one front end; {@link #getMessage()} and
 * {@link #reason()} use the plugin's spelling.
 */
public class MemoryOverflowException extends CompilationException {
    private static final long serialVersionUID = 1L;

    /** One large consumer of memory: a region or a component's weights. */
    public record Consumer(String name, long bytes) {
        public Consumer {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * How a front end spells the two settings the advice names.
     *
     * @param maxSequenceLength the maximum sequence length setting up to its value, such as
     *                          {@code maxSequenceLength=}
     * @param memorySize        the memory size setting up to its value, such as {@code memorySize=}
     */
    public record SettingNames(String maxSequenceLength, String memorySize) {
        /** The Maven plugin's parameters: {@code maxSequenceLength=20}, {@code memorySize=64MiB}. */
        public static final SettingNames MAVEN = new SettingNames("maxSequenceLength=", "memorySize=");
        /** The command line's flags: {@code --max-sequence-length 20}, {@code --memory-size 64MiB}. */
        public static final SettingNames COMMAND_LINE = new SettingNames("--max-sequence-length ", "--memory-size ");

        public SettingNames {
            Objects.requireNonNull(maxSequenceLength, "maxSequenceLength");
            Objects.requireNonNull(memorySize, "memorySize");
        }
    }

    private final long required;
    private final long available;
    private final List<Consumer> largestConsumers;
    private final int frameLimit;
    private final int fittingFrameLimit;
    private final long suggestedMemorySize;

    /**
     * @param file              the network file
     * @param required          EndOffset: the bytes the network needs
     * @param available         the configured memory size
     * @param largestConsumers  the largest consumers, largest first (at most 5 are kept)
     * @param frameLimit        the maximum sequence length compiled for
     * @param fittingFrameLimit the largest maximum sequence length that fits, or 0 when none does
     */
    public MemoryOverflowException(String file, long required, long available, List<Consumer> largestConsumers,
            int frameLimit, int fittingFrameLimit) {
        super(file, "memory", reason(required, available, largestConsumers, frameLimit, fittingFrameLimit,
                SettingNames.MAVEN));
        this.required = required;
        this.available = available;
        this.largestConsumers = List.copyOf(largestConsumers.subList(0, Math.min(5, largestConsumers.size())));
        this.frameLimit = frameLimit;
        this.fittingFrameLimit = fittingFrameLimit;
        this.suggestedMemorySize = roundUpMiB(required);
    }

    /** Bytes the network needs (EndOffset). */
    public long required() {
        return required;
    }

    /** Bytes the processor's external memory offers. */
    public long available() {
        return available;
    }

    /** {@code required - available}. */
    public long excess() {
        return required - available;
    }

    /** The largest consumers, largest first, at most five. */
    public List<Consumer> largestConsumers() {
        return largestConsumers;
    }

    /** The maximum sequence length that was compiled for. */
    public int frameLimit() {
        return frameLimit;
    }

    /** The largest maximum sequence length that fits, or 0 when even 1 does not. */
    public int fittingFrameLimit() {
        return fittingFrameLimit;
    }

    /** The reason with the advice's settings spelled for one front end. */
    public String reason(SettingNames names) {
        return reason(required, available, largestConsumers, frameLimit, fittingFrameLimit, names);
    }

    /** The whole message (file, location, reason) with the advice's settings spelled for one front end. */
    public String message(SettingNames names) {
        return format(file(), location(), reason(names));
    }

    /** The required size rounded up to a whole MiB: a memory size that fits. */
    public long suggestedMemorySize() {
        return suggestedMemorySize;
    }

    /** The requirement rounded up to whole MiB, or to whole KiB below 1 MiB: a size a user writes. */
    static long roundUpMiB(long bytes) {
        long unit = bytes < (1L << 20) ? 1L << 10 : 1L << 20;
        return (bytes + unit - 1) / unit * unit;
    }

    private static String sizeText(long bytes) {
        return bytes % (1L << 20) == 0 ? (bytes >> 20) + "MiB" : (bytes >> 10) + "KiB";
    }

    private static String mib(long bytes) {
        return ByteSize.describe(bytes);
    }

    private static String reason(long required, long available, List<Consumer> consumers, int frameLimit,
            int fitting, SettingNames names) {
        StringBuilder sb = new StringBuilder();
        sb.append("the network needs ").append(mib(required)).append(" of external memory but the processor has ")
                .append(mib(available)).append(": ").append(mib(required - available)).append(" too many. ");
        sb.append("Largest consumers: ");
        for (int i = 0; i < Math.min(5, consumers.size()); i++) {
            Consumer c = consumers.get(i);
            sb.append(i == 0 ? "" : ", ").append(c.name()).append(' ').append(mib(c.bytes()));
        }
        sb.append(". To make it fit: ");
        if (fitting > 0) {
            sb.append("a maximum sequence length of at most ").append(fitting).append(" (now ").append(frameLimit)
                    .append("; ").append(names.maxSequenceLength()).append(fitting).append("), or ");
        } else {
            sb.append("(no maximum sequence length is small enough: even 1 step does not fit), ");
        }
        long suggested = roundUpMiB(required);
        if (suggested <= io.github.lstmhdl.config.ProcessorConfig.MAX_MEMORY_SIZE) {
            sb.append(names.memorySize()).append(sizeText(suggested)).append(" or more");
        } else {
            sb.append("a memory larger than the 4 GiB that instruction offsets address (not possible)");
        }
        sb.append(", or dataType int8 (int8 weights, about a quarter of the bytes; quantized with calibration"
                + " samples).");
        return sb.toString();
    }
}
