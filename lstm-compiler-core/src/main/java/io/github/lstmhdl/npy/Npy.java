package io.github.lstmhdl.npy;

import io.github.lstmhdl.image.RegionContent;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.output.OutputWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads and writes NumPy {@code .npy} files holding float arrays.
 *
 * <p>Reading accepts format versions 1.0, 2.0 and 3.0, element types {@code <f4} and {@code <f8}
 * (converted to float32 by rounding to nearest), C order only, and any rank including 0-d. Before any
 * element array is allocated, the header's declared element count is checked against the bytes that the
 * file really holds, so a lying header gives a {@link NpyFormatException}, never an
 * {@link OutOfMemoryError}. Reading a file's {@linkplain #readHeader(Path) header alone} lets a caller
 * check the shape before loading the data.
 *
 * <p>Writing produces float32 in C order with the header that NumPy's {@code np.save} writes (version
 * 1.0, padded so that the data starts at a multiple of 64 bytes; 2.0 only for a header beyond 64 KiB),
 * so the bytes equal NumPy's for the same array. A file is written to a temporary file in the target's
 * folder and then moved over the target, so a reader never sees half a file.
 */
public final class Npy {

    /** The largest header that the reader accepts; NumPy's own reader stops at 10,000 bytes by default. */
    public static final int MAX_HEADER_BYTES = 1 << 20;

    /** The largest element count of one array: the longest Java float array. */
    public static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;
    private static final int CHUNK_BYTES = 1 << 16;

    private Npy() {
    }

    /**
     * Reads a whole file.
     *
     * @throws NpyFormatException when the file is unreadable or not a float array in a supported form;
     *                            the exception names {@code file} as given
     */
    public static FloatTensor read(Path file) throws NpyFormatException {
        String name = file.toString();
        try (FileChannel channel = open(file, name)) {
            long size = channel.size();
            NpyHeader header = decodeHeader(channel::read, size, name);
            return FloatTensor.of(decodeData(channel::read, header, name), header.shape());
        } catch (IOException e) {
            throw new NpyFormatException(name, "", "cannot read the file: " + describe(e), e);
        }
    }

    /**
     * Reads a whole file into {@code parts} arrays of equal length that follow each other in row-major
     * order: a parameter stacked along its first axis (one slice per LSTM direction) split while it is
     * read, so that it is never held as a whole and as slices at once.
     *
     * @throws IllegalArgumentException when {@code parts} is not positive
     * @throws NpyFormatException       as {@link #read(Path)}, and when the element count is not a
     *                                  multiple of {@code parts}
     */
    public static float[][] readSplit(Path file, int parts) throws NpyFormatException {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be positive, not " + parts);
        }
        String name = file.toString();
        try (FileChannel channel = open(file, name)) {
            NpyHeader header = decodeHeader(channel::read, channel.size(), name);
            if (header.elementCount() % parts != 0) {
                throw new NpyFormatException(name, "data", "shape " + Arrays.toString(header.shape())
                        + " cannot be split into " + parts + " equal parts");
            }
            int length = header.elementCount() / parts;
            long partBytes = (long) length * header.dataType().itemSize();
            float[][] result = new float[parts][];
            for (int k = 0; k < parts; k++) {
                result[k] = new float[length];
                decodeInto(channel::read, header.dataType(), header.dataOffset() + k * partBytes, result[k], name);
            }
            return result;
        } catch (IOException e) {
            throw new NpyFormatException(name, "", "cannot read the file: " + describe(e), e);
        }
    }

    /**
     * Reads and validates only the header of a file, including the check that the file holds exactly
     * the data that the header declares, without reading that data.
     */
    public static NpyHeader readHeader(Path file) throws NpyFormatException {
        String name = file.toString();
        try (FileChannel channel = open(file, name)) {
            return decodeHeader(channel::read, channel.size(), name);
        } catch (IOException e) {
            throw new NpyFormatException(name, "", "cannot read the file: " + describe(e), e);
        }
    }

    /**
     * Reads a file's contents held in memory.
     *
     * @param bytes       the whole file
     * @param displayName the name to show in error messages
     */
    public static FloatTensor read(byte[] bytes, String displayName) throws NpyFormatException {
        Objects.requireNonNull(bytes, "bytes");
        ByteSource source = (dst, position) -> {
            if (position >= bytes.length) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), bytes.length - position);
            dst.put(bytes, (int) position, n);
            return n;
        };
        try {
            NpyHeader header = decodeHeader(source, bytes.length, displayName);
            return FloatTensor.of(decodeData(source, header, displayName), header.shape());
        } catch (IOException e) {
            throw new NpyFormatException(displayName, "", "cannot read: " + describe(e), e);
        }
    }

    /**
     * Encodes a float32 array as the bytes of a {@code .npy} file.
     *
     * @throws IllegalArgumentException when the shape has a negative dimension, does not hold
     *                                  {@code data.length} elements, or the file would exceed 2 GiB
     */
    public static byte[] toBytes(int[] shape, float[] data) {
        byte[] header = encodeHeader(shape, data);
        long total = header.length + 4L * data.length;
        if (total > MAX_ELEMENTS) {
            throw new IllegalArgumentException("an array of " + data.length + " floats does not fit in a byte array");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(header);
        out.asFloatBuffer().put(data);
        return out.array();
    }

    /**
     * Writes a float32 array to {@code file}, replacing it atomically where the file system allows
     * ({@link OutputWriter}: a temporary file in the same folder, moved over the target; an unchanged
     * file is left alone).
     *
     * @throws IllegalArgumentException when the shape does not hold {@code data.length} elements
     * @throws IOException              when the file cannot be written; no partial target is left
     */
    public static void write(Path file, int[] shape, float[] data) throws IOException {
        byte[] header = encodeHeader(shape, data);
        OutputWriter.write(file, new RegionContent() {
            @Override
            public long size() {
                return header.length + 4L * data.length;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(header);
                ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < data.length; ) {
                    int n = Math.min(CHUNK_BYTES / 4, data.length - i);
                    chunk.clear();
                    chunk.asFloatBuffer().put(data, i, n);
                    out.write(chunk.array(), 0, n * 4);
                    i += n;
                }
            }
        });
    }

    /** The product of the dimensions, or -1 when a dimension is negative or the product exceeds a long. */
    static long elementCount(int[] shape) {
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                return -1;
            }
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return count;
    }

    // ---- reading ----

    /** Positional reads from a file channel or a byte array. */
    @FunctionalInterface
    private interface ByteSource {
        int read(ByteBuffer dst, long position) throws IOException;
    }

    private static FileChannel open(Path file, String name) throws NpyFormatException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new NpyFormatException(name, "", Files.exists(file) ? "not a regular file" : "the file does not exist");
        }
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    private static NpyHeader decodeHeader(ByteSource source, long size, String file)
            throws IOException, NpyFormatException {
        ByteBuffer prefix = readAt(source, 0, (int) Math.min(size, 12), file);
        if (size < 10 || !Arrays.equals(Arrays.copyOf(prefix.array(), 6), MAGIC)) {
            throw new NpyFormatException(file, "", "not a .npy file (the magic string \\x93NUMPY is missing)");
        }
        int major = prefix.get(6) & 0xff;
        int minor = prefix.get(7) & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw new NpyFormatException(file, "header", "unsupported .npy format version " + major + "." + minor
                    + " (supported: 1.0, 2.0, 3.0)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        if (size < 8 + lengthBytes) {
            throw new NpyFormatException(file, "header", "truncated: the file ends inside the header length");
        }
        long headerLength = major == 1
                ? prefix.order(ByteOrder.LITTLE_ENDIAN).getShort(8) & 0xffffL
                : prefix.order(ByteOrder.LITTLE_ENDIAN).getInt(8) & 0xffffffffL;
        int prefixLength = 8 + lengthBytes;
        if (headerLength > MAX_HEADER_BYTES) {
            throw new NpyFormatException(file, "header", "the header declares " + headerLength
                    + " bytes, more than the limit of " + MAX_HEADER_BYTES);
        }
        if (headerLength > size - prefixLength) {
            throw new NpyFormatException(file, "header", "truncated: the header declares " + headerLength
                    + " bytes but the file has only " + (size - prefixLength) + " after the header length");
        }
        ByteBuffer headerBytes = readAt(source, prefixLength, (int) headerLength, file);
        String text = new String(headerBytes.array(), 0, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeaderText.Entries entries = NpyHeaderText.parse(text, file);

        NpyDataType type = switch (entries.descr()) {
            case "<f4" -> NpyDataType.FLOAT32;
            case "<f8" -> NpyDataType.FLOAT64;
            case ">f4", ">f8" -> throw new NpyFormatException(file, "header",
                    "big-endian data ('" + entries.descr() + "') is not supported; save as '<f4'");
            default -> throw new NpyFormatException(file, "header", "data type '" + entries.descr()
                    + "' is not supported; save as float32 ('<f4') or float64 ('<f8')");
        };
        if (entries.fortranOrder()) {
            throw new NpyFormatException(file, "header", "Fortran (column-major) order is not supported;"
                    + " save a C-ordered array (numpy.ascontiguousarray)");
        }
        int[] shape = new int[entries.shape().length];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = (int) entries.shape()[i];
            // saturates above the limit: both factors are below 2^32, so the product never overflows
            count = Math.min(count * shape[i], MAX_ELEMENTS + 1L);
        }
        long available = size - prefixLength - headerLength;
        if (count > MAX_ELEMENTS) {
            throw new NpyFormatException(file, "header", "shape " + Arrays.toString(shape)
                    + " declares more elements than one array can hold (" + MAX_ELEMENTS + "); the file has "
                    + available + " data bytes");
        }
        long expected = count * type.itemSize();
        if (expected > available) {
            throw new NpyFormatException(file, "data", "truncated: shape " + Arrays.toString(shape) + " of "
                    + type.descr() + " needs " + expected + " data bytes but the file has " + available);
        }
        if (expected < available) {
            throw new NpyFormatException(file, "data", (available - expected) + " bytes follow the "
                    + expected + " data bytes that shape " + Arrays.toString(shape) + " of " + type.descr()
                    + " declares");
        }
        return new NpyHeader(major, minor, type, shape, (int) (prefixLength + headerLength));
    }

    private static float[] decodeData(ByteSource source, NpyHeader header, String file)
            throws IOException, NpyFormatException {
        float[] data = new float[header.elementCount()];
        decodeInto(source, header.dataType(), header.dataOffset(), data, file);
        return data;
    }

    /** Fills {@code data} with the elements that start at byte {@code position}. */
    private static void decodeInto(ByteSource source, NpyDataType type, long position, float[] data, String file)
            throws IOException, NpyFormatException {
        int itemSize = type.itemSize();
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        while (done < data.length) {
            int n = Math.min(CHUNK_BYTES / itemSize, data.length - done);
            chunk.clear().limit(n * itemSize);
            readFully(source, chunk, position, file);
            chunk.flip();
            if (type == NpyDataType.FLOAT32) {
                chunk.asFloatBuffer().get(data, done, n);
            } else {
                for (int i = 0; i < n; i++) {
                    data[done + i] = (float) chunk.getDouble(i * 8);
                }
            }
            position += (long) n * itemSize;
            done += n;
        }
    }

    private static ByteBuffer readAt(ByteSource source, long position, int length, String file)
            throws IOException, NpyFormatException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        readFully(source, buffer, position, file);
        buffer.flip();
        return buffer;
    }

    private static void readFully(ByteSource source, ByteBuffer dst, long position, String file)
            throws IOException, NpyFormatException {
        long p = position;
        while (dst.hasRemaining()) {
            int n = source.read(dst, p);
            if (n < 0) {
                throw new NpyFormatException(file, "data", "truncated: the file ended at byte " + p
                        + " while it was being read");
            }
            p += n;
        }
    }

    // ---- writing ----

    private static byte[] encodeHeader(int[] shape, float[] data) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        if (elementCount(shape) != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold "
                    + data.length + " elements");
        }
        StringBuilder dict = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            dict.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        dict.append(shape.length == 1 ? ",), }" : "), }");
        int major = 1;
        int prefixLength = 10;
        int padding = ALIGNMENT - (prefixLength + dict.length() + 1) % ALIGNMENT;
        if (dict.length() + 1 + padding > 0xffff) {
            major = 2;
            prefixLength = 12;
            padding = ALIGNMENT - (prefixLength + dict.length() + 1) % ALIGNMENT;
        }
        dict.append(" ".repeat(padding)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(prefixLength + text.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            out.putShort((short) text.length);
        } else {
            out.putInt(text.length);
        }
        out.put(text);
        return out.array();
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
