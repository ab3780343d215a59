package io.github.lstmhdl.codegen;

import io.github.lstmhdl.image.ImageMetadata;
import io.github.lstmhdl.image.LayerOutputSpec;
import io.github.lstmhdl.image.PortSpec;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.image.writer.QuantizationSummary;
import io.github.lstmhdl.isa.SchedulerData;
import io.github.lstmhdl.layout.Axis;
import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.MemorySymbol;
import io.github.lstmhdl.memory.Region;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.memory.SymbolKind;
import io.github.lstmhdl.timing.PerformanceReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The constants that generated code carries for one compiled network, in a fixed order: the base
 * address and memory, every region's offset and size, every memory symbol's offset and size, the input
 * and output shapes (as text such as {@code T,N,5} and as int scalars: rank, sequence length, batch
 * size, axis positions; no array, as a {@code static final} array is mutable), the data type, the
 * scheduler fields, and the image's resource name and checksums. A name ending in {@code _OFFSET} or
 * {@code _SIZE} is always a byte offset or a byte count (a {@code long}); counts of other things have
 * other names ({@code INPUT_FEATURES}, {@code INPUT_BATCH}, {@code MAX_SEQUENCE_LENGTH}). The Java
 * class and the C header render this one list.
 */
public final class NetworkConstants {
    private NetworkConstants() {
    }

    /** Stands in for the image while only the constant names are checked: names never depend on it. */
    private static final ImageReference NO_IMAGE = new ImageReference("/unwritten.elf", "0".repeat(64));

    /**
     * The constants of a network.
     *
     * @throws NameClashException when two symbols (or a symbol and a fixed constant) give the same
     *                            constant name; the message names both
     */
    public static List<Constant> of(CompiledNetwork network, ImageReference image) {
        MemoryMap map = network.memoryMap();
        ImageMetadata meta = network.metadata();
        Builder b = new Builder();
        b.add("BASE_ADDRESS", Constant.Type.ADDRESS, map.baseAddress(),
                "Physical address of external memory offset 0. Add it to an offset below to get the address the "
                        + "processor uses.", "the base address");
        b.add("MEMORY_SIZE", Constant.Type.BYTES, map.memorySize(),
                "Bytes of external memory available to the processor.", "the memory size");
        b.add("ALIGNMENT", Constant.Type.BYTES, map.alignment(),
                "Every region starts at a multiple of this many bytes.", "the alignment");
        for (Region r : map.regions()) {
            String what = regionText(r.kind());
            b.add(r.kind().constantStem() + "_OFFSET", Constant.Type.ADDRESS, r.offset(),
                    r.kind().toolboxName() + ": byte offset from BASE_ADDRESS of " + what + ".",
                    "region " + r.kind().toolboxName());
            b.add(r.kind().constantStem() + "_SIZE", Constant.Type.BYTES, r.size(),
                    "Bytes allocated to " + r.kind().toolboxName() + " (" + what + ").",
                    "region " + r.kind().toolboxName());
        }
        b.add("END_OFFSET", Constant.Type.ADDRESS, map.endOffset(),
                "EndOffset: the first byte after the last region; the network uses external memory from offset 0 "
                        + "up to here.", "EndOffset");
        for (MemorySymbol s : map.symbols()) {
            if (s.kind() == SymbolKind.REGION) {
                continue;
            }
            String stem = Identifiers.constantStem(s.name());
            String what = symbolText(s);
            b.add(stem + "_OFFSET", Constant.Type.ADDRESS, s.offset(),
                    "Byte offset from BASE_ADDRESS of " + what + ", in " + s.region().toolboxName() + ".",
                    "symbol '" + s.name() + "'");
            b.add(stem + "_SIZE", Constant.Type.BYTES, s.size(), "Bytes of " + what + ".", "symbol '" + s.name() + "'");
        }
        ImageMetadata.TensorSpec in = meta.input();
        ImageMetadata.TensorSpec out = meta.output();
        b.add("INPUT_NAME", Constant.Type.STRING, in.name(), "The input tensor's name in the source model.", "");
        b.add("INPUT_FEATURES", Constant.Type.INT, in.featureSize(),
                "Features per time step of the input: the input region holds MAX_SEQUENCE_LENGTH frames of this many "
                        + meta.dataType() + " values, frame after frame.", "");
        b.add("INPUT_AXES", Constant.Type.STRING, String.join(",", in.axes()),
                "The input's axes as the source model declares them, outermost first.", "");
        b.add("OUTPUT_NAME", Constant.Type.STRING, out.name(), "The output tensor's name in the source model.", "");
        b.add("OUTPUT_FEATURES", Constant.Type.INT, out.featureSize(),
                "Features per time step of the output (all directions together).", "");
        b.add("OUTPUT_IS_SEQUENCE", Constant.Type.BOOLEAN, out.sequence(),
                "Whether the output holds one vector per time step (else only the last step's).", "");
        b.add("OUTPUT_DIRECTIONS", Constant.Type.INT, out.directions(),
                "The number of directions the output's features are split into (1, or 2 for bidirectional).", "");
        b.add("OUTPUT_AXES", Constant.Type.STRING, String.join(",", out.axes()),
                "The output's axes as the source model declares them, outermost first.", "");
        shape(b, "INPUT", "input", in);
        shape(b, "OUTPUT", "output", out);
        for (PortSpec port : meta.stateInputs()) {
            portShape(b, port, "input");
        }
        for (PortSpec port : meta.stateOutputs()) {
            portShape(b, port, "output");
        }
        for (LayerOutputSpec tap : meta.layerOutputs()) {
            // an earlier layer's output: the main output's constants under its own stem
            String stem = Identifiers.constantStem(tap.symbol());
            ImageMetadata.TensorSpec t = tap.tensor();
            String origin = "output '" + t.name() + "'";
            b.add(stem + "_NAME", Constant.Type.STRING, t.name(), "The name of this output in the source model.",
                    origin);
            b.add(stem + "_FEATURES", Constant.Type.INT, t.featureSize(), "Features per time step of the output '"
                    + t.name() + "' (all directions together), in its area " + stem + "_OFFSET.", origin);
            b.add(stem + "_AXES", Constant.Type.STRING, String.join(",", t.axes()),
                    "The axes of the output '" + t.name() + "' as the source model declares them, outermost first.",
                    origin);
            shape(b, stem, "output", t);
        }
        b.add("HOST_LAYER", Constant.Type.STRING, meta.hostLayer(),
                "The layer the host applies to the output after a run: none, softmax or logsoftmax.", "");
        b.add("MAX_SEQUENCE_LENGTH", Constant.Type.INT, meta.frameLimit(),
                "The most time steps one run may have: the frames the input and output regions hold.", "");
        b.add("DATA_TYPE", Constant.Type.STRING, meta.dataType(),
                "The processor's data type (single: IEEE 754 float32, little-endian).", "");
        b.add("ELEMENT_BYTES", Constant.Type.INT, network.config().dataType().bytes(), "Bytes per value.", "");
        network.quantization().ifPresent(q -> quantization(b, q));
        long sched = map.region(RegionKind.SCHEDULER_DATA).offset();
        b.add("SCHEDULER_SEQUENCE_LENGTH_OFFSET", Constant.Type.ADDRESS, sched + SchedulerData.SEQUENCE_LENGTH,
                "Byte offset from BASE_ADDRESS of the u32 the host sets to the run's number of time steps "
                        + "(1 to MAX_SEQUENCE_LENGTH).", "");
        b.add("SCHEDULER_CONTROL_OFFSET", Constant.Type.ADDRESS, sched + SchedulerData.CONTROL,
                "Byte offset from BASE_ADDRESS of the u32 control word; SCHEDULER_CONTROL_RESET resets the LSTM "
                        + "states before the run.", "");
        b.add("SCHEDULER_STATUS_OFFSET", Constant.Type.ADDRESS, sched + SchedulerData.STATUS,
                "Byte offset from BASE_ADDRESS of the u32 status word the processor sets to SCHEDULER_STATUS_DONE "
                        + "when the output is complete.", "");
        b.add("SCHEDULER_STEPS_DONE_OFFSET", Constant.Type.ADDRESS, sched + SchedulerData.STEPS_DONE,
                "Byte offset from BASE_ADDRESS of the u32 where the processor reports the time steps it executed.", "");
        b.add("SCHEDULER_SEQUENCE_INDEX_OFFSET", Constant.Type.ADDRESS, sched + SchedulerData.SEQUENCE_INDEX,
                "Byte offset from BASE_ADDRESS of the u32 the host sets to the run's sequence index: which "
                        + "sequence of the batch (0-based) this run is; it selects that sequence's initial states "
                        + "when they differ per sequence, and is 0 otherwise.", "");
        b.add("SCHEDULER_CONTROL_RESET", Constant.Type.INT, SchedulerData.CONTROL_RESET,
                "Control bit: reset the LSTM states to their initial values before the run.", "");
        b.add("SCHEDULER_CONTROL_START", Constant.Type.INT, SchedulerData.CONTROL_START,
                "Control bit: start the run; the host sets it last, the processor clears it when the run ends.", "");
        b.add("SCHEDULER_STATUS_DONE", Constant.Type.INT, SchedulerData.STATUS_DONE,
                "Status value: the run completed.", "");
        b.add("NETWORK_NAME", Constant.Type.STRING, meta.networkName(), "The network's name.", "");
        b.add("COMPILER_VERSION", Constant.Type.STRING, meta.compilerVersion(),
                "The lstm-hdl version that compiled the network.", "");
        b.add("IMAGE_FORMAT_VERSION", Constant.Type.INT, meta.formatVersion(), "The image format version.", "");
        b.add("IMAGE_RESOURCE", Constant.Type.STRING, image.resourceName(),
                "The classpath resource name of the network's ELF image.", "");
        b.add("IMAGE_SHA256", Constant.Type.STRING, image.sha256(),
                "SHA-256 (hex) of the whole image file: check it after loading IMAGE_RESOURCE.", "");
        b.add("CONTENT_SHA256", Constant.Type.STRING, meta.contentSha256(),
                "SHA-256 (hex) of the initialized regions' bytes in address order, as the image's metadata "
                        + "records it.", "");
        estimate(b, network.estimate());
        return List.copyOf(b.constants);
    }

    /**
     * The performance estimate of a run of the maximum sequence length (docs/isa.md §9): cycles exactly,
     * times rounded up and the rate rounded down (so that a deadline checked against them is not missed).
     */
    private static void estimate(Builder b, PerformanceReport e) {
        String model = " (the timing model of docs/isa.md section 9, at ESTIMATED_CLOCK_FREQUENCY_MHZ).";
        b.add("ESTIMATED_CLOCK_FREQUENCY_MHZ", Constant.Type.INT, e.parameters().clockFrequencyMHz(),
                "The processor clock in MHz that the estimates assume.", "");
        b.add("ESTIMATED_CYCLES_PER_STEP", Constant.Type.COUNT, e.perStepCycles(),
                "Estimated clock cycles per time step: a run of T steps takes ESTIMATED_FIXED_CYCLES + T times this"
                        + model, "");
        b.add("ESTIMATED_FIXED_CYCLES", Constant.Type.COUNT, e.fixedCycles(),
                "Estimated clock cycles of a run that do not depend on its length T" + model, "");
        b.add("ESTIMATED_CYCLES_PER_SEQUENCE", Constant.Type.COUNT, e.totalCycles(),
                "Estimated clock cycles of a run of MAX_SEQUENCE_LENGTH steps" + model, "");
        b.add("ESTIMATED_CYCLES_ONE_STEP_RUN", Constant.Type.COUNT, e.singleStepCycles(),
                "Estimated clock cycles of a run of one time step alone, the latency of a streamed step" + model, "");
        b.add("ESTIMATED_NANOSECONDS_PER_STEP", Constant.Type.COUNT, nanosecondsUp(e.perStepCycles(), e),
                "ESTIMATED_CYCLES_PER_STEP in nanoseconds, rounded up.", "");
        b.add("ESTIMATED_NANOSECONDS_PER_SEQUENCE", Constant.Type.COUNT, nanosecondsUp(e.totalCycles(), e),
                "ESTIMATED_CYCLES_PER_SEQUENCE in nanoseconds, rounded up.", "");
        b.add("ESTIMATED_SEQUENCES_PER_SECOND", Constant.Type.COUNT,
                e.parameters().clockFrequencyMHz() * 1_000_000L / Math.max(1, e.totalCycles()),
                "Estimated runs of MAX_SEQUENCE_LENGTH steps per second, rounded down.", "");
    }

    /** ceil(cycles × 1000 / clockMHz), saturated. */
    static long nanosecondsUp(long cycles, PerformanceReport e) {
        long mhz = e.parameters().clockFrequencyMHz();
        if (cycles > Long.MAX_VALUE / 1000) {
            return Long.MAX_VALUE;
        }
        return (cycles * 1000 + mhz - 1) / mhz;
    }

    /**
     * Checks that every constant of a network gets a name of its own, without the image: the compile
     * calls it before any file is produced, so that a clash fails the compile instead of the writing
     * of the generated files after the image is already on disk.
     *
     * @throws NameClashException naming the constant and both names that give it
     */
    public static void checkNames(CompiledNetwork network) {
        of(network, NO_IMAGE);
    }

    /**
     * The shape of the input or the output as the source model declares it: as text (with T and N for
     * dynamic dimensions) and, since a Java array constant would be mutable, as int scalars: the rank,
     * the sequence length and batch size (-1 when dynamic) and where the time and batch axes are.
     */
    private static void shape(Builder b, String prefix, String what, ImageMetadata.TensorSpec spec) {
        int[] dims = spec.dimensions();
        int time = spec.axisIndex(Axis.TIME);
        int batch = spec.axisIndex(Axis.BATCH);
        b.add(prefix + "_SHAPE", Constant.Type.STRING, spec.shapeText(),
                "The " + what + "'s shape as the source model declares it, outermost first, in the order of "
                        + prefix + "_AXES: sizes separated by commas, T for a dynamic sequence length and N for a "
                        + "dynamic batch size (a run fills them).", "");
        b.add(prefix + "_RANK", Constant.Type.INT, dims.length, "The number of dimensions of " + prefix + "_SHAPE.",
                "");
        b.add(prefix + "_SEQUENCE_LENGTH", Constant.Type.INT, time < 0 ? 1 : dims[time],
                "Time steps in the " + what + " as the source model declares them: -1 when dynamic (each run sets "
                        + "its own, at most MAX_SEQUENCE_LENGTH)"
                        + (what.equals("output") ? ", 1 when the output holds only the last step" : "")
                        + (time < 0 ? "; 1 here, as the " + what + " has no time axis" : "") + ".", "");
        b.add(prefix + "_BATCH", Constant.Type.INT, batch < 0 ? 1 : dims[batch],
                "The batch size: sequences in one " + what + " tensor as the source model declares them: -1 when "
                        + "dynamic, 1 when the " + what + " has no batch axis. The processor runs the sequences of "
                        + "a batch one after the other.", "");
        b.add(prefix + "_TIME_AXIS", Constant.Type.INT, time,
                "The position of the time axis in " + prefix + "_SHAPE (0 = outermost), or -1 when there is none.",
                "");
        b.add(prefix + "_BATCH_AXIS", Constant.Type.INT, batch,
                "The position of the batch axis in " + prefix + "_SHAPE (0 = outermost), or -1 when there is none.",
                "");
    }

    /**
     * A state port's name and shape, beside the {@code _OFFSET} and {@code _SIZE} of its area (from its
     * memory symbol {@code input.NAME}: {@code INPUT_NAME_OFFSET}): {@code INPUT_NAME_NAME},
     * {@code _SHAPE}, {@code _RANK}, {@code _ELEMENTS}. Only a network with state ports has them.
     */
    private static void portShape(Builder b, PortSpec port, String side) {
        String stem = Identifiers.constantStem(port.symbol());
        String origin = side + " '" + port.name() + "'";
        b.add(stem + "_NAME", Constant.Type.STRING, port.name(), "The name of the state " + side
                + " in the source model.", origin);
        b.add(stem + "_SHAPE", Constant.Type.STRING, port.shapeText(), "The shape of the state " + side + " '"
                + port.name() + "' as the source model declares it, outermost first, sizes separated by commas.",
                origin);
        b.add(stem + "_RANK", Constant.Type.INT, port.shape().size(), "The number of dimensions of " + stem
                + "_SHAPE.", origin);
        b.add(stem + "_ELEMENTS", Constant.Type.INT, (int) port.tensorElements(), "Elements of the tensor '" + port.name()
                + "'; the host " + (side.equals("input") ? "gathers them into" : "scatters them from") + " the area "
                + stem + "_OFFSET as the image's metadata describes (docs/image-format.md, State ports).", origin);
    }

    private static String regionText(RegionKind kind) {
        return switch (kind) {
            case INPUT_DATA -> "the input frames the host writes before a run";
            case OUTPUT_RESULT -> "the results the processor writes";
            case SCHEDULER_DATA -> "the run parameters and status, whose fields the SCHEDULER_ constants locate";
            case SYSTEM_BUFFER -> "the LSTM states and intermediate buffers, which the host must not use";
            case INSTRUCTION_DATA -> "the instruction program";
            case FC_WEIGHT_DATA -> "the FC weights and biases, peepholes and initial states";
        };
    }

    private static String symbolText(MemorySymbol s) {
        String n = "'" + s.name() + "'";
        return switch (s.kind()) {
            case WEIGHTS -> "the weight matrix " + n + " (float rows, padded to the FC thread count)";
            case BIAS -> "the bias vector " + n;
            case PEEPHOLE -> "the peephole vector " + n;
            case INITIAL_STATE -> "the initial state " + n + ", copied into its state on reset";
            case STATE -> "the LSTM state " + n + ", kept across time steps and runs";
            case BUFFER -> "the intermediate buffer " + n;
            case REGION -> "the region " + n;
            case PORT -> "the area of the graph tensor " + n + " (a state port, docs/image-format.md)";
        };
    }

    /** Collects constants and rejects two with one name. */
    private static final class Builder {
        final List<Constant> constants = new ArrayList<>();
        final Map<String, String> origins = new HashMap<>();

        void add(String name, Constant.Type type, Object value, String doc, String origin) {
            String from = origin.isEmpty() ? "the constant " + name : origin;
            String other = origins.putIfAbsent(name, from);
            if (other != null) {
                throw new NameClashException(name, other, from);
            }
            constants.add(new Constant(name, type, value, doc));
        }
    }

    /**
     * Two names of the network (symbols, or a symbol and a fixed constant) that give the same constant
     * name once sanitized, such as the layers {@code Lstm} and {@code lstm}, or the gate {@code wi} of an
     * unfused LSTM {@code lstm_1} and an FC named {@code lstm_1_wi}. An {@link IllegalArgumentException}
     * so that the writers keep their contract; the compile turns it into an error naming the file.
     */
    public static final class NameClashException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final String constant;
        private final String first;
        private final String second;

        NameClashException(String constant, String first, String second) {
            super("two names give the generated constant " + constant + ": " + first + " and " + second
                    + "; rename one of the layers so that their names differ in letters or digits (an ONNX network's"
                    + " layers keep clean node names: --positional-layer-names, or the plugin's positionalLayerNames,"
                    + " names them by position instead)");
            this.constant = constant;
            this.first = first;
            this.second = second;
        }

        /** The constant name both give, such as {@code LSTM_1_WI_WEIGHTS_OFFSET}. */
        public String constant() {
            return constant;
        }

        /** What gave the name first, such as {@code symbol 'lstm_1.wi.weights'}. */
        public String first() {
            return first;
        }

        /** What gave the name again. */
        public String second() {
            return second;
        }
    }

    /**
     * An int8 network's boundary: real = scale · (q − zero point) for the input and the output (the host
     * quantizes and dequantizes with docs/isa.md §4a's rounding), and the accuracy the compiler measured.
     */
    private static void quantization(Builder b, QuantizationSummary q) {
        String accuracy = String.format(java.util.Locale.ROOT, "Measured on %d calibration samples against the"
                + " float network: max |error| %.6g, RMS error %.6g (output range %.6g)%s.", q.samples(),
                q.maxAbsError(), q.rmsError(), q.outputRange(), q.top1Agreement().isPresent()
                        ? String.format(java.util.Locale.ROOT, ", top-1 agreement %.2f%%",
                                100 * q.top1Agreement().getAsDouble()) : "");
        b.add("INPUT_SCALE", Constant.Type.FLOAT, q.boundary().inputScale(), "The int8 input's scale: the host"
                + " writes clamp(INPUT_ZERO_POINT + rint(v / INPUT_SCALE), -128, 127).", "");
        b.add("INPUT_ZERO_POINT", Constant.Type.INT, q.boundary().inputZero(), "The int8 input's zero point.", "");
        b.add("OUTPUT_SCALE", Constant.Type.FLOAT, q.boundary().outputScale(), "The int8 output's scale: the host"
                + " reads OUTPUT_SCALE * (q - OUTPUT_ZERO_POINT). " + accuracy, "");
        b.add("OUTPUT_ZERO_POINT", Constant.Type.INT, q.boundary().outputZero(), "The int8 output's zero point.",
                "");
        b.add("QUANTIZATION_MAX_ABS_ERROR", Constant.Type.FLOAT, (float) q.maxAbsError(), "The largest output"
                + " error of the int8 network against the float one on the calibration samples. " + accuracy, "");
        b.add("QUANTIZATION_RMS_ERROR", Constant.Type.FLOAT, (float) q.rmsError(), "The RMS output error of the"
                + " int8 network against the float one on the calibration samples.", "");
    }
}
