package io.github.lstmhdl.image;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says what is wrong with an image's metadata JSON in the user's words, from the JSON reader's
 * exception: the metadata key in the form {@code memoryMap.regions[2].size} and the reason (an unknown
 * key, a missing key, a value of the wrong type, a value the format rejects, malformed JSON at a line
 * and column), never the reader's class names or internal paths.
 */
final class MetadataProblem {
    private static final Pattern MISSING = Pattern.compile("Missing (?:required )?creator property '([^']*)'");
    private static final Pattern NULL = Pattern.compile("Null value for creator property '([^']*)'");

    private MetadataProblem() {
    }

    /** The reason for a failed read of the metadata, after {@code invalid metadata JSON: }. */
    static String describe(JacksonException e) {
        if (!(e instanceof JsonMappingException m)) {
            return "malformed" + at(e) + ": " + e.getOriginalMessage();
        }
        String key = key(m.getPath());
        if (e instanceof UnrecognizedPropertyException) {
            return where(key) + ": not a key of the image format";
        }
        Matcher missing = MISSING.matcher(e.getOriginalMessage());
        if (missing.find()) {
            return where(child(key, missing.group(1))) + ": missing";
        }
        Matcher nulled = NULL.matcher(e.getOriginalMessage());
        if (nulled.find()) {
            return where(child(key, nulled.group(1))) + ": null where a value is required";
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return where(key) + ": an invalid value: " + e.getCause().getMessage();
        }
        if (e instanceof InvalidFormatException f) {
            return where(key) + ": " + quoted(f.getValue()) + " is not " + kind(f.getTargetType());
        }
        if (e instanceof MismatchedInputException i && i.getTargetType() != null) {
            return where(key) + ": the value is not " + kind(i.getTargetType());
        }
        return where(key) + ": " + e.getOriginalMessage();
    }

    /** {@code key memoryMap.size}, or {@code the metadata} for the whole object. */
    private static String where(String key) {
        return key.isEmpty() ? "the metadata" : "key " + key;
    }

    /** The path as keys joined by dots and list indexes in brackets, such as {@code memoryMap.regions[2].size}. */
    static String key(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** The key of a property of the object at {@code key}; the path may already end at the property. */
    private static String child(String key, String name) {
        return key.isEmpty() ? name : key.equals(name) || key.endsWith("." + name) ? key : key + "." + name;
    }

    /** A value's kind in plain words. */
    private static String kind(Class<?> type) {
        if (type == null) {
            return "of the right type";
        }
        if (type == int.class || type == Integer.class) {
            return "a whole number (32 bits)";
        }
        if (type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text";
        }
        if (type.isEnum()) {
            return "one of " + List.of(type.getEnumConstants());
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return Map.class.isAssignableFrom(type) || type.isRecord() ? "an object" : "of the right type";
    }

    private static String quoted(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    private static String at(JacksonException e) {
        JsonLocation l = e.getLocation();
        return l == null || l.getLineNr() < 1 ? "" : " at line " + l.getLineNr() + ", column " + l.getColumnNr();
    }
}
