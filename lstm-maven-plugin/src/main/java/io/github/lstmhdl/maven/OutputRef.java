package io.github.lstmhdl.maven;

import io.github.lstmhdl.GeneratedFile;
import java.util.Objects;

/**
 * A file this plugin wrote, as recorded in the state file: its output root, its path under that root
 * and its size (a cheap check that it is still there, untouched, on the next build).
 *
 * @param kind the output root
 * @param path the '/'-separated path under the root
 * @param size the size in bytes when written
 */
record OutputRef(GeneratedFile.Kind kind, String path, long size) {
    OutputRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
    }

    /** Same root and path (the size may differ). */
    boolean samePlace(OutputRef other) {
        return kind == other.kind && path.equals(other.path);
    }

    /** The root and path as one text, for collision checks and messages. */
    String place() {
        return kind + ":" + path;
    }
}
