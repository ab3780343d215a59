package io.github.lstmhdl.config;

/** The processor's data type. Only {@code single} exists today; the image format leaves room for int8. */
public enum DataType {
    /** IEEE 754 float32. */
    SINGLE("single", 4, 1);

    private final String id;
    private final int bytes;
    private final int code;

    DataType(String id, int bytes, int code) {
        this.id = id;
        this.bytes = bytes;
        this.code = code;
    }

    /** The name users write, as the toolbox spells it: {@code single}. */
    public String id() {
        return id;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The code stored in images and instruction headers. */
    public int code() {
        return code;
    }

    /** Parses a user's spelling ({@code single}, case-insensitive). */
    public static DataType parse(String text) {
        for (DataType t : values()) {
            if (t.id.equalsIgnoreCase(text.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown data type '" + text + "' (supported: single)");
    }

    /** The data type with the given image code. */
    public static DataType ofCode(int code) {
        for (DataType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown data type code " + code);
    }
}
