package io.github.lstmhdl.image;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.RegionKind;
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
        Optional<QuantizationSummary> quantization) {

    public CompiledNetwork {
        Objects.requireNonNull(sourceFile, "sourceFile");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(memoryMap, "memoryMap");
        program = List.copyOf(program);
        contents = Map.copyOf(contents);
        Objects.requireNonNull(metadata, "metadata");
        log = List.copyOf(log);
        Objects.requireNonNull(quantization, "quantization");
    }

    /** A float32 network (no quantization). */
    public CompiledNetwork(String sourceFile, ProcessorConfig config, MemoryMap memoryMap, List<Instruction> program,
            Map<RegionKind, RegionContent> contents, ImageMetadata metadata, List<String> log) {
        this(sourceFile, config, memoryMap, program, contents, metadata, log, Optional.empty());
    }
}
