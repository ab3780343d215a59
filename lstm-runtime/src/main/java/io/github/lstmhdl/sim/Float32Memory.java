package io.github.lstmhdl.sim;

import io.github.lstmhdl.isa.Instruction;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The memory of a float32 image: 32-bit little-endian words in a float array, so that kernels read and
 * write floats without any per-element conversion (the simulator's speed rests on it). A u32 field is
 * the raw bits of its word.
 */
final class Float32Memory implements SimulatedMemory {
    /** The memory, one float32 element per 4 bytes; word i holds bytes [4i, 4i + 4). */
    private final float[] words;
    private final long limitBytes;

    private Float32Memory(float[] words) {
        this.words = words;
        this.limitBytes = (long) words.length * Float.BYTES;
    }

    /** Allocates {@code bytes} (rounded down to whole words) of zeroed memory, or fails clearly. */
    static Float32Memory allocate(long bytes) throws SimulationException {
        long count = bytes / Float.BYTES;
        if (count > Integer.MAX_VALUE - 8) {
            throw new SimulationException("memory map", "EndOffset " + bytes
                    + " bytes exceeds what the simulator can hold (" + (Integer.MAX_VALUE - 8) * (long) Float.BYTES
                    + " bytes)");
        }
        SimulatedMemory.requireHeap(bytes);
        try {
            return new Float32Memory(new float[(int) count]);
        } catch (OutOfMemoryError e) {
            throw SimulatedMemory.allocationFailed(bytes);
        }
    }

    @Override
    public int elementBytes() {
        return Float.BYTES;
    }

    @Override
    public long limitBytes() {
        return limitBytes;
    }

    @Override
    public void load(long offset, byte[] bytes) {
        int first = word(offset);
        int whole = bytes.length / Float.BYTES;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(words, first, whole);
        int rest = bytes.length % Float.BYTES;
        if (rest != 0) {
            int bits = 0;
            for (int i = 0; i < rest; i++) {
                bits |= (bytes[whole * Float.BYTES + i] & 0xFF) << (8 * i);
            }
            words[first + whole] = Float.intBitsToFloat(bits);
        }
    }

    @Override
    public int readWord(long offset) {
        return Float.floatToRawIntBits(words[word(offset)]);
    }

    @Override
    public void writeWord(long offset, int value) {
        words[word(offset)] = Float.intBitsToFloat(value);
    }

    @Override
    public void write(long offset, float[] values) {
        System.arraycopy(values, 0, words, word(offset), values.length);
    }

    @Override
    public void read(long offset, float[] values) {
        System.arraycopy(words, word(offset), values, 0, values.length);
    }

    @Override
    public KernelSet kernels(Instruction[] program, long readOnlyStart, long readOnlyEnd, int maxSteps) {
        return new Float32Kernels(words, program, readOnlyStart, readOnlyEnd, maxSteps);
    }

    private static int word(long offset) {
        return (int) (offset >>> 2);
    }
}
