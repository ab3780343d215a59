package io.github.lstmhdl.maven;

import io.github.lstmhdl.GeneratedFile;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes generated files under the two output roots and deletes recorded ones. A file is streamed to
 * a temporary file in its own folder and moved over the target atomically, and only when its content
 * differs: an unchanged output keeps its time stamp, so the compiler and the jar see nothing new, and
 * a reader never sees a half-written file.
 */
final class OutputTree {

    private final Path sourcesRoot;
    private final Path resourcesRoot;

    /**
     * @param sourcesRoot   the generated sources root ({@link GeneratedFile.Kind#SOURCE})
     * @param resourcesRoot the generated resources root ({@link GeneratedFile.Kind#RESOURCE})
     */
    OutputTree(Path sourcesRoot, Path resourcesRoot) {
        this.sourcesRoot = sourcesRoot.toAbsolutePath().normalize();
        this.resourcesRoot = resourcesRoot.toAbsolutePath().normalize();
    }

    /** Where a recorded output lives; never outside its root. */
    Path resolve(GeneratedFile.Kind kind, String relativePath) throws IOException {
        Path root = root(kind);
        Path p = root.resolve(relativePath).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw new IOException("output path escapes its root: " + relativePath);
        }
        return p;
    }

    private Path root(GeneratedFile.Kind kind) {
        return Objects.requireNonNull(kind) == GeneratedFile.Kind.SOURCE ? sourcesRoot : resourcesRoot;
    }

    /**
     * Writes one file if its content differs from what is there.
     *
     * @return the record of the file as it now is
     */
    OutputRef write(GeneratedFile file) throws IOException {
        Path target = resolve(file.kind(), file.relativePath());
        io.github.lstmhdl.output.OutputWriter.write(target, file.content());
        return new OutputRef(file.kind(), file.relativePath(), Files.size(target));
    }

    /**
     * Whether a recorded output is still there with its recorded size (one file-system stat).
     */
    boolean intact(OutputRef ref) throws IOException {
        Path p = resolve(ref.kind(), ref.path());
        try {
            return Files.size(p) == ref.size();
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Deletes a recorded output, and then its folders up to the root while they are empty.
     *
     * @return whether a file was deleted
     */
    boolean delete(OutputRef ref) throws IOException {
        Path root = root(ref.kind());
        Path p = resolve(ref.kind(), ref.path());
        boolean deleted = Files.deleteIfExists(p);
        for (Path dir = p.getParent(); dir != null && !dir.equals(root) && dir.startsWith(root);
                dir = dir.getParent()) {
            try {
                Files.deleteIfExists(dir);
            } catch (DirectoryNotEmptyException e) {
                break;
            }
        }
        return deleted;
    }
}
