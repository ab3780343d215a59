package io.github.lstmhdl.codegen;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Measuring texts in modified UTF-8, cutting them into class-file-sized pieces and grouping constants. */
class ClassFileLimitsTest {

    @Test
    void modifiedUtf8CountsNulAsTwoBytesAndSurrogatesAsThreeEach() {
        assertEquals(1, ClassFileLimits.modifiedUtf8Length("a"));
        assertEquals(2, ClassFileLimits.modifiedUtf8Length("\0"));
        assertEquals(2, ClassFileLimits.modifiedUtf8Length("\u00e4"));
        assertEquals(3, ClassFileLimits.modifiedUtf8Length("\u20ac"));
        assertEquals(6, ClassFileLimits.modifiedUtf8Length("\ud83d\ude00"));
    }

    @Test
    void piecesJoinToTheTextEachFitsAndNoSurrogatePairIsCut() {
        // 65,533 one-byte characters, then pairs of 6 bytes: the first pair no longer fits the first piece
        String text = "a".repeat(ClassFileLimits.MAX_STRING_BYTES - 1) + "\ud83d\ude00".repeat(20_000) + "\0";
        List<String> pieces = ClassFileLimits.chunks(text);
        assertEquals(text, String.join("", pieces));
        assertEquals(ClassFileLimits.MAX_STRING_BYTES - 1, pieces.get(0).length(), "cut before the pair");
        for (String piece : pieces) {
            assertTrue(ClassFileLimits.modifiedUtf8Length(piece) <= ClassFileLimits.MAX_STRING_BYTES);
            assertFalse(Character.isHighSurrogate(piece.charAt(piece.length() - 1)), "a pair cut in two");
        }
        assertEquals(3, pieces.size());
        assertTrue(ClassFileLimits.fitsOneConstant("x".repeat(ClassFileLimits.MAX_STRING_BYTES)));
        assertFalse(ClassFileLimits.fitsOneConstant("x".repeat(ClassFileLimits.MAX_STRING_BYTES + 1)));
        assertFalse(ClassFileLimits.fitsOneConstant("\u20ac".repeat(ClassFileLimits.MAX_STRING_BYTES / 3 + 1)));
    }

    @Test
    void constantsStayInOneGroupUntilTheyExceedOneClassFile() {
        List<Constant> few = longs(ClassFileLimits.POOL_ENTRIES_PER_PART / 3);
        assertEquals(List.of(few), ClassFileLimits.partition(few));

        List<Constant> many = longs(ClassFileLimits.POOL_ENTRIES_PER_PART / 3 + 1);
        List<List<Constant>> groups = ClassFileLimits.partition(many);
        assertEquals(ClassFileLimits.POOL_ENTRIES_OF_SPLIT_CLASS / 3, groups.get(0).size(), "the class's own");
        assertEquals(2, groups.size());
        List<Constant> all = new ArrayList<>();
        groups.forEach(all::addAll);
        assertEquals(many, all, "every constant once, in order");
    }

    private static List<Constant> longs(int n) {
        List<Constant> constants = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            constants.add(new Constant("C" + i + "_OFFSET", Constant.Type.ADDRESS, (long) i, "c"));
        }
        return constants;
    }
}
