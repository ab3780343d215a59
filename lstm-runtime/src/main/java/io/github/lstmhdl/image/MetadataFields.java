package io.github.lstmhdl.image;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One JSON object of the metadata being read into a record, at its key path (such as
 * {@code memoryMap.regions[2]}): each field is taken once with the type it must have, and
 * {@link #finish()} refuses the keys no field took. Every refusal is a {@link MetadataFormatException}
 * that names the key and says why in plain words: missing, {@code null}, of the wrong type, or not a key
 * of the image format.
 */
final class MetadataFields {
    /** Reads one JSON value at a key path into a value of its field's type. */
    @FunctionalInterface
    interface Reader<T> {
        T read(Json value, String path) throws MetadataFormatException;
    }

    private final String path;
    private final Map<String, Json> members;
    private final Set<String> taken = new HashSet<>();

    private MetadataFields(String path, Map<String, Json> members) {
        this.path = path;
        this.members = members;
    }

    /** The object at {@code path}; anything else is refused. */
    static MetadataFields of(Json value, String path) throws MetadataFormatException {
        if (!(value instanceof Json.Obj o)) {
            throw new MetadataFormatException(where(path) + ": the value is not an object");
        }
        return new MetadataFields(path, o.members());
    }

    /** The value of a key that must be present and not {@code null}. */
    <T> T required(String key, Reader<T> reader) throws MetadataFormatException {
        return optional(key, reader).orElseThrow(() -> new MetadataFormatException(where(child(key)) + ": missing"));
    }

    /** The value of a key that may be absent (a key that is present must not be {@code null}). */
    <T> Optional<T> optional(String key, Reader<T> reader) throws MetadataFormatException {
        taken.add(key);
        Json value = members.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Json.Null) {
            throw new MetadataFormatException(where(child(key)) + ": null where a value is required");
        }
        return Optional.of(reader.read(value, child(key)));
    }

    /** Refuses the first key, in document order, that no field took. */
    void finish() throws MetadataFormatException {
        for (String key : members.keySet()) {
            if (!taken.contains(key)) {
                throw new MetadataFormatException(where(child(key)) + ": not a key of the image format");
            }
        }
    }

    /** Builds the record from the fields taken; a value the record rejects is named at this object's key. */
    <T> T build(Builder<T> builder) throws MetadataFormatException {
        finish();
        try {
            return builder.build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MetadataFormatException(where(path) + ": an invalid value: " + e.getMessage());
        }
    }

    /** The construction of a record, which may reject its values. */
    @FunctionalInterface
    interface Builder<T> {
        T build();
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** {@code key memoryMap.size}, or {@code the metadata} for the whole document. */
    static String where(String path) {
        return path.isEmpty() ? "the metadata" : "key " + path;
    }

    // ---- readers of one value, shared by the fields and the elements of lists ----

    static String text(Json value, String path) throws MetadataFormatException {
        if (value instanceof Json.Str s) {
            return s.text();
        }
        throw mismatch(value, path, "a text");
    }

    static boolean bool(Json value, String path) throws MetadataFormatException {
        if (value instanceof Json.Bool b) {
            return b.value();
        }
        throw mismatch(value, path, "true or false");
    }

    /** A whole number that fits 32 bits, written without fraction or exponent. */
    static int int32(Json value, String path) throws MetadataFormatException {
        long v = wholeNumber(value, path, "a whole number (32 bits)");
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw mismatch(value, path, "a whole number (32 bits)");
        }
        return (int) v;
    }

    /** A whole number that fits 64 bits, written without fraction or exponent. */
    static long int64(Json value, String path) throws MetadataFormatException {
        return wholeNumber(value, path, "a whole number");
    }

    /** A number read as the nearest float (as {@link Float#parseFloat} rounds). */
    static float float32(Json value, String path) throws MetadataFormatException {
        if (value instanceof Json.Num n) {
            return Float.parseFloat(n.text());
        }
        throw mismatch(value, path, "a number");
    }

    /** The constant of an enum named by a string. */
    static <E extends Enum<E>> E constant(Json value, String path, Class<E> type) throws MetadataFormatException {
        if (value instanceof Json.Str s) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(s.text())) {
                    return e;
                }
            }
        }
        throw mismatch(value, path, "one of " + List.of(type.getEnumConstants()));
    }

    /** A list, each element read by {@code element} at {@code path[i]}. */
    static <T> List<T> list(Json value, String path, Reader<T> element) throws MetadataFormatException {
        if (!(value instanceof Json.Arr a)) {
            throw mismatch(value, path, "a list");
        }
        List<T> result = new ArrayList<>(a.elements().size());
        for (int i = 0; i < a.elements().size(); i++) {
            Json e = a.elements().get(i);
            String at = path + "[" + i + "]";
            if (e instanceof Json.Null) {
                throw new MetadataFormatException(where(at) + ": null where a value is required");
            }
            result.add(element.read(e, at));
        }
        return result;
    }

    /** An object whose values are all texts, as a map in document order. */
    static Map<String, String> textMap(Json value, String path) throws MetadataFormatException {
        if (!(value instanceof Json.Obj o)) {
            throw mismatch(value, path, "an object");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, Json> e : o.members().entrySet()) {
            String at = path + "." + e.getKey();
            if (e.getValue() instanceof Json.Null) {
                throw new MetadataFormatException(where(at) + ": null where a value is required");
            }
            result.put(e.getKey(), text(e.getValue(), at));
        }
        return result;
    }

    private static long wholeNumber(Json value, String path, String kind) throws MetadataFormatException {
        if (value instanceof Json.Num n && n.text().matches("-?[0-9]{1,19}")) {
            try {
                return Long.parseLong(n.text());
            } catch (NumberFormatException e) {
                throw mismatch(value, path, kind);
            }
        }
        throw mismatch(value, path, kind);
    }

    /** {@code key P: "x1" is not a whole number}, {@code key P: 1.5 is not …} or {@code key P: the value is not …}. */
    private static MetadataFormatException mismatch(Json value, String path, String kind) {
        String shown;
        if (value instanceof Json.Str s) {
            shown = "\"" + shortened(s.text()) + "\"";
        } else if (value instanceof Json.Num n) {
            shown = shortened(n.text());
        } else {
            shown = "the value";
        }
        return new MetadataFormatException(where(path) + ": " + shown + " is not " + kind);
    }

    /** A value as a message shows it: at most 40 characters, then an ellipsis. */
    private static String shortened(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
