package io.github.lstmhdl.maven;

import io.github.lstmhdl.codegen.OutputNames;
import io.github.lstmhdl.output.GeneratedFile;
import io.github.lstmhdl.output.OutputSet;
import io.github.lstmhdl.output.OutputWriter;
import io.github.lstmhdl.source.FileStamp;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The output roots and the plugin's staging folder: stages a network's files for one
 * {@link OutputSet} (temporary files in the staging folder, outside every root that Maven copies or
 * compiles, so an orphan is never packaged), checks recorded outputs, and deletes recorded ones.
 */
final class OutputTree {

    private final Path sourcesRoot;
    private final Path resourcesRoot;
    private final Path headersRoot;
    private final Path mapsRoot;
    private final Path staging;
    private final Optional<Path> classesRoot;

    /**
     * @param sourcesRoot   the generated sources root ({@link GeneratedFile.Kind#SOURCE})
     * @param resourcesRoot the generated resources root ({@link GeneratedFile.Kind#RESOURCE})
     * @param staging       the folder for temporary files, emptied by {@link #removeOrphans}
     */
    OutputTree(Path sourcesRoot, Path resourcesRoot, Path staging) {
        this(sourcesRoot, resourcesRoot, resourcesRoot, resourcesRoot, staging, Optional.empty());
    }

    private OutputTree(Path sourcesRoot, Path resourcesRoot, Path headersRoot, Path mapsRoot, Path staging,
            Optional<Path> classesRoot) {
        this.sourcesRoot = sourcesRoot.toAbsolutePath().normalize();
        this.resourcesRoot = resourcesRoot.toAbsolutePath().normalize();
        this.headersRoot = headersRoot.toAbsolutePath().normalize();
        this.mapsRoot = mapsRoot.toAbsolutePath().normalize();
        this.staging = staging.toAbsolutePath().normalize();
        this.classesRoot = classesRoot.map(p -> p.toAbsolutePath().normalize());
    }

    /**
     * This tree with the C headers ({@code .h}) and the JSON memory maps ({@code .memory-map.json}) in
     * roots of their own, e.g. outside the resources root so that the jar does not carry them; the
     * recorded paths stay the same (relative to whichever root holds the file).
     */
    OutputTree withSideFiles(Path headers, Path maps) {
        return new OutputTree(sourcesRoot, resourcesRoot, headers, maps, staging, classesRoot);
    }

    /** The headers' and maps' roots, as {@link SideFilePlacement} records them. */
    Path headersRoot() {
        return headersRoot;
    }

    /** The JSON memory maps' root. */
    Path mapsRoot() {
        return mapsRoot;
    }

    /**
     * This tree, knowing that {@code process-resources} copies the resources root into {@code classes}
     * (the project's output directory): a deleted resource's copy there goes too ({@link #deleteCopy}),
     * so a renamed or deleted network's image does not reach the jar until the next {@code mvn clean}.
     */
    OutputTree withCopiesIn(Path classes) {
        return new OutputTree(sourcesRoot, resourcesRoot, headersRoot, mapsRoot, staging, Optional.of(classes));
    }

    /**
     * Deletes the copy of a deleted resource in the classes folder when it still holds the recorded
     * bytes (a file there with other bytes is not this output's copy and stays).
     *
     * @return the copy deleted, if any
     */
    Optional<Path> deleteCopy(OutputRef ref, FileDigests digests) throws IOException {
        if (classesRoot.isEmpty() || ref.kind() != GeneratedFile.Kind.RESOURCE || ref.sha256().isEmpty()) {
            return Optional.empty();
        }
        Path root = classesRoot.get();
        Path copy = root.resolve(ref.path()).normalize();
        if (!copy.startsWith(root) || !Files.isRegularFile(copy)
                || digests.verify(copy, ref.sha256(), Optional.empty()).isEmpty()) {
            return Optional.empty();
        }
        Files.delete(copy);
        deleteEmptyFolders(copy.getParent(), root);
        return Optional.of(copy);
    }

    /** Where a recorded output lives; never outside its root. */
    Path resolve(GeneratedFile.Kind kind, String relativePath) throws IOException {
        Path root = root(kind, relativePath);
        Path p = root.resolve(relativePath).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw new IOException("output path escapes its root: " + relativePath);
        }
        return p;
    }

    /** The root of an output: by kind, and for a resource by what it is (header, memory map, image). */
    private Path root(GeneratedFile.Kind kind, String relativePath) {
        if (Objects.requireNonNull(kind) == GeneratedFile.Kind.SOURCE) {
            return sourcesRoot;
        }
        if (relativePath.endsWith(HEADER_SUFFIX)) {
            return headersRoot;
        }
        return relativePath.endsWith(OutputNames.MEMORY_MAP_SUFFIX) ? mapsRoot : resourcesRoot;
    }

    /** How a C header's name ends. */
    static final String HEADER_SUFFIX = ".h";

    /** A new set whose temporary files go to the staging folder. */
    OutputSet newSet() {
        return OutputSet.stagedIn(staging);
    }

    /**
     * Stages one file in {@code set}.
     *
     * @return the record of the file as it will be after the commit (its stamp is taken then)
     */
    Staging stage(OutputSet set, GeneratedFile file) throws IOException {
        OutputSet.Staged staged = set.stage(resolve(file.kind(), file.relativePath()), file.content());
        return new Staging(new OutputRef(file.kind(), file.relativePath(), OutputWriter.hex(staged.sha256()),
                Optional.empty()), staged.changed());
    }

    /** A staged output: its record, and whether committing it changes the file (false: it holds these bytes). */
    record Staging(OutputRef ref, boolean changed) {
    }

    /** The record of a committed file, with its stamp as it is now. */
    OutputRef stamped(OutputRef ref) throws IOException {
        return ref.withStamp(FileStamp.of(resolve(ref.kind(), ref.path())));
    }

    /**
     * Whether a recorded output still holds the bytes written (one stat when untouched, a hash when its
     * stamp moved).
     *
     * @return its current stamp when it does; empty when it is gone or differs
     */
    Optional<FileStamp> verify(OutputRef ref, FileDigests digests) throws IOException {
        return digests.verify(resolve(ref.kind(), ref.path()), ref.sha256(), ref.stamp());
    }

    /**
     * Deletes a recorded output, and then its folders up to the root while they are empty.
     *
     * @return whether a file was deleted
     */
    boolean delete(OutputRef ref) throws IOException {
        Path root = root(ref.kind(), ref.path());
        Path p = resolve(ref.kind(), ref.path());
        boolean deleted = Files.deleteIfExists(p);
        deleteEmptyFolders(p.getParent(), root);
        return deleted;
    }

    /** Deletes {@code dir} and its parents below {@code root} while they are empty. */
    private static void deleteEmptyFolders(Path dir, Path root) throws IOException {
        for (; dir != null && !dir.equals(root) && dir.startsWith(root); dir = dir.getParent()) {
            try {
                Files.deleteIfExists(dir);
            } catch (DirectoryNotEmptyException e) {
                return;
            }
        }
    }

    /**
     * Removes what killed builds left: everything in the staging folder, and in the folders of the
     * recorded outputs the temporary files of this plugin ({@code .lstm-*.tmp}, {@code .lstm-*.bak}, and
     * version 0.1's {@code .<output name>*.tmp}). Only call it while holding the build lock.
     *
     * @return the number of files removed
     */
    int removeOrphans(Collection<OutputRef> recorded) throws IOException {
        int removed = 0;
        if (Files.isDirectory(staging)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(staging)) {
                for (Path p : ds) {
                    if (Files.isRegularFile(p) && Files.deleteIfExists(p)) {
                        removed++;
                    }
                }
            }
        }
        Set<Path> folders = new TreeSet<>();
        Set<String> names = new TreeSet<>();
        for (OutputRef ref : recorded) {
            Path p = resolve(ref.kind(), ref.path());
            folders.add(p.getParent());
            names.add(p.getFileName().toString());
        }
        for (Path folder : folders) {
            // a plain filter, not a glob: compiling a glob pattern costs a no-op build more than the listing
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder,
                    p -> p.getFileName().toString().startsWith("."))) {
                for (Path p : ds) {
                    if (orphan(p.getFileName().toString(), names) && Files.isRegularFile(p) && Files.deleteIfExists(p)) {
                        removed++;
                    }
                }
            } catch (NoSuchFileException e) {
                // the folder is gone: nothing to remove
            }
        }
        return removed;
    }

    private static boolean orphan(String name, Set<String> outputs) {
        if (name.startsWith(OutputSet.TEMPORARY_PREFIX)
                && (name.endsWith(OutputSet.TEMPORARY_SUFFIX) || name.endsWith(".bak"))) {
            return true;
        }
        if (!name.endsWith(OutputSet.TEMPORARY_SUFFIX)) {
            return false;
        }
        for (String output : outputs) {
            if (name.startsWith("." + output)) {
                return true;
            }
        }
        return false;
    }
}
