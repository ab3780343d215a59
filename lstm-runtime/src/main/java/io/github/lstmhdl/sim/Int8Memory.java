package io.github.lstmhdl.sim;

import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.quant.Int8Boundary;

/**
 * The memory of an int8 image (docs/isa.md §4a): one byte per address, so an int8 element is a byte, an
 * int16 value two bytes and a u32 field four, all little-endian. The host's float values cross the
 * boundary quantized ({@link #write}) and dequantized ({@link #read}) with the input's and output's scale
 * and zero point, which the image holds in its boundary record at the start of the FC weight region
 * ({@link Int8Boundary}); the memory reads it when the processor asks for the kernels, which happens once,
 * when the image is loaded, before any run. Raw int8 output values are read unchanged by {@link #readRaw}.
 */
final class Int8Memory implements SimulatedMemory {
    private final byte[] bytes;
    private Int8Boundary boundary;

    private Int8Memory(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Allocates {@code bytes} of zeroed memory, or fails clearly. */
    static Int8Memory allocate(long bytes) throws SimulationException {
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new SimulationException("memory map", "EndOffset " + bytes
                    + " bytes exceeds what the simulator can hold (" + (Integer.MAX_VALUE - 8) + " bytes)");
        }
        SimulatedMemory.requireHeap(bytes);
        try {
            return new Int8Memory(new byte[(int) (bytes & ~3L)]);
        } catch (OutOfMemoryError e) {
            throw SimulatedMemory.allocationFailed(bytes);
        }
    }

    @Override
    public int elementBytes() {
        return 1;
    }

    @Override
    public long limitBytes() {
        return bytes.length;
    }

    @Override
    public void load(long offset, byte[] content) {
        System.arraycopy(content, 0, bytes, (int) offset, content.length);
    }

    @Override
    public int readWord(long offset) {
        int o = (int) offset;
        return bytes[o] & 0xFF | (bytes[o + 1] & 0xFF) << 8 | (bytes[o + 2] & 0xFF) << 16 | bytes[o + 3] << 24;
    }

    @Override
    public void writeWord(long offset, int value) {
        int o = (int) offset;
        bytes[o] = (byte) value;
        bytes[o + 1] = (byte) (value >> 8);
        bytes[o + 2] = (byte) (value >> 16);
        bytes[o + 3] = (byte) (value >> 24);
    }

    /** Quantizes the host's values with the input's scale and zero point ({@link Int8Boundary#quantizeInput}). */
    @Override
    public void write(long offset, float[] values) {
        int o = (int) offset;
        for (int i = 0; i < values.length; i++) {
            bytes[o + i] = boundary().quantizeInput(values[i]);
        }
    }

    /** Dequantizes with the output's scale and zero point ({@link Int8Boundary#dequantizeOutput}). */
    @Override
    public void read(long offset, float[] values) {
        int o = (int) offset;
        for (int i = 0; i < values.length; i++) {
            values[i] = boundary().dequantizeOutput(bytes[o + i]);
        }
    }

    /** Reads raw int8 values from an offset. */
    void readRaw(long offset, byte[] values) {
        System.arraycopy(bytes, (int) offset, values, 0, values.length);
    }

    /** The boundary record, read from the start of the weight region by {@link #kernels}. */
    Int8Boundary boundary() {
        if (boundary == null) {
            throw new IllegalStateException("the boundary record is read when the kernels are made");
        }
        return boundary;
    }

    /** @throws SimulationException when the boundary record does not fit the weight region or is invalid */
    @Override
    public KernelSet kernels(Instruction[] program, long readOnlyStart, long readOnlyEnd, int maxSteps)
            throws SimulationException {
        if (readOnlyEnd - readOnlyStart < Int8Boundary.BYTES || readOnlyEnd > bytes.length) {
            throw new SimulationException("FC_WEIGHT_DATA", "an int8 image's weight region starts with its "
                    + Int8Boundary.BYTES + "-byte boundary record, but the region has "
                    + Math.max(0, readOnlyEnd - readOnlyStart) + " bytes");
        }
        byte[] record = new byte[Int8Boundary.BYTES];
        System.arraycopy(bytes, (int) readOnlyStart, record, 0, record.length);
        try {
            boundary = Int8Boundary.decode(record);
        } catch (IllegalArgumentException e) {
            throw new SimulationException("FC_WEIGHT_DATA", "boundary record: " + e.getMessage());
        }
        return new Int8Kernels(bytes, program);
    }
}
