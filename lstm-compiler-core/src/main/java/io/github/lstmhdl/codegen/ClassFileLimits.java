package io.github.lstmhdl.codegen;

import java.util.ArrayList;
import java.util.List;

/**
 * The limits of a Java class file that a generated constants class must stay within, so that the
 * source compiles for every network the compiler accepts: one constant pool holds at most 65,535
 * entries, and one string constant (a name or a literal) at most 65,535 bytes of modified UTF-8
 * (JVMS §4.4). A network with more constants than one class file holds has them laid out in
 * {@linkplain #partition parts}; a text longer than one string constant is {@linkplain #chunks split}
 * into literals that the class joins when it is initialized.
 *
 * <p>The counts are conservative (every constant is charged its own pool entries, as if no two shared
 * a value), so a layout that fits by this count fits in the class file javac writes.
 */
final class ClassFileLimits {
    /**
     * The most bytes of modified UTF-8 (and so the most characters) of one string constant: a class file
     * holds 65,535 bytes, and javac refuses a string constant of 65,535 characters or more.
     */
    static final int MAX_STRING_BYTES = 0xFFFF - 1;

    /**
     * The pool entries one class of constants may spend on its constants: below the 65,535 of a class
     * file, leaving room for the entries every class needs (its name, the field types, the attribute
     * names, the constructor) and for the code that joins long strings.
     */
    static final int POOL_ENTRIES_PER_PART = 60_000;

    /**
     * The pool entries the constants class itself may spend on its own constants when it has parts:
     * the rest pays for naming every part it inherits (a class and a name entry and an inner-class name
     * each), which bounds the parts to {@link #MAX_PARTS}.
     */
    static final int POOL_ENTRIES_OF_SPLIT_CLASS = 45_000;

    /** The most parts one constants class refers to (3 pool entries each, within the reserve). */
    static final int MAX_PARTS = (POOL_ENTRIES_PER_PART - POOL_ENTRIES_OF_SPLIT_CLASS) / 3 - 100;

    /**
     * The bytes of initialization code one class may spend on joining long strings: below the 65,535
     * bytes a method's code holds.
     */
    static final int CODE_BYTES_PER_PART = 60_000;

    private ClassFileLimits() {
    }

    /** The length of a text in modified UTF-8, the encoding of a class file's string constants. */
    static long modifiedUtf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            bytes += utf8Bytes(s.charAt(i));
        }
        return bytes;
    }

    /** Whether a text fits in one string constant of a class file, so that it can be a compile-time constant. */
    static boolean fitsOneConstant(String s) {
        return s.length() <= MAX_STRING_BYTES / 3 || modifiedUtf8Length(s) <= MAX_STRING_BYTES;
    }

    /**
     * A text cut into consecutive pieces of at most {@link #MAX_STRING_BYTES} bytes of modified UTF-8
     * each, never between the two halves of a surrogate pair; the pieces joined give the text.
     */
    static List<String> chunks(String s) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int n = utf8Bytes(c);
            boolean pairStart = Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            int needed = pairStart ? n + utf8Bytes(s.charAt(i + 1)) : n;
            if (bytes + needed > MAX_STRING_BYTES) {
                pieces.add(s.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += n;
        }
        pieces.add(s.substring(start));
        return pieces;
    }

    /**
     * The constants in class-file-sized groups, in their order: the first group is the class's own,
     * each further one a part the class inherits. One group when everything fits in one class file,
     * which is the layout of every ordinary network.
     *
     * @throws IllegalArgumentException when even {@link #MAX_PARTS} parts cannot hold the constants
     */
    static List<List<Constant>> partition(List<Constant> constants) {
        List<List<Constant>> single = groups(constants, POOL_ENTRIES_PER_PART);
        if (single.size() == 1) {
            return single;
        }
        List<List<Constant>> groups = groups(constants, POOL_ENTRIES_OF_SPLIT_CLASS);
        if (groups.size() - 1 > MAX_PARTS) {
            throw new IllegalArgumentException("the network has " + constants.size() + " generated constants,"
                    + " more than one class and its " + MAX_PARTS + " parts hold");
        }
        return groups;
    }

    /**
     * Fills groups in order: the first with at most {@code firstEntries} pool entries, every further one
     * with at most {@link #POOL_ENTRIES_PER_PART}, each within {@link #CODE_BYTES_PER_PART}.
     */
    private static List<List<Constant>> groups(List<Constant> constants, int firstEntries) {
        List<List<Constant>> groups = new ArrayList<>();
        List<Constant> current = new ArrayList<>();
        long entries = 0;
        long code = 0;
        int limit = firstEntries;
        for (Constant c : constants) {
            long e = poolEntries(c);
            long b = initializationCodeBytes(c);
            if (!current.isEmpty() && (entries + e > limit || code + b > CODE_BYTES_PER_PART)) {
                groups.add(current);
                current = new ArrayList<>();
                entries = 0;
                code = 0;
                limit = POOL_ENTRIES_PER_PART;
            }
            current.add(c);
            entries += e;
            code += b;
        }
        groups.add(current);
        return groups;
    }

    /**
     * The pool entries a constant's field may need: its name and its value (a long takes two entries,
     * an int or boolean one, a string a string entry and its text); a string too long for one constant
     * also needs a field reference and two entries per piece.
     */
    private static long poolEntries(Constant c) {
        return switch (c.type()) {
            case ADDRESS, BYTES, COUNT -> 3;
            case INT, BOOLEAN, FLOAT -> 2;
            case STRING -> {
                String s = (String) c.value();
                yield fitsOneConstant(s) ? 3 : 3 + 2L * chunks(s).size();
            }
        };
    }

    /** The initialization code a constant needs: none for a compile-time constant, about 8 bytes per piece else. */
    private static long initializationCodeBytes(Constant c) {
        if (c.type() != Constant.Type.STRING || fitsOneConstant((String) c.value())) {
            return 0;
        }
        return 16 + 8L * chunks((String) c.value()).size();
    }

    /** The bytes of one UTF-16 unit in modified UTF-8: NUL takes two, as does everything up to U+07FF. */
    private static int utf8Bytes(char c) {
        return c != 0 && c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    }
}
