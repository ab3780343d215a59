package io.github.lstmhdl.config;

import io.github.lstmhdl.config.ConfigField.Part;
import io.github.lstmhdl.config.ConfigField.Syntax;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The table of every configuration field, in the order of the canonical text: the one place where a
 * field's name, part, syntax and meaning are written. Parsing ({@link ProcessorConfig#with(String,
 * String)}), the canonical text and image metadata ({@link ProcessorConfig#canonicalText()}, so the
 * plugin's fingerprint), the order in which layered settings are checked ({@link ConfigSettings}) and
 * the README's field table are all derived from it.
 */
public final class ConfigFields {

    /** The processor's data type. */
    public static final ConfigField<DataType> DATA_TYPE = field("dataType", Part.PROCESSOR, Syntax.DATA_TYPE,
            DataType.class, ProcessorConfig::dataType,
            "the data type: `single` (float32) or `int8` (the integer datapath of docs/isa.md §4a, simulated; compiling"
                    + " int8 needs post-training quantization, not implemented yet)");
    /** The processor's physical address of external memory offset 0. */
    public static final ConfigField<Long> BASE_ADDRESS = field("baseAddress", Part.PROCESSOR, Syntax.BYTE_SIZE,
            Long.class, ProcessorConfig::baseAddress,
            "the processor's physical address of external memory offset 0, a multiple of `alignment`",
            "alignment");
    /** The external memory available to the processor, in bytes. */
    public static final ConfigField<Long> MEMORY_SIZE = field("memorySize", Part.PROCESSOR, Syntax.BYTE_SIZE,
            Long.class, ProcessorConfig::memorySize, "the external memory available to the processor, at most 4 GiB");
    /** Every region starts at a multiple of this. */
    public static final ConfigField<Long> ALIGNMENT = field("alignment", Part.PROCESSOR, Syntax.BYTE_SIZE,
            Long.class, ProcessorConfig::alignment,
            "every memory region starts at a multiple of this power of two (at most `memorySize`)", "memorySize");
    /** The frames that the input and output regions hold. */
    public static final ConfigField<Integer> MAX_SEQUENCE_LENGTH = field("maxSequenceLength", Part.COMPILE,
            Syntax.INTEGER, Integer.class, ProcessorConfig::maxSequenceLength,
            "frames the input and output regions hold (the toolbox's `InputFrameNumberLimit`); 0: the model's"
                    + " fixed length, else 30");
    /** FC kernel threads. */
    public static final ConfigField<Integer> FC_THREADS = field("fcThreads", Part.PROCESSOR, Syntax.INTEGER,
            Integer.class, ProcessorConfig::fcThreads,
            "FC kernel threads (4, 8, 16): weight rows are padded to a multiple", "fcInputMemorySize",
            "fcOutputMemorySize");
    /** The FC kernel's input memory, in elements. */
    public static final ConfigField<Integer> FC_INPUT_MEMORY_SIZE = field("fcInputMemorySize", Part.PROCESSOR,
            Syntax.INTEGER, Integer.class, ProcessorConfig::fcInputMemorySize,
            "the FC kernel's input memory, in elements (at least `fcThreads`)");
    /** The FC kernel's output memory, in elements. */
    public static final ConfigField<Integer> FC_OUTPUT_MEMORY_SIZE = field("fcOutputMemorySize", Part.PROCESSOR,
            Syntax.INTEGER, Integer.class, ProcessorConfig::fcOutputMemorySize,
            "the FC kernel's output memory, in elements (at least `fcThreads`)");
    /** Whether a longer vector is tiled over the FC memories. */
    public static final ConfigField<Boolean> FC_TILING = field("fcTiling", Part.COMPILE, Syntax.BOOLEAN,
            Boolean.class, ProcessorConfig::fcTiling,
            "a vector longer than an FC memory is tiled over it; `false`: such a network is rejected");
    /** The elementwise kernel's addition block. */
    public static final ConfigField<Boolean> ADD_BLOCK = field("addBlock", Part.PROCESSOR, Syntax.BOOLEAN,
            Boolean.class, ProcessorConfig::addBlock, "the elementwise kernel's addition block is present");
    /** The elementwise kernel's multiplication block. */
    public static final ConfigField<Boolean> MULTIPLY_BLOCK = field("multiplyBlock", Part.PROCESSOR,
            Syntax.BOOLEAN, Boolean.class, ProcessorConfig::multiplyBlock,
            "the elementwise kernel's multiplication block is present");
    /** The activation kernel's sigmoid block. */
    public static final ConfigField<Boolean> SIGMOID_BLOCK = field("sigmoidBlock", Part.PROCESSOR, Syntax.BOOLEAN,
            Boolean.class, ProcessorConfig::sigmoidBlock, "the activation kernel's sigmoid block is present");
    /** The activation kernel's tanh block. */
    public static final ConfigField<Boolean> TANH_BLOCK = field("tanhBlock", Part.PROCESSOR, Syntax.BOOLEAN,
            Boolean.class, ProcessorConfig::tanhBlock, "the activation kernel's tanh block is present");
    /** Softmax as a host layer. */
    public static final ConfigField<Boolean> SOFTMAX_ON_HOST = field("softmaxOnHost", Part.COMPILE, Syntax.BOOLEAN,
            Boolean.class, ProcessorConfig::softmaxOnHost,
            "softmax is a software layer run by the host (as the toolbox does)");
    /** One FC over the four gates per step. */
    public static final ConfigField<Boolean> GATE_FUSION = field("gateFusion", Part.COMPILE, Syntax.BOOLEAN,
            Boolean.class, ProcessorConfig::gateFusion,
            "one FC over the four gates per step (a GRU: one over its three gates' input columns and one over"
                    + " the recurrent columns of r and z); `false` reproduces the toolbox's four FCs (a GRU's `L.wh`"
                    + " and `L.rh`)");
    /** Gate activations in the FC write-back. */
    public static final ConfigField<Boolean> FUSED_ACTIVATIONS = field("fusedActivations", Part.COMPILE,
            Syntax.BOOLEAN, Boolean.class, ProcessorConfig::fusedActivations,
            "gate activations are applied in the FC write-back where possible");
    /** The input projection of all time steps before the recurrence. */
    public static final ConfigField<Boolean> INPUT_PROJECTION = field("inputProjection", Part.COMPILE,
            Syntax.BOOLEAN, Boolean.class, ProcessorConfig::inputProjection,
            "W·x_t + b of all steps by one FC loop before the recurrence (with gate fusion only; dropped with a"
                    + " notice when its buffer would overflow the memory)");
    /** The processor clock. */
    public static final ConfigField<Integer> CLOCK_FREQUENCY_MHZ = field("clockFrequencyMHz", Part.PROCESSOR,
            Syntax.INTEGER, Integer.class, ProcessorConfig::clockFrequencyMHz,
            "the processor clock, for performance estimates: recorded in the image metadata and the fingerprint,"
                    + " read by the timing model (docs/isa.md section 9)");
    /** The external memory bandwidth. */
    public static final ConfigField<Integer> MEMORY_BANDWIDTH_MBPS = field("memoryBandwidthMBps", Part.PROCESSOR,
            Syntax.INTEGER, Integer.class, ProcessorConfig::memoryBandwidthMBps,
            "the external memory bandwidth, for performance estimates: recorded in the image metadata and the"
                    + " fingerprint, read by the timing model (docs/isa.md section 9)");

    /** Every field, in the order of the canonical text. */
    public static final List<ConfigField<?>> ALL = List.of(DATA_TYPE, BASE_ADDRESS, MEMORY_SIZE, ALIGNMENT,
            MAX_SEQUENCE_LENGTH, FC_THREADS, FC_INPUT_MEMORY_SIZE, FC_OUTPUT_MEMORY_SIZE, FC_TILING, ADD_BLOCK,
            MULTIPLY_BLOCK, SIGMOID_BLOCK, TANH_BLOCK, SOFTMAX_ON_HOST, GATE_FUSION, FUSED_ACTIVATIONS,
            INPUT_PROJECTION, CLOCK_FREQUENCY_MHZ, MEMORY_BANDWIDTH_MBPS);

    private static final Map<String, ConfigField<?>> BY_NAME;

    static {
        Map<String, ConfigField<?>> m = new LinkedHashMap<>();
        for (ConfigField<?> f : ALL) {
            if (m.put(f.name(), f) != null) {
                throw new ExceptionInInitializerError("field " + f.name() + " twice");
            }
        }
        for (ConfigField<?> f : ALL) {
            for (String other : f.checkedWith()) {
                if (!m.containsKey(other)) {
                    throw new ExceptionInInitializerError(f.name() + " is checked with an unknown field " + other);
                }
            }
        }
        BY_NAME = Map.copyOf(m);
    }

    /** Every field's name, in the order of the canonical text. */
    public static final List<String> NAMES = ALL.stream().map(ConfigField::name).toList();

    /**
     * The order in which settings are checked, and applied one by one to find the setting to blame when
     * together they break a rule: the fields in cross-field rules first, each after the fields it is
     * checked against (a base address after the alignment it must be a multiple of); then the others in
     * table order.
     */
    public static final List<ConfigField<?>> APPLY_ORDER = applyOrder();

    private ConfigFields() {
    }

    /** The field of that name. */
    public static Optional<ConfigField<?>> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The message for a name that is no field, listing the known ones. */
    public static String unknown(String name) {
        return "unknown processor field '" + name + "' (known: " + String.join(", ", NAMES) + ")";
    }

    private static List<ConfigField<?>> applyOrder() {
        List<ConfigField<?>> order = new ArrayList<>();
        for (ConfigField<?> f : ALL) {
            boolean ruled = !f.checkedWith().isEmpty()
                    || ALL.stream().anyMatch(g -> g.checkedWith().contains(f.name()));
            if (ruled) {
                visit(f, order);
            }
        }
        for (ConfigField<?> f : ALL) {
            if (!order.contains(f)) {
                order.add(f);
            }
        }
        return List.copyOf(order);
    }

    private static void visit(ConfigField<?> f, List<ConfigField<?>> order) {
        if (order.contains(f)) {
            return;
        }
        for (String before : f.checkedWith()) {
            visit(BY_NAME.get(before), order);
        }
        order.add(f);
    }

    private static <T> ConfigField<T> field(String name, Part part, Syntax syntax, Class<T> type,
            Function<ProcessorConfig, T> accessor, String meaning, String... checkedWith) {
        return new ConfigField<>(name, part, syntax, type, accessor, List.of(checkedWith), meaning);
    }
}
