package io.github.lstmhdl.host;

import java.io.IOException;

/**
 * The processor's external memory as the host sees it: bytes at offsets from the processor's
 * {@code BASE_ADDRESS}, little-endian, as docs/isa.md and docs/image-format.md lay them out. What a
 * hardware implementation must provide is this window (read and write at any offset below EndOffset)
 * and a processor that follows the control interface of docs/isa.md §5.
 */
public interface ProcessorMemory {

    /** The bytes the window spans, from offset 0. */
    long size();

    /** Writes {@code bytes} at {@code offset}. */
    void write(long offset, byte[] bytes) throws IOException;

    /** Reads {@code into.length} bytes from {@code offset}. */
    void read(long offset, byte[] into) throws IOException;

    /** The u32 (as an int) at {@code offset}, little-endian, read as one access. */
    int readWord(long offset) throws IOException;

    /** Writes a u32 at {@code offset}, little-endian, as one access. */
    void writeWord(long offset, int value) throws IOException;
}
