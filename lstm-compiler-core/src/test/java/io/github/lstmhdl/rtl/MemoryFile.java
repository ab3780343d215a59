package io.github.lstmhdl.rtl;

import io.github.lstmhdl.image.LoadedImage;
import io.github.lstmhdl.isa.SchedulerData;
import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.Region;
import io.github.lstmhdl.memory.RegionKind;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * The memory a host sets up for one run on the RTL, as the test bench loads it: the bytes [0, EndOffset)
 * with every region's initial content from the image, the input frames at InputDataOffset and the
 * scheduler fields SEQUENCE_LENGTH, CONTROL (the reset bit; the test bench sets CONTROL_START as the
 * host's last write, docs/isa.md section 5) and SEQUENCE_INDEX. The file is raw bytes, little-endian,
 * address 0 first, a whole number of 32-bit words.
 */
final class MemoryFile {
    private MemoryFile() {
    }

    /** The memory of a first run, from the image's initial content. */
    static byte[] initial(LoadedImage image) {
        MemoryMap map = image.metadata().memoryMap();
        byte[] memory = new byte[(int) words(map.endOffset())];
        for (Map.Entry<RegionKind, byte[]> e : image.contents().entrySet()) {
            Region r = map.region(e.getKey());
            System.arraycopy(e.getValue(), 0, memory, (int) r.offset(), e.getValue().length);
        }
        return memory;
    }

    /**
     * Writes a run's input and scheduler fields into {@code memory} (the image's memory, or what a
     * previous run left).
     *
     * @param input T × D int8 values, frame t at t × D
     */
    static void prepareRun(LoadedImage image, byte[] memory, byte[] input, int steps, boolean reset) {
        prepareRun(image, memory, input, steps, reset, 0);
    }

    /** The same for sequence {@code sequenceIndex} of a batch (SEQUENCE_INDEX, docs/isa.md section 5). */
    static void prepareRun(LoadedImage image, byte[] memory, byte[] input, int steps, boolean reset,
            int sequenceIndex) {
        MemoryMap map = image.metadata().memoryMap();
        System.arraycopy(input, 0, memory, (int) map.region(RegionKind.INPUT_DATA).offset(), input.length);
        ByteBuffer b = ByteBuffer.wrap(memory).order(ByteOrder.LITTLE_ENDIAN);
        int sched = (int) schedulerOffset(image);
        b.putInt(sched + SchedulerData.SEQUENCE_LENGTH, steps);
        b.putInt(sched + SchedulerData.CONTROL, reset ? SchedulerData.CONTROL_RESET : 0);
        b.putInt(sched + SchedulerData.STATUS, 0);
        b.putInt(sched + SchedulerData.SEQUENCE_INDEX, sequenceIndex);
    }

    static long schedulerOffset(LoadedImage image) {
        return image.metadata().memoryMap().region(RegionKind.SCHEDULER_DATA).offset();
    }

    static long instructionOffset(LoadedImage image) {
        return image.metadata().memoryMap().region(RegionKind.INSTRUCTION_DATA).offset();
    }

    /** The simulator's memory limit: EndOffset in whole words (sim.Int8Memory allocates the same). */
    static long limit(LoadedImage image) {
        return image.metadata().memoryMap().endOffset() & ~3L;
    }

    private static long words(long bytes) {
        return bytes & ~3L;
    }

    /** A little-endian u32 of the memory. */
    static int word(byte[] memory, long at) {
        return ByteBuffer.wrap(memory).order(ByteOrder.LITTLE_ENDIAN).getInt((int) at);
    }
}
