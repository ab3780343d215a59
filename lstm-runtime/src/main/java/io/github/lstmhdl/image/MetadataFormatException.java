package io.github.lstmhdl.image;

/**
 * What is wrong with a metadata document, in the user's words: malformed JSON at a line and column, or
 * a key (such as {@code memoryMap.regions[2].size}) that is missing, unknown, of the wrong type or
 * rejected by its record. {@link ImageMetadataJson#fromJson} turns it into the one
 * {@code CompilationException} that names the image and the metadata section.
 */
final class MetadataFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param reason the reason after {@code invalid metadata JSON: } */
    MetadataFormatException(String reason) {
        super(reason);
    }
}
