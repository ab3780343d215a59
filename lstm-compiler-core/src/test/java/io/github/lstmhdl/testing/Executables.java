package io.github.lstmhdl.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds external tools (readelf, objcopy, a C compiler) the way a shell does: in the folders of the
 * {@code PATH} environment variable, in order, so that the tests that use them run wherever the tool is
 * installed (/usr/bin, /usr/local/bin, a toolchain folder) and are skipped only where it is not.
 */
public final class Executables {
    private Executables() {
    }

    /** The first executable file named {@code tool} in a {@code PATH} folder, if any. */
    public static Optional<Path> onPath(String tool) {
        return onPath(tool, System.getenv("PATH"));
    }

    /** The first executable file named {@code tool} in one of {@code path}'s folders (null: none). */
    static Optional<Path> onPath(String tool, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String folder : path.split(File.pathSeparator)) {
            if (folder.isEmpty()) {
                continue;
            }
            try {
                Path exe = Path.of(folder, tool);
                if (Files.isRegularFile(exe) && Files.isExecutable(exe)) {
                    return Optional.of(exe);
                }
            } catch (InvalidPathException e) {
                // a folder that is no path on this system holds no tool
            }
        }
        return Optional.empty();
    }

    /** The {@code PATH} folders, for the message of a skipped test. */
    public static String path() {
        return String.valueOf(System.getenv("PATH"));
    }
}
