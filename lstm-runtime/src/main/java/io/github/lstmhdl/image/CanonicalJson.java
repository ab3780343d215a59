package io.github.lstmhdl.image;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a JSON value in the canonical form of docs/image-format.md ("The canonical form"), the one
 * the compiler writes the metadata in and the reader insists on: one entry or element per line,
 * indented two spaces per level; {@code " : "} after a key; keys sorted by their UTF-16 code units at
 * every level; {@code [ ]} and <code>{ }</code> when empty; strings with {@code \" \\ \b \t \n \f \r}, the
 * other control characters and everything above U+007F as {@code \}{@code uXXXX} (upper-case hex), so the
 * bytes are ASCII; numbers as their text; a final line feed.
 */
final class CanonicalJson implements Json.Cases<Void> {
    private final StringBuilder out = new StringBuilder();
    private int level;

    private CanonicalJson() {
    }

    /** The canonical bytes of a document. */
    static byte[] write(Json document) {
        CanonicalJson writer = new CanonicalJson();
        document.accept(writer);
        writer.out.append('\n');
        return writer.out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public Void object(Json.Obj object) {
        Map<String, Json> sorted = new TreeMap<>(object.members());
        if (sorted.isEmpty()) {
            out.append("{ }");
            return null;
        }
        out.append('{');
        level++;
        for (Iterator<Map.Entry<String, Json>> it = sorted.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Json> e = it.next();
            newLine();
            string(e.getKey());
            out.append(" : ");
            e.getValue().accept(this);
            out.append(it.hasNext() ? "," : "");
        }
        level--;
        newLine();
        out.append('}');
        return null;
    }

    @Override
    public Void array(Json.Arr array) {
        List<Json> elements = array.elements();
        if (elements.isEmpty()) {
            out.append("[ ]");
            return null;
        }
        out.append('[');
        level++;
        for (int i = 0; i < elements.size(); i++) {
            newLine();
            elements.get(i).accept(this);
            out.append(i + 1 < elements.size() ? "," : "");
        }
        level--;
        newLine();
        out.append(']');
        return null;
    }

    @Override
    public Void string(Json.Str string) {
        string(string.text());
        return null;
    }

    @Override
    public Void number(Json.Num number) {
        out.append(number.text());
        return null;
    }

    @Override
    public Void bool(Json.Bool bool) {
        out.append(bool.value());
        return null;
    }

    @Override
    public Void nullValue() {
        out.append("null");
        return null;
    }

    private void newLine() {
        out.append('\n').append("  ".repeat(level));
    }

    private void string(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c > 0x7F) {
                        out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
