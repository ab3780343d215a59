package io.github.lstmhdl.sim;

import io.github.lstmhdl.config.DataType;
import io.github.lstmhdl.isa.Instruction;

/**
 * The processor's external memory, [0, EndOffset), holding the elements of the image's data type. The
 * data type chooses the implementation ({@link #allocate}, the one place in the simulator that dispatches
 * over {@link DataType}), and the memory supplies the {@link KernelSet} that computes on its elements, so
 * the processor's control logic never sees how an element is stored. Only [0, EndOffset) is allocated:
 * every address at or beyond it is out of range, however large the configured memory size.
 *
 * <p>Besides elements the memory holds the scheduler data's little-endian u32 fields, read and written
 * as whole 4-byte words at 4-byte-aligned offsets whatever the element type.
 */
sealed interface SimulatedMemory permits Float32Memory, Int8Memory {

    /**
     * Allocates zeroed memory of {@code bytes} for elements of {@code type}, or fails clearly.
     *
     * @throws SimulationException when the simulator cannot address that much memory or the JVM cannot
     *                             hold it
     */
    static SimulatedMemory allocate(DataType type, long bytes) throws SimulationException {
        return switch (type) {
            case SINGLE -> Float32Memory.allocate(bytes);
            case INT8 -> Int8Memory.allocate(bytes);
        };
    }

    /** Fails unless {@code bytes} of simulated memory fit the JVM's maximum heap. */
    static void requireHeap(long bytes) throws SimulationException {
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > max) {
            throw new SimulationException("memory map", "the image needs " + bytes
                    + " bytes of simulated memory (EndOffset), more than the JVM's maximum heap of " + max
                    + " bytes; raise -Xmx");
        }
    }

    /** The failure of an allocation the JVM could not make. */
    static SimulationException allocationFailed(long bytes) {
        return new SimulationException("memory map", "the image needs " + bytes
                + " bytes of simulated memory (EndOffset) and the JVM could not allocate them; raise -Xmx");
    }

    /** Bytes per element: the granularity (and alignment) of every instruction operand. */
    int elementBytes();

    /** Bytes that can be addressed: a multiple of the element size and of 4. */
    long limitBytes();

    /** Copies an image region's bytes (a partial last element is zero-padded) to an element-aligned offset. */
    void load(long offset, byte[] bytes);

    /** Reads a little-endian u32 field at a 4-byte-aligned offset. */
    int readWord(long offset);

    /** Writes a little-endian u32 field at a 4-byte-aligned offset. */
    void writeWord(long offset, int value);

    /** Stores the host's values as consecutive elements from an element-aligned offset (the input). */
    void write(long offset, float[] values);

    /** Reads consecutive elements from an element-aligned offset as the host's values (the output). */
    void read(long offset, float[] values);

    /**
     * The kernels that compute on this memory's elements for one program (they may prepare per-instruction
     * state, such as copies of read-only weights, from the memory as it is now).
     *
     * @param program       the decoded program
     * @param readOnlyStart first byte of the range the host never writes (the FC weight region)
     * @param readOnlyEnd   end (exclusive) of that range
     * @param maxSteps      the largest sequence length a run may have (the frame limit)
     * @throws SimulationException when the memory's content cannot serve the kernels (an int8 image's
     *                             boundary record)
     */
    KernelSet kernels(Instruction[] program, long readOnlyStart, long readOnlyEnd, int maxSteps)
            throws SimulationException;
}
