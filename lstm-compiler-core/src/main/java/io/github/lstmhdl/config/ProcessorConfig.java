package io.github.lstmhdl.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The deep-learning processor that a network is compiled for, and the compile options that change
 * the generated image: data type, external memory, the FC kernel and the elementwise/activation
 * kernel, and the optimizations. Built from a named {@linkplain #preset(String) preset} with
 * per-field {@linkplain #with(String, String) overrides}, so the Maven plugin and the command line
 * accept the same field names.
 *
 * @param preset              the preset this configuration started from
 * @param dataType            the data type ({@code single})
 * @param baseAddress         the processor's physical address of external memory offset 0
 * @param memorySize          the external memory available to the processor, in bytes
 * @param alignment           every region starts at a multiple of this (a power of two)
 * @param maxSequenceLength   the frames that the input and output regions hold (the toolbox's
 *                            InputFrameNumberLimit); 0 = the model's fixed length, else 30
 * @param fcThreads           FC kernel threads (4, 8 or 16): weight rows are padded to a multiple
 * @param fcInputMemorySize   the FC kernel's input memory, in elements
 * @param fcOutputMemorySize  the FC kernel's output memory, in elements
 * @param fcTiling            whether a longer vector is tiled over the FC memories (else rejected)
 * @param addBlock            the elementwise kernel's addition block is present
 * @param multiplyBlock       the elementwise kernel's multiplication block is present
 * @param sigmoidBlock        the activation kernel's sigmoid block is present
 * @param tanhBlock           the activation kernel's tanh block is present
 * @param softmaxOnHost       softmax is a software layer run by the host (as the toolbox does)
 * @param gateFusion          one FC over the four gates per step (off: the toolbox's four FCs)
 * @param fusedActivations    gate activations applied in the FC write-back where possible
 * @param inputProjection     the input projection W·x_t + b of all time steps computed by one FC loop
 *                            before the recurrence (a T × 4H buffer), so that each step only multiplies
 *                            the recurrent weights; applied with gate fusion only, and dropped with a
 *                            notice when the buffer would make the network overflow the memory. Off by
 *                            default: the default decomposition is the toolbox's ([x_t; h_{t-1}] concat)
 * @param clockFrequencyMHz   the processor clock, for performance estimates
 * @param memoryBandwidthMBps the external memory bandwidth, for performance estimates
 */
public record ProcessorConfig(
        String preset,
        DataType dataType,
        long baseAddress,
        long memorySize,
        long alignment,
        int maxSequenceLength,
        int fcThreads,
        int fcInputMemorySize,
        int fcOutputMemorySize,
        boolean fcTiling,
        boolean addBlock,
        boolean multiplyBlock,
        boolean sigmoidBlock,
        boolean tanhBlock,
        boolean softmaxOnHost,
        boolean gateFusion,
        boolean fusedActivations,
        boolean inputProjection,
        int clockFrequencyMHz,
        int memoryBandwidthMBps) {

    /** The default frame limit when the model's sequence length is dynamic, as the toolbox's. */
    public static final int DEFAULT_FRAME_LIMIT = 30;

    /** Offsets are stored as unsigned 32-bit words in instructions: the memory cannot exceed 4 GiB. */
    public static final long MAX_MEMORY_SIZE = 1L << 32;

    /** The names of the fields that {@link #with(String, String)} accepts, in declaration order. */
    public static final List<String> FIELDS = List.of(
            "dataType", "baseAddress", "memorySize", "alignment", "maxSequenceLength", "fcThreads",
            "fcInputMemorySize", "fcOutputMemorySize", "fcTiling", "addBlock", "multiplyBlock",
            "sigmoidBlock", "tanhBlock", "softmaxOnHost", "gateFusion", "fusedActivations",
            "inputProjection", "clockFrequencyMHz", "memoryBandwidthMBps");

    public ProcessorConfig {
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(dataType, "dataType");
        if (baseAddress < 0) {
            throw new IllegalArgumentException("baseAddress must not be negative");
        }
        if (memorySize < 1 || memorySize > MAX_MEMORY_SIZE) {
            throw new IllegalArgumentException("memorySize must be between 1 byte and 4 GiB, not " + memorySize);
        }
        if (alignment < 4 || Long.bitCount(alignment) != 1 || alignment > memorySize) {
            throw new IllegalArgumentException("alignment must be a power of two between 4 and the memory size, not "
                    + alignment);
        }
        if (baseAddress % alignment != 0) {
            throw new IllegalArgumentException("baseAddress 0x" + Long.toHexString(baseAddress)
                    + " must be a multiple of the alignment " + alignment);
        }
        if (maxSequenceLength < 0) {
            throw new IllegalArgumentException("maxSequenceLength must not be negative");
        }
        if (fcThreads != 4 && fcThreads != 8 && fcThreads != 16) {
            throw new IllegalArgumentException("fcThreads must be 4, 8 or 16, not " + fcThreads);
        }
        if (fcInputMemorySize < fcThreads || fcOutputMemorySize < fcThreads) {
            throw new IllegalArgumentException("FC input and output memory sizes must hold at least "
                    + fcThreads + " elements");
        }
        if (clockFrequencyMHz < 1 || memoryBandwidthMBps < 1) {
            throw new IllegalArgumentException("clock frequency and memory bandwidth must be positive");
        }
    }

    /** The default processor: the toolbox's zcu102_single settings with 512 MiB at 4 KiB alignment. */
    public static ProcessorConfig defaults() {
        return preset("zcu102_single");
    }

    /** The names of the presets. */
    public static List<String> presets() {
        return List.of("zcu102_single", "zcu102_single_8", "zcu102_single_16", "small_single");
    }

    /**
     * A named preset: {@code zcu102_single} (FC 4 threads, 25088/4096-element FC memories, 220 MHz,
     * 512 MiB), {@code zcu102_single_8} and {@code zcu102_single_16} (8 and 16 FC threads), and
     * {@code small_single} (a small FPGA: 64 MiB, 4096/1024-element FC memories, 150 MHz).
     */
    public static ProcessorConfig preset(String name) {
        return switch (name) {
            case "zcu102_single" -> zcu102(name, 4);
            case "zcu102_single_8" -> zcu102(name, 8);
            case "zcu102_single_16" -> zcu102(name, 16);
            case "small_single" -> new ProcessorConfig(name, DataType.SINGLE, 0, 64L << 20, 4096, 0, 4,
                    4096, 1024, true, true, true, true, true, true, true, true, false, 150, 4200);
            default -> throw new IllegalArgumentException("unknown processor preset '" + name + "' (known: "
                    + String.join(", ", presets()) + ")");
        };
    }

    private static ProcessorConfig zcu102(String name, int threads) {
        return new ProcessorConfig(name, DataType.SINGLE, 0, 512L << 20, 4096, 0, threads,
                25088, 4096, true, true, true, true, true, true, true, true, false, 220, 19200);
    }

    /**
     * This configuration with one field set from text, as a pom or a command line writes it.
     *
     * @param field one of {@link #FIELDS}
     * @throws IllegalArgumentException naming the field and the accepted values when either is wrong
     */
    public ProcessorConfig with(String field, String value) {
        Map<String, Object> v = toMap();
        if (!v.containsKey(field) || field.equals("preset")) {
            throw new IllegalArgumentException("unknown processor field '" + field + "' (known: "
                    + String.join(", ", FIELDS) + ")");
        }
        Object old = v.get(field);
        try {
            Object parsed;
            if (old instanceof Boolean) {
                parsed = parseBoolean(value);
            } else if (old instanceof DataType) {
                parsed = DataType.parse(value);
            } else if (field.equals("baseAddress") || field.equals("memorySize") || field.equals("alignment")) {
                parsed = ByteSize.parse(value);
            } else {
                parsed = Integer.parseInt(value.trim().replace("_", ""));
            }
            v.put(field, parsed);
            return fromMap(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid value '" + value + "' for " + field + ": "
                    + e.getMessage(), e);
        }
    }

    /** Every field by name, in declaration order, with {@code preset} first. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset", preset);
        m.put("dataType", dataType);
        m.put("baseAddress", baseAddress);
        m.put("memorySize", memorySize);
        m.put("alignment", alignment);
        m.put("maxSequenceLength", maxSequenceLength);
        m.put("fcThreads", fcThreads);
        m.put("fcInputMemorySize", fcInputMemorySize);
        m.put("fcOutputMemorySize", fcOutputMemorySize);
        m.put("fcTiling", fcTiling);
        m.put("addBlock", addBlock);
        m.put("multiplyBlock", multiplyBlock);
        m.put("sigmoidBlock", sigmoidBlock);
        m.put("tanhBlock", tanhBlock);
        m.put("softmaxOnHost", softmaxOnHost);
        m.put("gateFusion", gateFusion);
        m.put("fusedActivations", fusedActivations);
        m.put("inputProjection", inputProjection);
        m.put("clockFrequencyMHz", clockFrequencyMHz);
        m.put("memoryBandwidthMBps", memoryBandwidthMBps);
        return m;
    }

    /** A stable one-line text of every field, used in fingerprints and image metadata. */
    public String canonicalText() {
        StringBuilder sb = new StringBuilder();
        toMap().forEach((k, val) -> sb.append(k).append('=')
                .append(val instanceof DataType d ? d.id() : val).append(';'));
        return sb.toString();
    }

    private static ProcessorConfig fromMap(Map<String, Object> m) {
        return new ProcessorConfig((String) m.get("preset"), (DataType) m.get("dataType"),
                ((Number) m.get("baseAddress")).longValue(), ((Number) m.get("memorySize")).longValue(),
                ((Number) m.get("alignment")).longValue(), (Integer) m.get("maxSequenceLength"),
                (Integer) m.get("fcThreads"), (Integer) m.get("fcInputMemorySize"),
                (Integer) m.get("fcOutputMemorySize"), (Boolean) m.get("fcTiling"), (Boolean) m.get("addBlock"),
                (Boolean) m.get("multiplyBlock"), (Boolean) m.get("sigmoidBlock"), (Boolean) m.get("tanhBlock"),
                (Boolean) m.get("softmaxOnHost"), (Boolean) m.get("gateFusion"),
                (Boolean) m.get("fusedActivations"), (Boolean) m.get("inputProjection"),
                (Integer) m.get("clockFrequencyMHz"),
                (Integer) m.get("memoryBandwidthMBps"));
    }

    private static boolean parseBoolean(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    /** The frame limit to use for a model whose fixed sequence length is {@code modelLength} (0 = dynamic). */
    public int effectiveFrameLimit(int modelLength) {
        if (maxSequenceLength > 0) {
            return maxSequenceLength;
        }
        return modelLength > 0 ? modelLength : DEFAULT_FRAME_LIMIT;
    }
}
