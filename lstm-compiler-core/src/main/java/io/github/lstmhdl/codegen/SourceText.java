package io.github.lstmhdl.codegen;

import java.nio.charset.StandardCharsets;

/** Escaping of arbitrary names for generated Java and C: the output is always plain ASCII. */
final class SourceText {
    private SourceText() {
    }

    /** Text for a Javadoc comment: HTML-escaped, no comment terminator, no backslash (unicode escapes). */
    static String javadoc(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '@' -> sb.append("&#64;");
                case '\\' -> sb.append("&#92;");
                case '/' -> sb.append(i > 0 && s.charAt(i - 1) == '*' ? "&#47;" : "/");
                default -> {
                    if (c < 0x20) {
                        sb.append(' ');
                    } else if (c > 0x7e) {
                        sb.append("&#").append((int) c).append(';');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** A Java string literal, quotes included. */
    static String javaString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\%03o", (int) c)); // never \\u: javac would decode a line break
            } else if (c > 0x7e) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** Text for a C block comment: ASCII, no comment terminator. */
    static String cComment(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c > 0x7e || c == '\\' ? '?' : c);
        }
        return sb.toString().replace("*/", "* /").replace("/*", "/ *");
    }

    /** A C string literal of the text's UTF-8 bytes, quotes included. */
    static String cString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c == '"' || c == '\\' || c == '?') {
                sb.append('\\').append((char) c);
            } else if (c < 0x20 || c > 0x7e) {
                sb.append(String.format("\\%03o", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.append('"').toString();
    }

    /** The file name part of a path as the user gave it, so that no directory ends up in an output. */
    static String fileName(String path) {
        return path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
    }
}
