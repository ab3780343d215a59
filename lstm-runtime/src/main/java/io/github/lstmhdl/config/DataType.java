package io.github.lstmhdl.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The processor's element type: the one choice that decides how weights are encoded into the image
 * ({@code alloc.ElementEncoder}), how the simulated memory stores elements ({@code sim.SimulatedMemory})
 * and which kernels compute on them ({@code sim.KernelSet}). Each of those dispatches over this enum with
 * an exhaustive {@code switch}, so a new constant does not compile until every one handles it
 * (docs/architecture.md, "Adding a data type"): {@code single} (float32) and {@code int8} (the integer
 * datapath of docs/isa.md §4a: int8 weights and activations, int16 gate values and cell state).
 */
public enum DataType {
    /** IEEE 754 float32. */
    SINGLE("single", 4, 1),
    /**
     * The integer datapath: memory is addressed in bytes (one int8 element per byte; int16 values and the
     * int32 fields of the parameter records span 2 and 4 bytes), docs/isa.md §4a.
     */
    INT8("int8", 1, 2);

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

    /** The data type whose id is {@code id} (ignoring case, not blanks), as an image's metadata names it. */
    public static Optional<DataType> byId(String id) {
        for (DataType t : values()) {
            if (t.id.equalsIgnoreCase(id)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Every id, comma-separated in declaration order: {@code single, int8}. */
    public static String ids() {
        return Arrays.stream(values()).map(DataType::id).collect(Collectors.joining(", "));
    }

    /** Parses a user's spelling ({@code single} or {@code int8}, case-insensitive). */
    public static DataType parse(String text) {
        return byId(text.trim()).orElseThrow(() -> new IllegalArgumentException("unknown data type '" + text
                + "' (supported: " + ids() + ")"));
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
