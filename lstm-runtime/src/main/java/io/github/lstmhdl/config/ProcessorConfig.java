package io.github.lstmhdl.config;

import static io.github.lstmhdl.config.ConfigFields.ADD_BLOCK;
import static io.github.lstmhdl.config.ConfigFields.ALIGNMENT;
import static io.github.lstmhdl.config.ConfigFields.BASE_ADDRESS;
import static io.github.lstmhdl.config.ConfigFields.CLOCK_FREQUENCY_MHZ;
import static io.github.lstmhdl.config.ConfigFields.DATA_TYPE;
import static io.github.lstmhdl.config.ConfigFields.FC_INPUT_MEMORY_SIZE;
import static io.github.lstmhdl.config.ConfigFields.FC_OUTPUT_MEMORY_SIZE;
import static io.github.lstmhdl.config.ConfigFields.FC_THREADS;
import static io.github.lstmhdl.config.ConfigFields.FC_TILING;
import static io.github.lstmhdl.config.ConfigFields.FUSED_ACTIVATIONS;
import static io.github.lstmhdl.config.ConfigFields.GATE_FUSION;
import static io.github.lstmhdl.config.ConfigFields.INPUT_PROJECTION;
import static io.github.lstmhdl.config.ConfigFields.MAX_SEQUENCE_LENGTH;
import static io.github.lstmhdl.config.ConfigFields.MEMORY_BANDWIDTH_MBPS;
import static io.github.lstmhdl.config.ConfigFields.MEMORY_SIZE;
import static io.github.lstmhdl.config.ConfigFields.MULTIPLY_BLOCK;
import static io.github.lstmhdl.config.ConfigFields.SIGMOID_BLOCK;
import static io.github.lstmhdl.config.ConfigFields.SOFTMAX_ON_HOST;
import static io.github.lstmhdl.config.ConfigFields.TANH_BLOCK;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a network is compiled for and how: the {@linkplain ProcessorModel processor} (memories, FC
 * kernel, blocks, clock, bandwidth) and the {@linkplain CompileOptions compile options} (frame limit,
 * tiling, fusion, projection), started from a named {@linkplain #preset(String) preset}. Its fields,
 * as users name and write them, are the table {@link ConfigFields}; the Maven plugin and the command
 * line set them through {@link ConfigSettings}, so both accept the same names in the same way.
 *
 * @param preset    the preset this configuration started from
 * @param processor the processor the image runs on
 * @param options   the choices that steer the compile
 */
public record ProcessorConfig(String preset, ProcessorModel processor, CompileOptions options) {

    /** The default frame limit when the model's sequence length is dynamic, as the toolbox's. */
    public static final int DEFAULT_FRAME_LIMIT = CompileOptions.DEFAULT_FRAME_LIMIT;

    /** Offsets are stored as unsigned 32-bit words in instructions: the memory cannot exceed 4 GiB. */
    public static final long MAX_MEMORY_SIZE = ProcessorModel.MAX_MEMORY_SIZE;

    /** The names of the fields that {@link #with(String, String)} accepts, in the canonical text's order. */
    public static final List<String> FIELDS = ConfigFields.NAMES;

    public ProcessorConfig {
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(processor, "processor");
        Objects.requireNonNull(options, "options");
    }

    /** Every field in the canonical text's order, as the configuration was one flat record. */
    public ProcessorConfig(String preset, DataType dataType, long baseAddress, long memorySize, long alignment,
            int maxSequenceLength, int fcThreads, int fcInputMemorySize, int fcOutputMemorySize, boolean fcTiling,
            boolean addBlock, boolean multiplyBlock, boolean sigmoidBlock, boolean tanhBlock, boolean softmaxOnHost,
            boolean gateFusion, boolean fusedActivations, boolean inputProjection, int clockFrequencyMHz,
            int memoryBandwidthMBps) {
        this(preset, new ProcessorModel(dataType, baseAddress, memorySize, alignment, fcThreads, fcInputMemorySize,
                fcOutputMemorySize, addBlock, multiplyBlock, sigmoidBlock, tanhBlock, clockFrequencyMHz,
                memoryBandwidthMBps), new CompileOptions(maxSequenceLength, fcTiling, softmaxOnHost, gateFusion,
                fusedActivations, inputProjection));
    }

    /** The default processor: the toolbox's zcu102_single settings with 512 MiB at 4 KiB alignment. */
    public static ProcessorConfig defaults() {
        return preset("zcu102_single");
    }

    /** The names of the presets. */
    public static List<String> presets() {
        return List.of("zcu102_single", "zcu102_single_8", "zcu102_single_16", "small_single", "zcu102_int8",
                "zcu102_int8_8", "zcu102_int8_16");
    }

    /**
     * A named preset: {@code zcu102_single} (FC 4 threads, 25088/4096-element FC memories, 220 MHz,
     * 512 MiB), {@code zcu102_single_8} and {@code zcu102_single_16} (8 and 16 FC threads), and
     * {@code small_single} (a small FPGA: 64 MiB, 4096/1024-element FC memories, 150 MHz), and
     * {@code zcu102_int8}, {@code zcu102_int8_8}, {@code zcu102_int8_16} (the zcu102 ones with the int8
     * datapath, docs/isa.md §4a); every preset compiles with the same {@linkplain #presetOptions() options}.
     */
    public static ProcessorConfig preset(String name) {
        return switch (name) {
            case "zcu102_single" -> new ProcessorConfig(name, zcu102(4), presetOptions());
            case "zcu102_single_8" -> new ProcessorConfig(name, zcu102(8), presetOptions());
            case "zcu102_single_16" -> new ProcessorConfig(name, zcu102(16), presetOptions());
            case "small_single" -> new ProcessorConfig(name, new ProcessorModel(DataType.SINGLE, 0, 64L << 20, 4096,
                    4, 4096, 1024, true, true, true, true, 150, 4200), presetOptions());
            case "zcu102_int8" -> new ProcessorConfig(name, zcu102(4), presetOptions()).with(DATA_TYPE, DataType.INT8);
            case "zcu102_int8_8" -> new ProcessorConfig(name, zcu102(8), presetOptions()).with(DATA_TYPE,
                    DataType.INT8);
            case "zcu102_int8_16" -> new ProcessorConfig(name, zcu102(16), presetOptions()).with(DATA_TYPE,
                    DataType.INT8);
            default -> throw new IllegalArgumentException("unknown processor preset '" + name + "' (known: "
                    + String.join(", ", presets()) + ")");
        };
    }

    private static ProcessorModel zcu102(int threads) {
        return new ProcessorModel(DataType.SINGLE, 0, 512L << 20, 4096, threads, 25088, 4096, true, true, true, true,
                220, 19200);
    }

    /** The presets' compile options: the model's frame limit, tiling, softmax on the host, fusion, no projection. */
    private static CompileOptions presetOptions() {
        return new CompileOptions(0, true, true, true, true, false);
    }

    /**
     * This configuration with one field set from text, as a pom or a command line writes it.
     *
     * @param field one of {@link #FIELDS}
     * @throws IllegalArgumentException naming the field and the accepted values when either is wrong
     */
    public ProcessorConfig with(String field, String value) {
        ConfigField<?> f = ConfigFields.named(field).orElseThrow(
                () -> new IllegalArgumentException(ConfigFields.unknown(field)));
        try {
            return withParsed(f, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(f.invalidValue(value, e.getMessage()), e);
        }
    }

    private <T> ProcessorConfig withParsed(ConfigField<T> field, String value) {
        return with(field, field.parse(value));
    }

    /**
     * This configuration with one field set, e.g. {@code config.with(ConfigFields.INPUT_PROJECTION, false)}.
     *
     * @throws IllegalArgumentException when the result breaks a field's rule
     */
    public <T> ProcessorConfig with(ConfigField<T> field, T value) {
        return with(Map.of(field, value));
    }

    /**
     * This configuration with several fields set at once, so that only the result has to keep the
     * cross-field rules (a base address and the alignment it is a multiple of, set together).
     *
     * @param changes parsed values by field, each of its field's {@linkplain ConfigField#type() type}
     * @throws IllegalArgumentException when the result breaks a field's rule
     */
    public ProcessorConfig with(Map<ConfigField<?>, ?> changes) {
        Map<ConfigField<?>, Object> values = new LinkedHashMap<>();
        for (ConfigField<?> f : ConfigFields.ALL) {
            values.put(f, f.get(this));
        }
        changes.forEach((field, value) -> values.put(field, field.type().cast(Objects.requireNonNull(value,
                field.name()))));
        return new ProcessorConfig(preset,
                new ProcessorModel(get(values, DATA_TYPE), get(values, BASE_ADDRESS), get(values, MEMORY_SIZE),
                        get(values, ALIGNMENT), get(values, FC_THREADS), get(values, FC_INPUT_MEMORY_SIZE),
                        get(values, FC_OUTPUT_MEMORY_SIZE), get(values, ADD_BLOCK), get(values, MULTIPLY_BLOCK),
                        get(values, SIGMOID_BLOCK), get(values, TANH_BLOCK), get(values, CLOCK_FREQUENCY_MHZ),
                        get(values, MEMORY_BANDWIDTH_MBPS)),
                new CompileOptions(get(values, MAX_SEQUENCE_LENGTH), get(values, FC_TILING),
                        get(values, SOFTMAX_ON_HOST), get(values, GATE_FUSION), get(values, FUSED_ACTIVATIONS),
                        get(values, INPUT_PROJECTION)));
    }

    private static <T> T get(Map<ConfigField<?>, Object> values, ConfigField<T> field) {
        return field.type().cast(values.get(field));
    }

    /** Every field by name, in the canonical text's order, with {@code preset} first. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset", preset);
        for (ConfigField<?> f : ConfigFields.ALL) {
            m.put(f.name(), f.get(this));
        }
        return m;
    }

    /** A stable one-line text of every field, used in fingerprints and image metadata. */
    public String canonicalText() {
        StringBuilder sb = new StringBuilder("preset=").append(preset).append(';');
        for (ConfigField<?> f : ConfigFields.ALL) {
            sb.append(f.name()).append('=').append(f.text(this)).append(';');
        }
        return sb.toString();
    }

    /** The frame limit to use for a model whose fixed sequence length is {@code modelLength} (0 = dynamic). */
    public int effectiveFrameLimit(int modelLength) {
        return options.effectiveFrameLimit(modelLength);
    }

    // The flat accessors of before the split into processor and options.

    /** @see ProcessorModel#dataType() */
    public DataType dataType() {
        return processor.dataType();
    }

    /** @see ProcessorModel#baseAddress() */
    public long baseAddress() {
        return processor.baseAddress();
    }

    /** @see ProcessorModel#memorySize() */
    public long memorySize() {
        return processor.memorySize();
    }

    /** @see ProcessorModel#alignment() */
    public long alignment() {
        return processor.alignment();
    }

    /** @see CompileOptions#maxSequenceLength() */
    public int maxSequenceLength() {
        return options.maxSequenceLength();
    }

    /** @see ProcessorModel#fcThreads() */
    public int fcThreads() {
        return processor.fcThreads();
    }

    /** @see ProcessorModel#fcInputMemorySize() */
    public int fcInputMemorySize() {
        return processor.fcInputMemorySize();
    }

    /** @see ProcessorModel#fcOutputMemorySize() */
    public int fcOutputMemorySize() {
        return processor.fcOutputMemorySize();
    }

    /** @see CompileOptions#fcTiling() */
    public boolean fcTiling() {
        return options.fcTiling();
    }

    /** @see ProcessorModel#addBlock() */
    public boolean addBlock() {
        return processor.addBlock();
    }

    /** @see ProcessorModel#multiplyBlock() */
    public boolean multiplyBlock() {
        return processor.multiplyBlock();
    }

    /** @see ProcessorModel#sigmoidBlock() */
    public boolean sigmoidBlock() {
        return processor.sigmoidBlock();
    }

    /** @see ProcessorModel#tanhBlock() */
    public boolean tanhBlock() {
        return processor.tanhBlock();
    }

    /** @see CompileOptions#softmaxOnHost() */
    public boolean softmaxOnHost() {
        return options.softmaxOnHost();
    }

    /** @see CompileOptions#gateFusion() */
    public boolean gateFusion() {
        return options.gateFusion();
    }

    /** @see CompileOptions#fusedActivations() */
    public boolean fusedActivations() {
        return options.fusedActivations();
    }

    /** @see CompileOptions#inputProjection() */
    public boolean inputProjection() {
        return options.inputProjection();
    }

    /** @see ProcessorModel#clockFrequencyMHz() */
    public int clockFrequencyMHz() {
        return processor.clockFrequencyMHz();
    }

    /** @see ProcessorModel#memoryBandwidthMBps() */
    public int memoryBandwidthMBps() {
        return processor.memoryBandwidthMBps();
    }
}
