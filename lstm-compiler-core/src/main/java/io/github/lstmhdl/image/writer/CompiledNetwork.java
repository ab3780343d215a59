package io.github.lstmhdl.image.writer;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.ImageMetadata;
import io.github.lstmhdl.image.RegionContent;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.timing.InstructionOwners;
import io.github.lstmhdl.timing.PerformanceReport;
import io.github.lstmhdl.timing.ProgramTiming;
import io.github.lstmhdl.timing.TimingParameters;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A network compiled for a processor, ready to be written: the memory map, the program, the initial
 * content of every initialized region, the metadata, and the compile log. The image, the generated
 * constants and the JSON map are all written from this one value.
 *
 * @param sourceFile the network file's name as the user gave it (for messages)
 * @param config     the processor configuration it was compiled for
 * @param memoryMap  regions and symbols
 * @param program    the decoded instruction program (its encoding is the INSTRUCTION_DATA content)
 * @param contents   the initial bytes of each initialized region (SCHEDULER_DATA, INSTRUCTION_DATA,
 *                   FC_WEIGHT_DATA), each no larger than its region
 * @param metadata   what the image's metadata section holds, with the content checksum filled in
 * @param log        the compile log lines, toolbox style (layer table, layer groups, memory table)
 * @param owners     the layer and layer group of each instruction, for the performance estimate's rows
 *                   (not written into the image: docs/isa.md §9)
 * @param quantization for an int8 network: its scales, zero points and accuracy; empty for float32
 */
public record CompiledNetwork(
        String sourceFile,
        ProcessorConfig config,
        MemoryMap memoryMap,
        List<Instruction> program,
        Map<RegionKind, RegionContent> contents,
        ImageMetadata metadata,
        List<String> log,
        InstructionOwners owners,
        Optional<QuantizationSummary> quantization) {

    public CompiledNetwork {
        Objects.requireNonNull(sourceFile, "sourceFile");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(memoryMap, "memoryMap");
        program = List.copyOf(program);
        contents = Map.copyOf(contents);
        Objects.requireNonNull(metadata, "metadata");
        log = List.copyOf(log);
        Objects.requireNonNull(owners, "owners");
        if (owners.size() != program.size()) {
            throw new IllegalArgumentException("owners of " + owners.size() + " instructions for a program of "
                    + program.size());
        }
        Objects.requireNonNull(quantization, "quantization");
    }

    /**
     * A float32 network (no quantization) whose instructions are owned by the program's loops and
     * straight runs ({@link InstructionOwners#segments}), as an image read back has them.
     */
    public CompiledNetwork(String sourceFile, ProcessorConfig config, MemoryMap memoryMap, List<Instruction> program,
            Map<RegionKind, RegionContent> contents, ImageMetadata metadata, List<String> log) {
        this(sourceFile, config, memoryMap, program, contents, metadata, log, InstructionOwners.segments(program),
                Optional.empty());
    }

    /**
     * The performance estimate of a run of {@code steps} time steps (docs/isa.md §9), per layer group and
     * layer.
     *
     * @throws IllegalArgumentException when steps is below 1
     */
    public PerformanceReport estimate(int steps) {
        return PerformanceReport.estimate(ProgramTiming.of(program, TimingParameters.of(config)), owners, steps);
    }

    /** The estimate of a run of the frame limit, the sequence of the maximum length. */
    public PerformanceReport estimate() {
        return estimate(metadata.frameLimit());
    }
}
