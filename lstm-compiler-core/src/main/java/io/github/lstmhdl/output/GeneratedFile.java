package io.github.lstmhdl.output;

import io.github.lstmhdl.image.RegionContent;
import java.util.Objects;

/**
 * One output of a compilation, not yet written: where it goes and its bytes (streamed, so a large
 * image is never held twice).
 *
 * @param kind         which output root it belongs to
 * @param relativePath its path under that root, with '/' separators (e.g. {@code com/example/lstm_model.elf})
 * @param content      its bytes
 */
public record GeneratedFile(Kind kind, String relativePath, RegionContent content) {

    /** The output roots. */
    public enum Kind {
        /** A resource shipped on the classpath: the image, the C header and the JSON memory map. */
        RESOURCE,
        /** A generated Java source: the constants class. */
        SOURCE
    }

    public GeneratedFile {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(relativePath, "relativePath");
        Objects.requireNonNull(content, "content");
        if (relativePath.isEmpty() || relativePath.startsWith("/") || relativePath.contains("..")
                || relativePath.contains("\\")) {
            throw new IllegalArgumentException("not a relative output path: " + relativePath);
        }
    }
}
