package io.github.lstmhdl.timing;

import io.github.lstmhdl.config.ProcessorConfig;
import java.util.Map;

/**
 * The four figures of a processor the timing model reads, and nothing else: the FC kernel's lanes, the
 * clock, the external memory bandwidth and the size of one element. The compiler takes them from its
 * {@link ProcessorConfig}; the simulator from an image's metadata ({@link #fromProcessorFields}), which
 * records every configuration field as text.
 *
 * @param fcThreads           lanes of the FC kernel (and of the elementwise kernel): rows computed at once
 * @param clockFrequencyMHz   the processor clock in MHz
 * @param memoryBandwidthMBps the external memory bandwidth in MB/s (10^6 bytes per second)
 * @param elementBytes        bytes per element of the data type (4 for float32)
 */
public record TimingParameters(int fcThreads, int clockFrequencyMHz, int memoryBandwidthMBps, int elementBytes) {

    public TimingParameters {
        if (fcThreads < 1 || clockFrequencyMHz < 1 || memoryBandwidthMBps < 1 || elementBytes < 1) {
            throw new IllegalArgumentException("timing parameters must be positive: fcThreads " + fcThreads
                    + ", clockFrequencyMHz " + clockFrequencyMHz + ", memoryBandwidthMBps " + memoryBandwidthMBps
                    + ", element bytes " + elementBytes);
        }
    }

    /** The parameters of a processor configuration. */
    public static TimingParameters of(ProcessorConfig config) {
        return new TimingParameters(config.fcThreads(), config.clockFrequencyMHz(), config.memoryBandwidthMBps(),
                config.dataType().bytes());
    }

    /**
     * The parameters recorded in an image's metadata ({@code processor}: field name to text).
     *
     * @param fields       the metadata's processor fields
     * @param elementBytes the element size of the image's data type
     * @throws IllegalArgumentException naming the field that is missing or not a positive integer
     */
    public static TimingParameters fromProcessorFields(Map<String, String> fields, int elementBytes) {
        return new TimingParameters(positive(fields, "fcThreads"), positive(fields, "clockFrequencyMHz"),
                positive(fields, "memoryBandwidthMBps"), elementBytes);
    }

    private static int positive(Map<String, String> fields, String name) {
        String text = fields.get(name);
        if (text == null) {
            throw new IllegalArgumentException("the processor configuration has no field " + name);
        }
        try {
            int v = Integer.parseInt(text.strip());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("processor field " + name + " is '" + text + "', not a positive integer");
    }

    /** Seconds of {@code cycles} clock cycles at this clock. */
    public double seconds(long cycles) {
        return cycles / (clockFrequencyMHz * 1e6);
    }
}
