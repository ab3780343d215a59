package io.github.lstmhdl.image;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A strict reader of JSON (RFC 8259) for the metadata section, with no library behind it: exactly one
 * value, nothing after it, no comments, no trailing commas, no duplicate keys, strings of ASCII (the
 * canonical form escapes everything else, docs/image-format.md), and at most {@link #MAX_DEPTH} levels
 * of nesting (the metadata has four), so that no input can exhaust the stack. Each error says where:
 * the line and column of malformed JSON, or the key given twice.
 */
final class JsonParser {
    /** The deepest nesting of objects and arrays accepted. */
    static final int MAX_DEPTH = 32;

    private final byte[] in;
    private int pos;
    private int line = 1;
    private int lineStart;

    private JsonParser(byte[] in) {
        this.in = in;
    }

    /**
     * The document's one value.
     *
     * @throws MetadataFormatException for anything that is not one well-formed JSON value
     */
    static Json parse(byte[] json) throws MetadataFormatException {
        JsonParser p = new JsonParser(json);
        p.skipSpace();
        Json value = p.value("", 0);
        p.skipSpace();
        if (p.pos < p.in.length) {
            throw p.malformed("content after the end of the document");
        }
        return value;
    }

    private Json value(String path, int depth) throws MetadataFormatException {
        if (pos >= in.length) {
            throw malformed("the document ends where a value is expected");
        }
        int c = in[pos];
        switch (c) {
            case '{':
                return object(path, depth + 1);
            case '[':
                return array(path, depth + 1);
            case '"':
                return new Json.Str(string());
            case 't':
                literal("true");
                return new Json.Bool(true);
            case 'f':
                literal("false");
                return new Json.Bool(false);
            case 'n':
                literal("null");
                return new Json.Null();
            default:
                if (c == '-' || c >= '0' && c <= '9') {
                    return number();
                }
                throw malformed(found() + " where a value is expected");
        }
    }

    private Json.Obj object(String path, int depth) throws MetadataFormatException {
        checkDepth(depth);
        pos++;
        Map<String, Json> members = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return new Json.Obj(members);
        }
        while (true) {
            if (peek() != '"') {
                throw malformed(found() + " where a key in double quotes is expected");
            }
            String key = string();
            String child = path.isEmpty() ? key : path + "." + key;
            if (members.containsKey(key)) {
                throw new MetadataFormatException("key " + child + ": given twice");
            }
            skipSpace();
            expect(':');
            skipSpace();
            members.put(key, value(child, depth));
            skipSpace();
            if (peek() == ',') {
                pos++;
                skipSpace();
            } else if (peek() == '}') {
                pos++;
                return new Json.Obj(members);
            } else {
                throw malformed(found() + " where , or } is expected");
            }
        }
    }

    private Json.Arr array(String path, int depth) throws MetadataFormatException {
        checkDepth(depth);
        pos++;
        List<Json> elements = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return new Json.Arr(elements);
        }
        while (true) {
            elements.add(value(path + "[" + elements.size() + "]", depth));
            skipSpace();
            if (peek() == ',') {
                pos++;
                skipSpace();
            } else if (peek() == ']') {
                pos++;
                return new Json.Arr(elements);
            } else {
                throw malformed(found() + " where , or ] is expected");
            }
        }
    }

    /** A string from its opening quote: the escapes of RFC 8259, ASCII only, no control characters. */
    private String string() throws MetadataFormatException {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= in.length) {
                throw malformed("the document ends inside a string");
            }
            int c = in[pos] & 0xFF;
            if (c == '"') {
                pos++;
                return sb.toString();
            }
            if (c < 0x20) {
                throw malformed("a control character (0x" + hex(c, 2) + ") inside a string; it must be escaped");
            }
            if (c >= 0x80) {
                throw malformed("a byte that is not ASCII (0x" + hex(c, 2) + "); the metadata is ASCII");
            }
            if (c != '\\') {
                sb.append((char) c);
                pos++;
                continue;
            }
            if (pos + 1 >= in.length) {
                throw malformed("the document ends inside a string");
            }
            pos++;
            int e = in[pos] & 0xFF;
            switch (e) {
                case '"', '\\', '/' -> sb.append((char) e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    sb.append(unicodeEscape());
                    continue;
                }
                default -> throw malformed((e > 0x20 && e < 0x7F ? "\\" + (char) e : "a backslash before "
                        + printable(e)) + " is not an escape of JSON");
            }
            pos++;
        }
    }

    /** The four hex digits of a unicode escape; {@code pos} is at its {@code u} and ends after them. */
    private char unicodeEscape() throws MetadataFormatException {
        if (pos + 4 >= in.length) {
            throw malformed("the document ends inside a \\u escape");
        }
        int v = 0;
        for (int i = 1; i <= 4; i++) {
            int d = Character.digit(in[pos + i], 16);
            if (d < 0) {
                pos += i;
                throw malformed("a \\u escape needs four hex digits");
            }
            v = v << 4 | d;
        }
        pos += 5;
        return (char) v;
    }

    /** A number in JSON's grammar: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. */
    private Json.Num number() throws MetadataFormatException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw malformed("a number needs a digit after -");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw malformed("a number needs a digit after its decimal point");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw malformed("a number needs a digit in its exponent");
            }
            digits();
        }
        if (isDigit(peek())) {
            throw malformed("a number must not have a leading zero");
        }
        return new Json.Num(new String(in, start, pos - start, StandardCharsets.US_ASCII));
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private void literal(String word) throws MetadataFormatException {
        for (int i = 0; i < word.length(); i++) {
            if (pos + i >= in.length || in[pos + i] != word.charAt(i)) {
                throw malformed(found() + " where a value is expected");
            }
        }
        pos += word.length();
    }

    private void expect(char c) throws MetadataFormatException {
        if (peek() != c) {
            throw malformed(found() + " where " + c + " is expected");
        }
        pos++;
    }

    private void checkDepth(int depth) throws MetadataFormatException {
        if (depth > MAX_DEPTH) {
            throw malformed("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    /** The byte at the position, or -1 at the end. */
    private int peek() {
        return pos < in.length ? in[pos] & 0xFF : -1;
    }

    /** JSON's white space: space, tab, line feed, carriage return. */
    private void skipSpace() {
        while (pos < in.length) {
            int c = in[pos];
            if (c == '\n') {
                line++;
                lineStart = pos + 1;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    /** What is at the position, in plain words. */
    private String found() {
        return pos >= in.length ? "the end of the document" : printable(in[pos] & 0xFF);
    }

    private static String printable(int c) {
        return c > 0x20 && c < 0x7F ? "'" + (char) c + "'" : "the byte 0x" + hex(c & 0xFF, 2);
    }

    private static String hex(int v, int digits) {
        String h = Integer.toHexString(v).toUpperCase(Locale.ROOT);
        return "0".repeat(Math.max(0, digits - h.length())) + h;
    }

    private MetadataFormatException malformed(String reason) {
        return new MetadataFormatException("malformed at line " + line + ", column " + (pos - lineStart + 1) + ": "
                + reason);
    }
}
