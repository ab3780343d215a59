package io.github.lstmhdl.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.lstmhdl.ir.InvalidNetworkException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Typed access to the fields of one JSON object of a network file, each failure an
 * {@link InvalidNetworkException} at the field's JSON path: a missing field is named, a value of the
 * wrong type says what was expected, and a field that the object does not know is an error (a typo must
 * not silently fall back to a default). A JSON {@code null} counts as absent.
 */
final class JsonFields {
    private final JsonNode node;
    private final String path;
    private final String file;

    private JsonFields(JsonNode node, String path, String file) {
        this.node = node;
        this.path = path;
        this.file = file;
    }

    /** The object at {@code path}; an error when {@code node} is not an object. */
    static JsonFields of(JsonNode node, String path, String file) throws InvalidNetworkException {
        if (node == null || !node.isObject()) {
            throw new InvalidNetworkException(file, path, "expected a JSON object, not " + kind(node));
        }
        return new JsonFields(node, path, file);
    }

    /** This object's JSON path, such as {@code $.layers[1]}. */
    String path() {
        return path;
    }

    /** The JSON path of one of this object's fields. */
    String path(String field) {
        return path + "." + field;
    }

    /** An error at one of this object's fields. */
    InvalidNetworkException error(String field, String reason) {
        return new InvalidNetworkException(file, path(field), reason);
    }

    /** Fails on the first field whose name is not in {@code known}. */
    void allowOnly(Set<String> known, String objectKind) throws InvalidNetworkException {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                List<String> sorted = new ArrayList<>(known);
                sorted.sort(null);
                throw error(name, "unknown field '" + name + "' in " + objectKind + " (known fields: "
                        + String.join(", ", sorted) + ")");
            }
        }
    }

    /** Whether the field is present and not null. */
    boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    /** The field's value; an error naming the field when it is absent. */
    JsonNode require(String field) throws InvalidNetworkException {
        if (!has(field)) {
            throw new InvalidNetworkException(file, path, "the required field '" + field + "' is missing");
        }
        return node.get(field);
    }

    String requireString(String field) throws InvalidNetworkException {
        return string(field, require(field));
    }

    Optional<String> optionalString(String field) throws InvalidNetworkException {
        return has(field) ? Optional.of(string(field, node.get(field))) : Optional.empty();
    }

    /** A positive integer no larger than {@code max}. */
    int requirePositiveInt(String field, long max) throws InvalidNetworkException {
        return positiveInt(field, require(field), max);
    }

    OptionalInt optionalPositiveInt(String field, long max) throws InvalidNetworkException {
        return has(field) ? OptionalInt.of(positiveInt(field, node.get(field), max)) : OptionalInt.empty();
    }

    /** A non-negative integer no larger than {@code max}, or {@code absent} when the field is missing. */
    int optionalNonNegativeInt(String field, long max, int absent) throws InvalidNetworkException {
        if (!has(field)) {
            return absent;
        }
        JsonNode v = node.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw error(field, "'" + field + "' must be a non-negative integer, not " + kind(v));
        }
        long limit = Math.min(max, Integer.MAX_VALUE);
        if (v.longValue() > limit) {
            throw error(field, "'" + field + "' is " + v.longValue() + ", more than the limit of " + limit);
        }
        return (int) v.longValue();
    }

    /** A finite number, or {@code absent} when the field is missing. */
    float optionalFiniteFloat(String field, float absent) throws InvalidNetworkException {
        if (!has(field)) {
            return absent;
        }
        JsonNode v = node.get(field);
        if (!v.isNumber() || !Float.isFinite(v.floatValue())) {
            throw error(field, "'" + field + "' must be a finite number, not " + kind(v));
        }
        return v.floatValue();
    }

    private String string(String field, JsonNode v) throws InvalidNetworkException {
        if (!v.isTextual()) {
            throw error(field, "'" + field + "' must be a string, not " + kind(v));
        }
        return v.textValue();
    }

    private int positiveInt(String field, JsonNode v, long max) throws InvalidNetworkException {
        if (!v.isIntegralNumber()) {
            throw error(field, "'" + field + "' must be a positive integer, not " + kind(v));
        }
        if (!v.canConvertToLong() || v.longValue() < 1) {
            throw error(field, "'" + field + "' must be a positive integer, not " + v.asText());
        }
        long value = v.longValue();
        long limit = Math.min(max, Integer.MAX_VALUE);
        if (value > limit) {
            throw error(field, "'" + field + "' is " + value + ", more than the limit of " + limit);
        }
        return (int) value;
    }

    /** What a JSON value is, for messages: "a number (2.5)", "a string", "null". */
    static String kind(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            String t = v.textValue();
            return "the string \"" + (t.length() > 40 ? t.substring(0, 40) + "..." : t) + "\"";
        }
        if (v.isNumber()) {
            return "the number " + v.asText();
        }
        if (v.isBoolean()) {
            return v.asText();
        }
        return v.isArray() ? "an array" : "an object";
    }
}
