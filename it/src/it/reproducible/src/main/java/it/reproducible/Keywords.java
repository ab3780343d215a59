package it.reproducible;

/** Uses the generated constants, so the jar holds a class compiled against them. */
public final class Keywords {
    /** Keyword classes. */
    public static final int CLASSES = KeywordLstmOffsets.OUTPUT_FEATURES;

    private Keywords() {
    }
}
