package io.github.lstmhdl.sim;

import io.github.lstmhdl.config.DataType;
import io.github.lstmhdl.image.ImageMetadata;
import io.github.lstmhdl.image.LoadedImage;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.InstructionCodec;
import io.github.lstmhdl.isa.InvalidInstructionException;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.isa.SchedulerData;
import io.github.lstmhdl.layout.Axis;
import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.Region;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.quant.Int8Boundary;
import io.github.lstmhdl.timing.CycleCounts;
import io.github.lstmhdl.timing.TimingParameters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a compiled image the way a host drives the processor: it loads the image into a simulated
 * external memory (only [0, EndOffset) is allocated, whatever the memory size), and for each run writes
 * the sequence length and the reset bit into the scheduler data, the input [T][D] at InputDataOffset,
 * executes the program to HALT, and reads (sequence ? T : 1) × the output feature size floats at
 * OutputResultOffset. A softmax that the image marks as host-side ({@code hostLayer}) is applied here,
 * so the result equals the network's.
 *
 * <p>The LSTM states live in the simulated memory and persist between runs: {@link #predict} resets
 * them first (the toolbox's {@code predict}), {@link #predictAndUpdateState} continues from them. The
 * first run after {@link #load}, {@link #resetState()} or a failed run always resets. Each run also writes
 * the sequence index n (which sequence of a batch it is; 0 unless given): an image whose initial states
 * differ per batch entry ({@link #stateBatch()} &gt; 0) resets sequence n to its own states, and
 * {@link #runTensor} gives each sequence of the batch its index. A simulator is not thread-safe; load
 * one per thread.
 */
public final class Simulator {
    private final ImageMetadata metadata;
    private final List<Instruction> program;
    private final SimulatedMemory memory;
    private final Processor processor;
    private final long inputOffset;
    private final long outputOffset;
    private final long schedulerOffset;
    private final int inputFeatures;
    private final int outputFeatures;
    private final int frameLimit;
    /** The batch size B that the image's per-sequence initial states are given for; 0 when shared. */
    private final int stateBatch;
    /** The image's state ports (graph inputs and outputs beyond the first). */
    private final StatePortAccess ports;
    /** The image's outputs of earlier layers. */
    private final LayerOutputAccess layerOutputs;
    private BatchLayout layout;
    private boolean pendingReset = true;
    /** The sequence length of the last completed run; 0 before the first. */
    private int lastSteps;

    private Simulator(ImageMetadata metadata, List<Instruction> program, long fixedLength, SimulatedMemory memory,
            StatePortAccess ports, LayerOutputAccess layerOutputs) throws SimulationException {
        this.metadata = metadata;
        this.ports = ports;
        this.layerOutputs = layerOutputs;
        this.program = List.copyOf(program);
        this.memory = memory;
        MemoryMap map = metadata.memoryMap();
        this.inputOffset = map.region(RegionKind.INPUT_DATA).offset();
        this.outputOffset = map.region(RegionKind.OUTPUT_RESULT).offset();
        this.schedulerOffset = map.region(RegionKind.SCHEDULER_DATA).offset();
        this.inputFeatures = metadata.input().featureSize();
        this.outputFeatures = metadata.output().featureSize();
        this.frameLimit = metadata.frameLimit();
        this.stateBatch = perSequenceStates(program) ? metadata.input().batchSize() : 0;
        Region weights = map.region(RegionKind.FC_WEIGHT_DATA);
        this.processor = new Processor(program, memory, schedulerOffset, frameLimit, weights.offset(), weights.end(),
                fixedLength);
        if (memory instanceof Int8Memory int8) {
            checkScales(metadata, int8.boundary());
        }
    }

    /** An int8 image's metadata must give the host the scales and zero points its boundary record holds. */
    private static void checkScales(ImageMetadata md, Int8Boundary b) throws SimulationException {
        if (md.input().scale() != b.inputScale() || md.input().zeroPoint() != b.inputZero()
                || md.output().scale() != b.outputScale() || md.output().zeroPoint() != b.outputZero()) {
            throw new SimulationException("metadata", "the input and output scales and zero points ("
                    + md.input().scale() + ", " + md.input().zeroPoint() + "; " + md.output().scale() + ", "
                    + md.output().zeroPoint() + ") are not the boundary record's (" + b.inputScale() + ", "
                    + b.inputZero() + "; " + b.outputScale() + ", " + b.outputZero() + ")");
        }
    }

    /**
     * Loads an image: validates its metadata and memory map, copies every initialized region into a
     * fresh simulated memory, and decodes the program once.
     *
     * @throws SimulationException for an unsupported data type or host layer, a memory map whose regions
     *                             are missing, misaligned or beyond EndOffset or the memory size, content
     *                             larger than its region, an undecodable instruction (naming its index), or
     *                             a LOOP whose body runs past the program end or nests another LOOP
     */
    public static Simulator load(LoadedImage image) throws SimulationException {
        Objects.requireNonNull(image, "image");
        ImageMetadata md = image.metadata();
        DataType type = DataType.byId(md.dataType()).orElseThrow(() -> new SimulationException("metadata",
                "data type '" + md.dataType() + "' is not supported by the simulator (only " + DataType.ids() + ")"));
        if (!HostLayer.known(md.hostLayer())) {
            throw new SimulationException("metadata", "unknown host layer '" + md.hostLayer()
                    + "' (expected none, softmax or logsoftmax)");
        }
        if (md.frameLimit() < 1 || md.input().featureSize() < 1 || md.output().featureSize() < 1) {
            throw new SimulationException("metadata", "frame limit " + md.frameLimit() + ", input features "
                    + md.input().featureSize() + " and output features " + md.output().featureSize()
                    + " must all be at least 1");
        }
        MemoryMap map = md.memoryMap();
        checkMap(map);
        checkFits(map, RegionKind.INPUT_DATA, (long) md.frameLimit() * md.input().featureSize() * type.bytes(),
                "the input");
        long outputRows = md.output().sequence() ? md.frameLimit() : 1;
        checkFits(map, RegionKind.OUTPUT_RESULT, outputRows * md.output().featureSize() * type.bytes(), "the output");
        checkFits(map, RegionKind.SCHEDULER_DATA, SchedulerData.SEQUENCE_INDEX + 4, "the scheduler fields");
        List<Instruction> program = program(image, type);
        if (perSequenceStates(program) && md.input().batchSize() < 1) {
            throw new SimulationException("metadata", "the program reads per-sequence initial states, but the"
                    + " input's batch size is " + md.input().batchSize() + " (not fixed)");
        }

        SimulatedMemory memory = SimulatedMemory.allocate(type, map.endOffset());
        for (Map.Entry<RegionKind, byte[]> e : image.contents().entrySet()) {
            Region region = map.region(e.getKey());
            if (e.getValue().length > region.size()) {
                throw new SimulationException(e.getKey().toolboxName(), "the image holds " + e.getValue().length
                        + " bytes for a region of " + region.size() + " bytes");
            }
            memory.load(region.offset(), e.getValue());
        }
        return new Simulator(md, program,
                InstructionCodec.fixedLength(image.contents().get(RegionKind.INSTRUCTION_DATA)), memory,
                StatePortAccess.of(md, type.bytes()),
                LayerOutputAccess.of(md, type.bytes()));
    }

    /** Decodes the program, whose header must carry the code of the metadata's data type. */
    private static List<Instruction> program(LoadedImage image, DataType type) throws SimulationException {
        byte[] code = image.contents().get(RegionKind.INSTRUCTION_DATA);
        if (code == null) {
            throw new SimulationException("INSTRUCTION_DATA", "the image holds no program");
        }
        if (code.length >= InstructionCodec.HEADER_BYTES && InstructionCodec.dataType(code) != type.code()) {
            throw new SimulationException(-1, null, "the program header's data type is "
                    + Integer.toUnsignedString(InstructionCodec.dataType(code)) + ", not " + type.code()
                    + " (" + type.id() + "), which the metadata's dataType says");
        }
        try {
            return InstructionCodec.decode(code);
        } catch (InvalidInstructionException e) {
            String reason = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
            throw new SimulationException(e.index(), null, reason);
        }
    }

    /** Whether some STATE_INIT reads a per-sequence initial state (a source stride over the sequence index). */
    private static boolean perSequenceStates(List<Instruction> program) {
        return program.stream().anyMatch(in -> in.opcode() == Opcode.STATE_INIT
                && !in.has(Instruction.FLAG_ZERO) && in.a().stride() != 0);
    }

    private static void checkMap(MemoryMap map) throws SimulationException {
        if (map.endOffset() > map.memorySize()) {
            throw new SimulationException("memory map", String.format(Locale.ROOT,
                    "EndOffset 0x%08x exceeds the memory size of %d bytes", map.endOffset(), map.memorySize()));
        }
        if (map.endOffset() > 0x1_0000_0000L) {
            throw new SimulationException("memory map", String.format(Locale.ROOT,
                    "EndOffset 0x%x exceeds the 32-bit offsets of the instruction set", map.endOffset()));
        }
        for (RegionKind kind : RegionKind.values()) {
            Region region = map.regions().stream().filter(r -> r.kind() == kind).findFirst().orElse(null);
            if (region == null) {
                throw new SimulationException("memory map", "the region " + kind.toolboxName() + " is missing");
            }
            if (region.offset() % 4 != 0 || region.end() > map.endOffset()) {
                throw new SimulationException("memory map", String.format(Locale.ROOT,
                        "region %s [0x%08x, 0x%08x) is not 4-byte aligned or ends beyond EndOffset 0x%08x",
                        kind.toolboxName(), region.offset(), region.end(), map.endOffset()));
            }
        }
    }

    private static void checkFits(MemoryMap map, RegionKind kind, long bytes, String what) throws SimulationException {
        Region region = map.region(kind);
        if (bytes > region.size()) {
            throw new SimulationException("memory map", kind.toolboxName() + " holds " + region.size()
                    + " bytes, but " + what + " needs " + bytes);
        }
    }

    /**
     * One run of one sequence.
     *
     * @param input     T × inputFeatureSize() floats, row-major [T][D]
     * @param timeSteps T, from 1 to {@link #frameLimit()}
     * @param reset     whether the LSTM states start from their initial values (true: {@code predict})
     *                  or from where the previous run left them (false: {@code predictAndUpdateState})
     * @return (sequence output ? T : 1) × outputFeatureSize() floats, row-major, after the host layer
     * @throws SimulationException for a bad T or input length, or an instruction that fails
     */
    public float[] run(float[] input, int timeSteps, boolean reset) throws SimulationException {
        return run(input, timeSteps, reset, 0);
    }

    /**
     * One run of sequence {@code sequenceIndex} of a batch: like {@link #run(float[], int, boolean)}, but a
     * reset starts from that sequence's initial states when the image has per-sequence ones (ONNX
     * initial_h / initial_c that differ between the batch entries).
     *
     * @param sequenceIndex n, which sequence of the batch this is: 0 ≤ n < the image's batch size when the
     *                      image has per-sequence initial states ({@link #stateBatch()}), else any n ≥ 0
     *                      (it has no effect)
     * @throws SimulationException for a sequence index out of range, a bad T or input length, or an
     *                             instruction that fails
     */
    public float[] run(float[] input, int timeSteps, boolean reset, int sequenceIndex) throws SimulationException {
        Objects.requireNonNull(input, "input");
        if (sequenceIndex < 0 || stateBatch > 0 && sequenceIndex >= stateBatch) {
            throw SimulationException.aboutInput("run", "sequence index " + sequenceIndex + " is outside "
                    + (stateBatch > 0 ? "0 to " + (stateBatch - 1) + ", the sequences of the image's batch of "
                    + stateBatch + " (it has per-sequence initial states)" : "the non-negative numbers"));
        }
        if (timeSteps < 1 || timeSteps > frameLimit) {
            throw SimulationException.aboutInput("run", "sequence length " + timeSteps
                    + " is outside 1 to the image's frame limit " + frameLimit);
        }
        if (input.length != (long) timeSteps * inputFeatures) {
            throw SimulationException.aboutInput("run", "the input has " + input.length + " values, expected T × D = "
                    + timeSteps + " × " + inputFeatures);
        }
        memory.writeWord(schedulerOffset + SchedulerData.SEQUENCE_LENGTH, timeSteps);
        memory.writeWord(schedulerOffset + SchedulerData.CONTROL,
                reset || pendingReset ? SchedulerData.CONTROL_RESET : 0);
        memory.writeWord(schedulerOffset + SchedulerData.SEQUENCE_INDEX, sequenceIndex);
        memory.write(inputOffset, input);
        try {
            processor.run();
        } catch (SimulationException e) {
            pendingReset = true; // the states are undefined after a failed run
            throw e;
        }
        pendingReset = false;
        lastSteps = timeSteps;
        int rows = metadata.output().sequence() ? timeSteps : 1;
        float[] output = new float[rows * outputFeatures];
        memory.read(outputOffset, output);
        applyHostLayer(output);
        return output;
    }

    /**
     * Profiles the runs from now on: each run counts the cycles of every instruction it executes by the
     * timing model (docs/isa.md §9), with the processor's clock, bandwidth and FC threads as the image's
     * metadata records them; {@link #lastRunProfile()} gives the counts of the last run.
     *
     * @throws SimulationException when the metadata's processor fields lack a timing parameter
     */
    public void enableProfile() throws SimulationException {
        TimingParameters parameters;
        try {
            parameters = TimingParameters.fromProcessorFields(metadata.processor(), memory.elementBytes());
        } catch (IllegalArgumentException e) {
            throw new SimulationException("metadata", e.getMessage());
        }
        processor.profile(parameters);
    }

    /**
     * The cycle counts of the last completed run, per instruction, or empty when profiling is not
     * enabled or no run has completed since.
     */
    public Optional<CycleCounts> lastRunProfile() {
        return lastSteps == 0 ? Optional.empty() : Optional.ofNullable(processor.profileCounts(lastSteps));
    }

    /**
     * One run of an int8 image on raw int8 values (docs/isa.md §4a): the input bytes go into the input
     * region unchanged and the output region's bytes come back unchanged, before any host layer (a host
     * softmax applies to the dequantized values, which {@link #run(float[], int, boolean)} gives). The
     * bytes pass through the float path exactly: each q is dequantized and quantized again with the
     * input's scale and zero point, which gives q back (|q − zero| ≤ 255, far inside float32's precision).
     *
     * @param input     T × inputFeatureSize() int8 values, row-major [T][D]
     * @param timeSteps T, from 1 to {@link #frameLimit()}
     * @param reset     whether the states start from their initial values
     * @return (sequence output ? T : 1) × outputFeatureSize() int8 values, as the output region holds them
     * @throws SimulationException for an image that is not int8, a bad T or input length, or an
     *                             instruction that fails
     */
    public byte[] runRaw(byte[] input, int timeSteps, boolean reset) throws SimulationException {
        Objects.requireNonNull(input, "input");
        if (!(memory instanceof Int8Memory int8)) {
            throw SimulationException.aboutInput("run", "raw int8 values need an int8 image, not "
                    + metadata.dataType());
        }
        float[] values = new float[input.length];
        for (int i = 0; i < input.length; i++) {
            values[i] = int8.boundary().dequantizeInput(input[i]);
        }
        run(values, timeSteps, reset);
        byte[] output = new byte[(metadata.output().sequence() ? timeSteps : 1) * outputFeatures];
        int8.readRaw(outputOffset, output);
        return output;
    }

    /** One run that resets the states first, like the toolbox's {@code predict}. */
    public float[] predict(float[] input, int timeSteps) throws SimulationException {
        return run(input, timeSteps, true);
    }

    /** One run that continues from the states the previous run left, like {@code predictAndUpdateState}. */
    public float[] predictAndUpdateState(float[] input, int timeSteps) throws SimulationException {
        return run(input, timeSteps, false);
    }

    /**
     * Runs a tensor in the source model's input layout (such as ONNX's [T, N, D]) and returns the output
     * in the source model's output layout (such as [T, dirs, N, H]); see {@link BatchLayout}. The N
     * sequences run in turn: each resets the states unless {@code keepState}, in which case each
     * continues from the states the previous sequence (or run) left. An image with per-sequence initial
     * states ({@link #stateBatch()} = B &gt; 0) takes exactly N = B sequences, sequence n with index n.
     *
     * @throws SimulationException for a shape that does not fit the input's axes, a batch of N ≠ B sequences
     *                             for an image with per-sequence initial states, or a failed run
     */
    public Tensor runTensor(int[] shape, float[] data, boolean keepState) throws SimulationException {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        if (layout == null) {
            layout = BatchLayout.of(metadata);
        }
        BatchLayout.Sequences split = layout.split(shape, data);
        if (stateBatch > 0 && split.sequences().size() != stateBatch) {
            // docs/formats.md, Symbolic dimensions: sequence n starts from entry n of the B initial states
            throw SimulationException.aboutInput("input tensor " + metadata.input().name(), "the batch holds "
                    + split.sequences().size() + " sequences, but the image's initial states differ per sequence"
                    + " and are given for a batch of exactly " + stateBatch);
        }
        List<float[]> outputs = new ArrayList<>(split.sequences().size());
        for (int n = 0; n < split.sequences().size(); n++) {
            // sequence n of the batch: a reset starts from its own initial states when the image has them
            int index = stateBatch > 0 ? n : 0;
            outputs.add(run(split.sequences().get(n), split.timeSteps(), !keepState, index));
        }
        return layout.assemble(outputs, split.timeSteps());
    }

    /**
     * Runs the image on tensors given by name and returns every output by name: the main input and
     * output as {@link #runTensor} takes and gives them, and the state ports (docs/image-format.md,
     * "State ports"). A state input sets the initial states of a run that resets (every run unless
     * {@code keepState}; the first run after loading always); a run that keeps its state continues from
     * the states the processor kept and ignores the state inputs, so they may then be left out. The outputs
     * come in the order of {@link #outputNames()}. An image with state ports or outputs of earlier layers
     * runs a batch of one sequence.
     *
     * @param inputs    tensors by graph input name: the main input ({@link #inputNames()} first), and the
     *                  state inputs when the run resets
     * @param keepState whether the run continues from the kept states ({@code predictAndUpdateState})
     * @throws SimulationException for an unknown or missing input, a shape that does not fit, or a failed run
     */
    public Map<String, Tensor> run(Map<String, Tensor> inputs, boolean keepState) throws SimulationException {
        Objects.requireNonNull(inputs, "inputs");
        String main = metadata.input().name();
        for (String name : inputs.keySet()) {
            if (!name.equals(main) && !ports.hasInput(name)) {
                throw SimulationException.aboutInput("input tensor " + name, "the image has no input of this name;"
                        + " its inputs are " + inputNames());
            }
        }
        Tensor x = inputs.get(main);
        if (x == null) {
            throw SimulationException.aboutInput("input tensor " + main, "missing: the main input is needed");
        }
        boolean resets = !keepState || pendingReset;
        for (String name : ports.inputNames()) {
            Tensor t = inputs.get(name);
            if (t != null) {
                ports.write(memory, name, t);
            } else if (resets) {
                throw SimulationException.aboutInput("input tensor " + name, "missing: a run that resets its states"
                        + " reads them from this state input");
            }
        }
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        int[] shape = x.shape();
        if (!ports.outputNames().isEmpty() || !ports.inputNames().isEmpty() || !layerOutputs.names().isEmpty()) {
            int batch = metadata.input().axisIndex(Axis.BATCH);
            if (batch >= 0 && batch < shape.length && shape[batch] != 1) {
                throw SimulationException.aboutInput("input tensor " + main, "the batch holds " + shape[batch]
                        + " sequences, but an image with state ports runs one sequence at a time");
            }
        }
        outputs.put(metadata.output().name(), runTensor(shape, x.data(), keepState));
        List<Tensor> states = ports.read(memory);
        for (int i = 0; i < states.size(); i++) {
            outputs.put(ports.outputNames().get(i), states.get(i));
        }
        if (!layerOutputs.names().isEmpty()) {
            int time = metadata.input().axisIndex(Axis.TIME);
            List<Tensor> taps = layerOutputs.read(memory, shape[time]);
            for (int i = 0; i < taps.size(); i++) {
                outputs.put(layerOutputs.names().get(i), taps.get(i));
            }
        }
        return outputs;
    }

    /** The graph inputs' names: the main (sequence) input first, then the state inputs in the image's order. */
    public List<String> inputNames() {
        List<String> names = new ArrayList<>(List.of(metadata.input().name()));
        names.addAll(ports.inputNames());
        return List.copyOf(names);
    }

    /**
     * The graph outputs' names: the main output first, then the state outputs and the outputs of earlier
     * layers, each in the image's order.
     */
    public List<String> outputNames() {
        List<String> names = new ArrayList<>(List.of(metadata.output().name()));
        names.addAll(ports.outputNames());
        names.addAll(layerOutputs.names());
        return List.copyOf(names);
    }

    /** Makes the next run reset the states, whatever its reset argument. */
    public void resetState() {
        pendingReset = true;
    }

    private void applyHostLayer(float[] output) {
        HostLayer.apply(metadata.hostLayer(), output, outputFeatures);
    }

    /**
     * The batch size B that the image's per-sequence initial states are given for (runs take a sequence
     * index 0 … B − 1), or 0 when every sequence starts from the same initial states.
     */
    public int stateBatch() {
        return stateBatch;
    }

    /** D: the features of one input step. */
    public int inputFeatureSize() {
        return inputFeatures;
    }

    /** The features of one output vector (all directions together). */
    public int outputFeatureSize() {
        return outputFeatures;
    }

    /** Whether the output has one vector per step (else one per run). */
    public boolean sequenceOutput() {
        return metadata.output().sequence();
    }

    /** The largest T a run accepts (the toolbox's InputFrameNumberLimit). */
    public int frameLimit() {
        return frameLimit;
    }

    /** The image's metadata. */
    public ImageMetadata metadata() {
        return metadata;
    }

    /** Whether the FC at instruction {@code pc} reads a column-major copy of its weights (tests). */
    boolean fastPath(int pc) {
        return processor.fastPath(pc);
    }

    /** Whether the FC at instruction {@code pc} has its products computed for blocks of steps ahead (tests). */
    boolean computesAhead(int pc) {
        return processor.blockable(pc);
    }

    /** The decoded program. */
    public List<Instruction> program() {
        return program;
    }
}
