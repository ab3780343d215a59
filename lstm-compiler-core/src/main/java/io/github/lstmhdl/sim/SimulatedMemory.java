package io.github.lstmhdl.sim;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The processor's external memory as 32-bit little-endian words in a float array, so that kernels read
 * and write floats without any per-element conversion. Only [0, EndOffset) is allocated: every address
 * at or beyond it is out of range, however large the configured memory size.
 */
final class SimulatedMemory {
    final float[] words;
    /** Bytes that can be addressed: a multiple of 4. */
    final long limitBytes;

    private SimulatedMemory(float[] words) {
        this.words = words;
        this.limitBytes = (long) words.length * 4;
    }

    /** Allocates {@code bytes} (rounded down to whole words) of zeroed memory, or fails clearly. */
    static SimulatedMemory allocate(long bytes) throws SimulationException {
        long count = bytes / 4;
        if (count > Integer.MAX_VALUE - 8) {
            throw new SimulationException("memory map", "EndOffset " + bytes
                    + " bytes exceeds what the simulator can hold (" + (Integer.MAX_VALUE - 8) * 4L + " bytes)");
        }
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > max) {
            throw new SimulationException("memory map", "the image needs " + bytes
                    + " bytes of simulated memory (EndOffset), more than the JVM's maximum heap of " + max
                    + " bytes; raise -Xmx");
        }
        try {
            return new SimulatedMemory(new float[(int) count]);
        } catch (OutOfMemoryError e) {
            throw new SimulationException("memory map", "the image needs " + bytes
                    + " bytes of simulated memory (EndOffset) and the JVM could not allocate them; raise -Xmx");
        }
    }

    /** Copies bytes (little-endian words; a partial last word is zero-padded) to a word-aligned offset. */
    void load(long offset, byte[] bytes) {
        int first = (int) (offset >>> 2);
        int whole = bytes.length / 4;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(words, first, whole);
        int rest = bytes.length % 4;
        if (rest != 0) {
            int bits = 0;
            for (int i = 0; i < rest; i++) {
                bits |= (bytes[whole * 4 + i] & 0xFF) << (8 * i);
            }
            words[first + whole] = Float.intBitsToFloat(bits);
        }
    }

    /** Reads a little-endian u32 field at a word-aligned offset. */
    int readInt(long offset) {
        return Float.floatToRawIntBits(words[(int) (offset >>> 2)]);
    }

    /** Writes a little-endian u32 field at a word-aligned offset. */
    void writeInt(long offset, int value) {
        words[(int) (offset >>> 2)] = Float.intBitsToFloat(value);
    }
}
