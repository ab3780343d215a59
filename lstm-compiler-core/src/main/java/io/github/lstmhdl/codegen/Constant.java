package io.github.lstmhdl.codegen;

import java.util.Objects;

/**
 * One generated constant, before it is rendered as Java or C.
 *
 * @param name  the name without any prefix, such as {@code LSTM_1_WI_WEIGHTS_OFFSET}
 * @param type  how it is typed and written
 * @param value a {@link Long} (ADDRESS, BYTES, COUNT), {@link Integer} (INT), {@link Boolean} or {@link String}
 * @param doc   what lives there, one or more sentences of plain text
 */
public record Constant(String name, Type type, Object value, String doc) {

    /** The kinds of constants. */
    public enum Type {
        /** An address or an offset from the base address: a {@code long}, written in hex. */
        ADDRESS,
        /** A number of bytes: a {@code long}, written in decimal. */
        BYTES,
        /** A count or a code: an {@code int}. */
        INT,
        /** A count that may exceed an int, such as clock cycles: a {@code long}, written in decimal. */
        COUNT,
        /** A flag. */
        BOOLEAN,
        /** A text. */
        STRING,
        /** A float32 value (an int8 network's scales): a {@code float}, written so that it reads back exactly. */
        FLOAT
    }

    public Constant {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(doc, "doc");
        Class<?> expected = switch (type) {
            case ADDRESS, BYTES, COUNT -> Long.class;
            case INT -> Integer.class;
            case BOOLEAN -> Boolean.class;
            case STRING -> String.class;
            case FLOAT -> Float.class;
        };
        if (!expected.isInstance(value)) {
            throw new IllegalArgumentException(name + ": a " + type + " constant needs a " + expected.getSimpleName());
        }
    }
}
