package io.github.lstmhdl.host;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A device window mapped into the host's memory: a UIO device ({@code /dev/uio0}, offset 0), a range
 * of {@code /dev/mem} at the processor's physical {@code BASE_ADDRESS}, or any file of the right size
 * (an emulated device in tests). Mapped read-write with {@link FileChannel#map}, little-endian; words are
 * read and written as single 32-bit accesses. Up to 2 GiB (one mapping); close it to unmap.
 */
public final class MappedProcessorMemory implements ProcessorMemory, AutoCloseable {
    private final FileChannel channel;
    private final MappedByteBuffer window;

    private MappedProcessorMemory(FileChannel channel, MappedByteBuffer window) {
        this.channel = channel;
        this.window = window;
    }

    /**
     * Maps {@code size} bytes of {@code device} from {@code offset}.
     *
     * @throws IllegalArgumentException when the range is negative or larger than 2 GiB
     * @throws IOException              when the device cannot be opened or mapped
     */
    public static MappedProcessorMemory open(Path device, long offset, long size) throws IOException {
        if (offset < 0 || size <= 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cannot map " + size + " bytes at " + offset
                    + " (1 byte to 2 GiB at a non-negative offset)");
        }
        FileChannel channel = FileChannel.open(device, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            MappedByteBuffer window = channel.map(FileChannel.MapMode.READ_WRITE, offset, size);
            window.order(ByteOrder.LITTLE_ENDIAN);
            return new MappedProcessorMemory(channel, window);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public long size() {
        return window.capacity();
    }

    @Override
    public synchronized void write(long offset, byte[] bytes) {
        window.put(index(offset, bytes.length), bytes);
    }

    @Override
    public synchronized void read(long offset, byte[] into) {
        window.get(index(offset, into.length), into);
    }

    @Override
    public int readWord(long offset) {
        return window.getInt(index(offset, 4));
    }

    @Override
    public void writeWord(long offset, int value) {
        window.putInt(index(offset, 4), value);
    }

    private int index(long offset, int length) {
        if (offset < 0 || offset + length > window.capacity()) {
            throw new IndexOutOfBoundsException(length + " bytes at " + offset + " are outside the window of "
                    + window.capacity() + " bytes");
        }
        return (int) offset;
    }

    /** Unmaps (when the JVM releases the mapping) and closes the device. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
