package io.github.lstmhdl.npy;

import java.util.Arrays;
import java.util.Objects;

/**
 * The validated header of a {@code .npy} file: enough to check a file's shape before its data is read
 * (the JSON importer rejects a weight file of the wrong shape without loading it).
 *
 * @param majorVersion the format's major version: 1, 2 or 3
 * @param minorVersion the format's minor version: 0
 * @param dataType     the element type
 * @param shape        the dimensions, outermost first; {@code []} for a scalar
 * @param dataOffset   where the data starts: magic, version, header length and header
 */
public record NpyHeader(int majorVersion, int minorVersion, NpyDataType dataType, int[] shape, int dataOffset) {

    public NpyHeader {
        Objects.requireNonNull(dataType, "dataType");
        shape = shape.clone();
    }

    /** A copy of the shape. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The number of elements: the product of the dimensions (1 for a scalar). */
    public int elementCount() {
        return Math.toIntExact(Npy.elementCount(shape));
    }

    /** The number of data bytes that follow the header. */
    public long dataBytes() {
        return (long) elementCount() * dataType.itemSize();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && majorVersion == h.majorVersion && minorVersion == h.minorVersion
                && dataType == h.dataType && Arrays.equals(shape, h.shape) && dataOffset == h.dataOffset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(majorVersion, minorVersion, dataType, Arrays.hashCode(shape), dataOffset);
    }

    @Override
    public String toString() {
        return "NpyHeader[v" + majorVersion + "." + minorVersion + ", " + dataType.descr() + ", "
                + Arrays.toString(shape) + "]";
    }
}
