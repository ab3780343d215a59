package io.github.lstmhdl.maven;

import io.github.lstmhdl.output.GeneratedFile;
import io.github.lstmhdl.source.FileStamp;
import java.util.Objects;
import java.util.Optional;

/**
 * A file this plugin wrote, as recorded in the state file: its output root, its path under that root,
 * the SHA-256 of the bytes written and the file's {@linkplain FileStamp stamp} right after writing. On
 * the next build an unchanged stamp proves the file untouched without reading it; a moved stamp makes
 * the plugin hash the file, and a file that no longer holds these bytes (edited, even by the same number
 * of bytes) is written again.
 *
 * @param kind   the output root
 * @param path   the '/'-separated path under the root
 * @param sha256 the SHA-256 of the bytes written, lower-case hex; empty: unknown (never matches)
 * @param stamp  the stamp after writing; empty: unknown (the file is hashed)
 */
record OutputRef(GeneratedFile.Kind kind, String path, String sha256, Optional<FileStamp> stamp) {
    OutputRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(stamp, "stamp");
    }

    /** Same root and path (the content may differ). */
    boolean samePlace(OutputRef other) {
        return kind == other.kind && path.equals(other.path);
    }

    /** The root and path as one text, for collision checks and messages. */
    String place() {
        return place(kind, path);
    }

    /**
     * A place as clash checks compare it: without case, since the default file systems of macOS and
     * Windows do, so that a project builds the same everywhere ({@code Kws.elf} and {@code kws.elf} are
     * one file there).
     */
    static String place(GeneratedFile.Kind kind, String path) {
        return kind + ":" + path.toLowerCase(java.util.Locale.ROOT);
    }

    /** The same file with another stamp. */
    OutputRef withStamp(FileStamp newStamp) {
        return new OutputRef(kind, path, sha256, Optional.of(newStamp));
    }
}
