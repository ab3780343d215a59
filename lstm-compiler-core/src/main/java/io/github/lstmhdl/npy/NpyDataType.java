package io.github.lstmhdl.npy;

/** The element types that the reader accepts: little-endian IEEE 754 single and double precision. */
public enum NpyDataType {
    /** {@code '<f4'}: float32, read and written as is. */
    FLOAT32("<f4", 4),
    /** {@code '<f8'}: float64, read and rounded to the nearest float32. */
    FLOAT64("<f8", 8);

    private final String descr;
    private final int itemSize;

    NpyDataType(String descr, int itemSize) {
        this.descr = descr;
        this.itemSize = itemSize;
    }

    /** The NumPy type descriptor, such as {@code <f4}. */
    public String descr() {
        return descr;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }
}
