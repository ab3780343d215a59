package io.github.lstmhdl.sim;

import io.github.lstmhdl.image.ImageMetadata.TensorSpec;
import io.github.lstmhdl.image.ImageMetadata;
import io.github.lstmhdl.image.LoadedImage;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.InstructionCodec;
import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.quant.Int8Boundary;
import java.io.ByteArrayOutputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-made int8 image (docs/isa.md §4a): byte-sized regions (256-byte aligned) for the given input
 * and output features, frame limit and system buffer bytes, a weight region that starts with the
 * boundary record and to which records and weights are appended ({@link #put}), and a program given
 * later. Offsets are byte offsets.
 */
final class Int8TestImage {
    static final long ALIGN = 256;
    static final int MAX_INSTRUCTIONS = 64;

    final int inputFeatures;
    final int outputFeatures;
    final int frameLimit;
    final long input;
    final long output;
    final long scheduler;
    final long system;
    final long instructions;
    final long weightData;
    private final long weightCapacity;
    private final ByteArrayOutputStream weights = new ByteArrayOutputStream();

    Int8TestImage(int inputFeatures, int outputFeatures, int frameLimit, int systemBytes, int weightBytes,
            Int8Boundary boundary) {
        this.inputFeatures = inputFeatures;
        this.outputFeatures = outputFeatures;
        this.frameLimit = frameLimit;
        long at = 0;
        input = at;
        at = align(at + (long) frameLimit * inputFeatures);
        output = at;
        at = align(at + (long) frameLimit * outputFeatures);
        scheduler = at;
        at = align(at + 64);
        system = at;
        at = align(at + Math.max(1, systemBytes));
        instructions = at;
        at = align(at + InstructionCodec.programBytes(MAX_INSTRUCTIONS));
        weightData = at;
        weightCapacity = align(Int8Boundary.BYTES + weightBytes + 64L);
        weights.writeBytes(boundary.encode());
    }

    private static long align(long v) {
        return (v + ALIGN - 1) / ALIGN * ALIGN;
    }

    /** Appends bytes to the weight region at a 4-byte-aligned place; returns their byte offset. */
    long put(byte[] bytes) {
        while (weights.size() % 4 != 0) {
            weights.write(0);
        }
        long at = weightData + weights.size();
        weights.writeBytes(bytes);
        if (weights.size() > weightCapacity) {
            throw new IllegalStateException("weight region too small");
        }
        return at;
    }

    private MemoryMap memoryMap() {
        long end = weightData + weightCapacity;
        return TestImage.memoryMap(new long[] {input, output, scheduler, system, instructions, weightData, end}, end);
    }

    LoadedImage image(List<Instruction> program) {
        // the metadata gives the host the scales and zero points of the boundary record (the first bytes)
        Int8Boundary b = Int8Boundary.decode(java.util.Arrays.copyOf(weights.toByteArray(), Int8Boundary.BYTES));
        TensorSpec in = new TensorSpec("x", inputFeatures, true, 1, List.of("TIME", "FEATURE"), 0, 0)
                .quantized(b.inputScale(), b.inputZero());
        TensorSpec out = new TensorSpec("y", outputFeatures, true, 1, List.of("TIME", "FEATURE"), 0, 0)
                .quantized(b.outputScale(), b.outputZero());
        ImageMetadata md = new ImageMetadata(ImageMetadata.FORMAT_VERSION, "test", "test", "int8", frameLimit,
                in, out, "none", Map.of(), memoryMap(), "");
        Map<RegionKind, byte[]> contents = new EnumMap<>(RegionKind.class);
        contents.put(RegionKind.SCHEDULER_DATA, new byte[64]);
        contents.put(RegionKind.INSTRUCTION_DATA, InstructionCodec.encode(program, 2));
        contents.put(RegionKind.FC_WEIGHT_DATA, weights.toByteArray());
        return new LoadedImage(md, contents);
    }

    Simulator load(List<Instruction> program) throws SimulationException {
        return Simulator.load(image(program));
    }
}
