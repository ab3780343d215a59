package io.github.lstmhdl.npy;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the Python dictionary literal of a {@code .npy} header, such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}, into its three entries. Only
 * the literal forms that NumPy writes are accepted: quoted strings, {@code True}/{@code False}, and
 * tuples of non-negative integers (an old Python 2 {@code L} suffix is allowed). Anything else is an
 * error with the character position, never an exception of another type.
 */
final class NpyHeaderText {

    /** The header's entries; every one is present after a successful parse. */
    record Entries(String descr, boolean fortranOrder, long[] shape) {
    }

    private final String text;
    private final String file;
    private int pos;

    private NpyHeaderText(String text, String file) {
        this.text = text;
        this.file = file;
    }

    static Entries parse(String text, String file) throws NpyFormatException {
        return new NpyHeaderText(text, file).dictionary();
    }

    private Entries dictionary() throws NpyFormatException {
        String descr = null;
        Boolean fortran = null;
        long[] shape = null;
        expect('{');
        while (true) {
            skipSpace();
            if (peek() == '}') {
                pos++;
                break;
            }
            String key = string();
            expect(':');
            skipSpace();
            switch (key) {
                case "descr" -> {
                    if (peek() != '\'' && peek() != '"') {
                        throw error("'descr' must be a simple type such as '<f4'; structured types are not supported");
                    }
                    descr = once(descr, string(), key);
                }
                case "fortran_order" -> fortran = once(fortran, bool(), key);
                case "shape" -> shape = once(shape, tuple(), key);
                default -> throw error("unknown header key '" + key + "'");
            }
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else if (peek() != '}') {
                throw error("expected ',' or '}'");
            }
        }
        skipSpace();
        if (pos != text.length()) {
            throw error("unexpected text after the header dictionary");
        }
        if (descr == null || fortran == null || shape == null) {
            throw new NpyFormatException(file, "header", "the header lacks "
                    + (descr == null ? "'descr'" : fortran == null ? "'fortran_order'" : "'shape'"));
        }
        return new Entries(descr, fortran, shape);
    }

    private <T> T once(T previous, T value, String key) throws NpyFormatException {
        if (previous != null) {
            throw error("header key '" + key + "' appears twice");
        }
        return value;
    }

    private String string() throws NpyFormatException {
        skipSpace();
        char quote = peek();
        if (quote != '\'' && quote != '"') {
            throw error("expected a quoted string");
        }
        int end = text.indexOf(quote, pos + 1);
        if (end < 0) {
            throw error("unterminated string");
        }
        String s = text.substring(pos + 1, end);
        pos = end + 1;
        return s;
    }

    private boolean bool() throws NpyFormatException {
        if (text.startsWith("True", pos)) {
            pos += 4;
            return true;
        }
        if (text.startsWith("False", pos)) {
            pos += 5;
            return false;
        }
        throw error("expected True or False");
    }

    private long[] tuple() throws NpyFormatException {
        expect('(');
        List<Long> dims = new ArrayList<>();
        while (true) {
            skipSpace();
            if (peek() == ')') {
                pos++;
                break;
            }
            dims.add(integer());
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else if (peek() != ')') {
                throw error("expected ',' or ')' in the shape");
            }
            if (dims.size() > 32) {
                throw error("the shape has more than 32 dimensions");
            }
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i);
        }
        return shape;
    }

    private long integer() throws NpyFormatException {
        int start = pos;
        long value = 0;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            value = value * 10 + (text.charAt(pos) - '0');
            if (value > Integer.MAX_VALUE) {
                throw error("dimension " + text.substring(start, pos + 1) + "... is too large");
            }
            pos++;
        }
        if (pos == start) {
            throw error("expected a non-negative integer dimension");
        }
        if (pos < text.length() && text.charAt(pos) == 'L') {
            pos++;
        }
        return value;
    }

    private void expect(char c) throws NpyFormatException {
        skipSpace();
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private NpyFormatException error(String what) {
        return new NpyFormatException(file, "header", what + " at character " + pos + " of " + quoted());
    }

    private String quoted() {
        String t = text.strip();
        return '"' + (t.length() > 120 ? t.substring(0, 120) + "..." : t) + '"';
    }
}
