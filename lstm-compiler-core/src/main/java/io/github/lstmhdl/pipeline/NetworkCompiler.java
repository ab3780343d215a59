package io.github.lstmhdl.pipeline;

import io.github.lstmhdl.alloc.Allocation;
import io.github.lstmhdl.alloc.MemoryMapTable;
import io.github.lstmhdl.alloc.MemoryOverflowException;
import io.github.lstmhdl.alloc.RegionAllocator;
import io.github.lstmhdl.alloc.WeightLayout;
import io.github.lstmhdl.alloc.WeightRegionContent;
import io.github.lstmhdl.config.ConfigFields;
import io.github.lstmhdl.config.DataType;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.layout.Axis;
import io.github.lstmhdl.ptq.Calibration;
import io.github.lstmhdl.ptq.Int8Compilation;
import io.github.lstmhdl.image.ContentChecksum;
import io.github.lstmhdl.image.ImageMetadata;
import io.github.lstmhdl.image.RegionContent;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.SequenceInput;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.InstructionCodec;
import io.github.lstmhdl.isa.SchedulerData;
import io.github.lstmhdl.lower.LoweredNetwork;
import io.github.lstmhdl.lower.Lowering;
import io.github.lstmhdl.lower.ProgramResolver;
import io.github.lstmhdl.memory.Region;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.schedule.Schedule;
import io.github.lstmhdl.schedule.Scheduler;
import io.github.lstmhdl.timing.InstructionOwners;
import io.github.lstmhdl.timing.PerformanceReport;
import io.github.lstmhdl.timing.ProgramTiming;
import io.github.lstmhdl.timing.TimingParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The compiler's back end: lower → schedule → allocate → resolve operands → encode, producing a
 * {@link CompiledNetwork} with the program, the initial region contents (weights streamed, not
 * copied), the metadata and the toolbox-style log. Fails with {@link MemoryOverflowException} before
 * anything is written when the network does not fit the external memory.
 */
public final class NetworkCompiler {
    private NetworkCompiler() {
    }

    /** The result of the stages up to allocation, for one frame limit. */
    private record Stages(LoweredNetwork lowered, Schedule schedule, Allocation allocation) {
    }

    /** What an int8 compile without calibration data says: what to provide. */
    static final String NO_CALIBRATION = "an int8 image is quantized from the float network with calibration"
            + " data, sample inputs that this compile did not get: provide .npy files of shape [T, D] or [N, T, D]"
            + " (D = the input's features per step) in a directory, on the command line with --calibration DIR, in the"
            + " Maven plugin as the folder <name>.calibration beside the network file or the network's calibration"
            + " setting";

    /**
     * Compiles a validated network, for int8 quantized with {@code calibration} (post-training, docs/isa.md
     * §4a; the log ends with the accuracy of the int8 network against the float one on the calibration
     * samples); float32 does not use it.
     *
     * @throws CompilationException as {@link #compile(Network, ProcessorConfig, String, String, boolean)}, and
     *                              for int8 without calibration data, naming what to provide, or with a
     *                              network int8 does not cover
     */
    public static CompiledNetwork compile(Network network, ProcessorConfig config, Optional<Calibration> calibration,
            String sourceFile, String compilerVersion, boolean verbose) throws CompilationException {
        return switch (config.dataType()) {
            case SINGLE -> compile(network, config, sourceFile, compilerVersion, verbose);
            case INT8 -> Int8Compilation.compile(network, config, calibration.orElseThrow(
                    () -> new CompilationException(sourceFile, "dataType int8", NO_CALIBRATION)), sourceFile,
                    compilerVersion).compiled();
        };
    }

    /**
     * Compiles a validated network.
     *
     * @param sourceFile      the network file's name as the user gave it (for messages)
     * @param compilerVersion the compiler's version, recorded in the metadata
     * @param verbose         whether the log lists every component, state and buffer
     * @throws CompilationException for a missing kernel block, an FC vector too long with tiling off, a
     *                              name clash, or a {@link MemoryOverflowException}
     */
    public static CompiledNetwork compile(Network network, ProcessorConfig config, String sourceFile,
            String compilerVersion, boolean verbose) throws CompilationException {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(sourceFile, "sourceFile");
        Objects.requireNonNull(compilerVersion, "compilerVersion");
        switch (config.dataType()) {
            case SINGLE -> {
            }
            case INT8 -> throw new CompilationException(sourceFile, "dataType int8", NO_CALIBRATION);
        }
        SequenceInput input = network.input();
        // a padded convolution may lengthen the sequence: its buffers hold the longest one
        int frameLimit = (int) Math.max(config.effectiveFrameLimit(input.sequenceLength()), network.longestSequence());
        Stages stages = stages(network, config, frameLimit, sourceFile);
        String projectionNotice = null;
        if (!stages.allocation().fits() && config.inputProjection()) {
            // "when memory allows": the input projection's T × 4H buffers are the first thing to give up
            ProcessorConfig plain = config.with(ConfigFields.INPUT_PROJECTION, false);
            Stages fallback = stages(network, plain, frameLimit, sourceFile);
            if (fallback.allocation().fits()) {
                projectionNotice = "### Notice: The input projection (inputProjection) is not applied: its buffers"
                        + " would need " + stages.allocation().memoryMap().endOffset() + " bytes of the "
                        + config.memorySize() + " bytes of external memory; each step computes W·[x_t; h_t-1] instead.";
            }
            stages = fallback;
            config = plain;
        }
        Allocation alloc = stages.allocation();
        if (!alloc.fits()) {
            throw overflow(network, config, sourceFile, stages, frameLimit);
        }
        int eb = config.dataType().bytes();
        List<Instruction> program = ProgramResolver.resolve(stages.schedule().program(), alloc.unitOffsets(), eb);

        Map<RegionKind, RegionContent> contents = new EnumMap<>(RegionKind.class);
        contents.put(RegionKind.SCHEDULER_DATA, RegionContent.of(schedulerData(frameLimit)));
        contents.put(RegionKind.INSTRUCTION_DATA,
                RegionContent.of(InstructionCodec.encode(program, config.dataType().code(),
                        network.hasConvolution() ? input.sequenceLength() : 0)));
        contents.put(RegionKind.FC_WEIGHT_DATA, new WeightRegionContent(alloc.weights(), config.dataType()));
        String sha;
        try {
            sha = ContentChecksum.sha256(alloc.memoryMap(), contents);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory contents and streamed weights do not fail
        }

        ImageMetadata metadata = new ImageMetadata(ImageMetadata.FORMAT_VERSION, compilerVersion, network.name(),
                config.dataType().id(), frameLimit, inputSpec(input), outputSpec(network),
                stages.lowered().hostLayer(), processorMap(config), alloc.memoryMap(), sha,
                PortSpecs.inputs(network), PortSpecs.outputs(network), PortSpecs.layerOutputs(network));
        InstructionOwners owners = InstructionOwnership.of(stages.lowered(), stages.schedule());
        // a network with a convolution runs only at its fixed T: the estimate is of that run
        PerformanceReport estimate = PerformanceReport.estimate(ProgramTiming.of(program, TimingParameters.of(config)),
                owners, network.hasConvolution() ? input.sequenceLength() : frameLimit);
        List<String> log = log(network, config, stages, frameLimit, verbose, projectionNotice, estimate);
        return new CompiledNetwork(sourceFile, config, alloc.memoryMap(), program, contents, metadata, log, owners,
                Optional.empty());
    }

    /** Lowers, schedules and allocates for one frame limit (cheap: no weight is touched). */
    private static Stages stages(Network network, ProcessorConfig config, int frameLimit, String sourceFile)
            throws CompilationException {
        LoweredNetwork lowered = Lowering.lower(network, config, frameLimit, sourceFile);
        Schedule schedule = Scheduler.schedule(lowered);
        return new Stages(lowered, schedule, RegionAllocator.allocate(lowered, schedule.program(), config));
    }

    private static MemoryOverflowException overflow(Network network, ProcessorConfig config, String sourceFile,
            Stages stages, int frameLimit) throws CompilationException {
        List<MemoryOverflowException.Consumer> consumers = new ArrayList<>();
        for (Region r : stages.allocation().memoryMap().regions()) {
            if (r.kind() != RegionKind.FC_WEIGHT_DATA && r.size() > 0) {
                consumers.add(new MemoryOverflowException.Consumer(r.kind().toolboxName(), r.size()));
            }
        }
        for (WeightLayout.Entry e : stages.allocation().weights().entries()) {
            consumers.add(new MemoryOverflowException.Consumer(e.block().name(), e.bytes()));
        }
        consumers.sort(Comparator.comparingLong(MemoryOverflowException.Consumer::bytes).reversed()
                .thenComparing(MemoryOverflowException.Consumer::name));
        int lo = 0;
        int hi = frameLimit - 1;
        while (lo < hi) {
            int mid = lo + (hi - lo + 1) / 2;
            if (stages(network, config, mid, sourceFile).allocation().fits()) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return new MemoryOverflowException(sourceFile, stages.allocation().memoryMap().endOffset(), config.memorySize(),
                consumers, frameLimit, lo);
    }

    private static byte[] schedulerData(int frameLimit) {
        ByteBuffer b = ByteBuffer.allocate(SchedulerData.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(SchedulerData.SEQUENCE_LENGTH, frameLimit);
        b.putInt(SchedulerData.CONTROL, SchedulerData.CONTROL_RESET);
        b.putInt(SchedulerData.SEQUENCE_INDEX, 0);
        return b.array();
    }

    private static ImageMetadata.TensorSpec inputSpec(SequenceInput in) {
        return new ImageMetadata.TensorSpec(in.name(), in.featureSize(), true, 1, axisNames(in.axes()),
                in.sequenceLength(), in.batchSize());
    }

    private static ImageMetadata.TensorSpec outputSpec(Network network) {
        int directions = network.output().axes().contains(Axis.DIRECTION) ? network.outputDirections() : 1;
        boolean sequence = network.outputIsSequence();
        return new ImageMetadata.TensorSpec(network.output().name(), network.outputSize(), sequence, directions,
                axisNames(network.output().axes()), sequence ? network.input().sequenceLength() : 0,
                network.input().batchSize());
    }

    private static List<String> axisNames(List<Axis> axes) {
        return axes.stream().map(Axis::name).toList();
    }

    private static Map<String, String> processorMap(ProcessorConfig config) {
        Map<String, String> m = new LinkedHashMap<>();
        config.toMap().forEach((k, v) -> m.put(k, v instanceof DataType t ? t.id() : String.valueOf(v)));
        return m;
    }

    private static List<String> log(Network network, ProcessorConfig config, Stages stages, int frameLimit,
            boolean verbose, String projectionNotice, PerformanceReport estimate) {
        List<String> log = new ArrayList<>();
        log.add("### Compiling network '" + network.name() + "' for the lstm-hdl deep-learning processor ...");
        log.add("### Targeting processor configuration " + config.preset() + ".");
        if (config.maxSequenceLength() == 0 && !network.input().hasFixedLength()) {
            log.add("### The model's sequence length is dynamic: maximum sequence length " + frameLimit
                    + " assumed (set maxSequenceLength, on the command line --max-sequence-length, to change"
                    + " it).");
        } else if (network.hasConvolution()) {
            log.add("### Sequence length: " + network.input().sequenceLength() + ", fixed (the network has a"
                    + " convolution over time; the image runs at no other length).");
        } else {
            log.add("### Maximum sequence length: " + frameLimit + ".");
        }
        log.addAll(stages.schedule().layerTable());
        log.addAll(PortSpecs.log(network));
        log.addAll(stages.lowered().notes());
        if (projectionNotice != null) {
            log.add(projectionNotice);
        }
        if (verbose) {
            log.add("### Components:");
            stages.lowered().listing().forEach(l -> log.add("    " + l));
        }
        log.addAll(stages.schedule().groupLog());
        log.add("### Allocating external memory buffers:");
        log.addAll(verbose ? MemoryMapTable.renderVerbose(stages.allocation().memoryMap())
                : MemoryMapTable.render(stages.allocation().memoryMap()));
        log.add(stages.allocation().plan().summary());
        if (verbose) {
            log.addAll(estimate.lines());
        } else {
            log.add(estimate.summaryLine());
        }
        log.add("### Network compilation complete.");
        return log;
    }
}
