package io.github.lstmhdl.sim;

import io.github.lstmhdl.image.ImageMetadata.TensorSpec;
import io.github.lstmhdl.image.ImageMetadata;
import io.github.lstmhdl.image.LoadedImage;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.InstructionCodec;
import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.Region;
import io.github.lstmhdl.memory.RegionKind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-made image: the six regions of a memory map (256-byte aligned) sized for the given input and
 * output features, frame limit, system buffer words and weights, and a program given later. Offsets are
 * byte offsets, helpers give the offset of a word in a region.
 */
final class TestImage {
    static final long ALIGN = 256;
    static final int MAX_INSTRUCTIONS = 256;

    final int inputFeatures;
    final int outputFeatures;
    final int frameLimit;
    final boolean sequenceOutput;
    final float[] weights;
    final long input;
    final long output;
    final long scheduler;
    final long system;
    final long instructions;
    final long weightData;
    final long endOffset;
    long memorySize;
    String hostLayer = "none";
    String dataType = "single";
    TensorSpec inputSpec;
    TensorSpec outputSpec;

    TestImage(int inputFeatures, int outputFeatures, int frameLimit, boolean sequenceOutput, int systemWords,
            float[] weights) {
        this.inputFeatures = inputFeatures;
        this.outputFeatures = outputFeatures;
        this.frameLimit = frameLimit;
        this.sequenceOutput = sequenceOutput;
        this.weights = weights.clone();
        long at = 0;
        input = at;
        at = align(at + 4L * frameLimit * inputFeatures);
        output = at;
        at = align(at + 4L * (sequenceOutput ? frameLimit : 1) * outputFeatures);
        scheduler = at;
        at = align(at + 64);
        system = at;
        at = align(at + 4L * Math.max(1, systemWords));
        instructions = at;
        at = align(at + InstructionCodec.programBytes(MAX_INSTRUCTIONS));
        weightData = at;
        at = align(at + 4L * Math.max(1, weights.length));
        endOffset = at;
        memorySize = endOffset;
        inputSpec = new TensorSpec("x", inputFeatures, true, 1, List.of("TIME", "FEATURE"), 0, 0);
        outputSpec = new TensorSpec("y", outputFeatures, sequenceOutput, 1,
                sequenceOutput ? List.of("TIME", "FEATURE") : List.of("FEATURE"), 0, 0);
    }

    private static long align(long v) {
        return (v + ALIGN - 1) / ALIGN * ALIGN;
    }

    /** Byte offset of input element [t][i]. */
    long in(int t, int i) {
        return input + 4L * (t * inputFeatures + i);
    }

    /** Byte offset of output word i. */
    long out(int i) {
        return output + 4L * i;
    }

    /** Byte offset of system buffer word i. */
    long sys(int i) {
        return system + 4L * i;
    }

    /** Byte offset of weight word i. */
    long w(int i) {
        return weightData + 4L * i;
    }

    MemoryMap memoryMap() {
        return memoryMap(new long[] {input, output, scheduler, system, instructions, weightData, endOffset},
                memorySize);
    }

    /** The six regions, each from its offset to the next one's (the last to EndOffset, the seventh). */
    static MemoryMap memoryMap(long[] offsets, long memorySize) {
        RegionKind[] kinds = {RegionKind.INPUT_DATA, RegionKind.OUTPUT_RESULT, RegionKind.SCHEDULER_DATA,
            RegionKind.SYSTEM_BUFFER, RegionKind.INSTRUCTION_DATA, RegionKind.FC_WEIGHT_DATA};
        List<Region> regions = new ArrayList<>();
        for (int i = 0; i < kinds.length; i++) {
            regions.add(new Region(kinds[i], offsets[i], offsets[i + 1] - offsets[i]));
        }
        return new MemoryMap(0, memorySize, ALIGN, regions, List.of(), offsets[kinds.length]);
    }

    LoadedImage image(List<Instruction> program) {
        return image(InstructionCodec.encode(program, 1));
    }

    LoadedImage image(byte[] code) {
        ImageMetadata md = new ImageMetadata(ImageMetadata.FORMAT_VERSION, "test", "test", dataType, frameLimit,
                inputSpec, outputSpec, hostLayer, Map.of(), memoryMap(), "");
        ByteBuffer wb = ByteBuffer.allocate(4 * weights.length).order(ByteOrder.LITTLE_ENDIAN);
        wb.asFloatBuffer().put(weights);
        Map<RegionKind, byte[]> contents = new EnumMap<>(RegionKind.class);
        contents.put(RegionKind.SCHEDULER_DATA, new byte[64]);
        contents.put(RegionKind.INSTRUCTION_DATA, code);
        contents.put(RegionKind.FC_WEIGHT_DATA, wb.array());
        return new LoadedImage(md, contents);
    }

    Simulator load(List<Instruction> program) throws SimulationException {
        return Simulator.load(image(program));
    }
}
