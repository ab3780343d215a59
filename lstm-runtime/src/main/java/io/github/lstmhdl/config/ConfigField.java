package io.github.lstmhdl.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration field as users name and write it: its name, which part of the configuration it
 * belongs to, how its text is parsed, how it is read from a configuration, which other fields its
 * checks read (so that those are applied first), and what it means (for the documentation). The
 * table of every field is {@link ConfigFields}.
 *
 * @param <T>          the field's Java type
 * @param name         the name in a pom, after {@code --set} and in the canonical text
 * @param part         whether it describes the processor or steers the compile
 * @param syntax       how a value is written
 * @param type         the Java type of a parsed value
 * @param accessor     reads the field from a configuration
 * @param checkedWith  the fields that this field's checks compare it against
 * @param meaning      one line for the documentation
 */
public record ConfigField<T>(String name, Part part, Syntax syntax, Class<T> type,
        Function<ProcessorConfig, T> accessor, List<String> checkedWith, String meaning) {

    /** What a field is about. */
    public enum Part {
        /** The processor the image runs on: memories, threads, blocks, clock, bandwidth. */
        PROCESSOR,
        /** How the compiler maps a network onto it: fusion, projection, tiling, frame limit. */
        COMPILE
    }

    /** How a field's value is written. */
    public enum Syntax {
        /** {@code true}/{@code false} (also {@code on}/{@code off}, {@code yes}/{@code no}, {@code 1}/{@code 0}). */
        BOOLEAN("true, false"),
        /** A decimal integer, {@code _} allowed between digits. */
        INTEGER("an integer"),
        /** A memory size or address ({@link ByteSize}). */
        BYTE_SIZE("512MiB, 1GB, 0x20000000, 4096"),
        /** A data type ({@link DataType}). */
        DATA_TYPE(DataType.ids());

        private final String examples;

        Syntax(String examples) {
            this.examples = examples;
        }

        /** How a value is written, for the documentation. */
        public String examples() {
            return examples;
        }

        Object parse(String text) {
            return switch (this) {
                case BOOLEAN -> parseBoolean(text);
                case INTEGER -> Integer.parseInt(text.trim().replace("_", ""));
                case BYTE_SIZE -> ByteSize.parse(text);
                case DATA_TYPE -> DataType.parse(text);
            };
        }

        private static boolean parseBoolean(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "true", "on", "yes", "1" -> true;
                case "false", "off", "no", "0" -> false;
                default -> throw new IllegalArgumentException("expected true or false");
            };
        }
    }

    public ConfigField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(syntax, "syntax");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(accessor, "accessor");
        checkedWith = List.copyOf(checkedWith);
        Objects.requireNonNull(meaning, "meaning");
    }

    /**
     * Parses a value as a pom or a command line writes it.
     *
     * @throws IllegalArgumentException (a {@link NumberFormatException} for a bad integer) when it is
     *                                  not a value of this field's syntax
     */
    public T parse(String text) {
        return type.cast(syntax.parse(text));
    }

    /** This field's value in a configuration. */
    public T get(ProcessorConfig config) {
        return accessor.apply(config);
    }

    /** The message for a value of this field that is wrong: the text, the field and why. */
    String invalidValue(String text, String reason) {
        return "invalid value '" + text + "' for " + name + ": " + reason;
    }

    /** The value as the canonical text and the image metadata print it. */
    public String text(ProcessorConfig config) {
        T value = get(config);
        return value instanceof DataType d ? d.id() : String.valueOf(value);
    }
}
