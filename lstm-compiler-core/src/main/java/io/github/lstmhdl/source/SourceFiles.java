package io.github.lstmhdl.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files one import read, as the importer itself reports them: the network file, every {@code .npy}
 * weight file a native JSON network names and every ONNX external data file, each with its
 * {@linkplain FileStamp stamp} taken when the importer opened it, before reading. A build tool that
 * decides from digests whether to compile again asks this record, and not the folder, which files a
 * network depends on: so an edited weight file in a subfolder recompiles the network, and an unrelated
 * file beside it does not.
 *
 * <p>One recorder serves one import and is filled while it runs; it is also complete when the import
 * fails, up to the file that failed. Not thread-safe.
 */
public final class SourceFiles {

    /**
     * One file read.
     *
     * @param path  the file as the importer opened it, absolute and normalized
     * @param stamp its stamp when opened; empty when it could not be taken (the file then counts as
     *              changed)
     */
    public record SourceFile(Path path, Optional<FileStamp> stamp) {
    }

    private final Map<Path, SourceFile> files = new LinkedHashMap<>();

    /** Records that {@code file} is about to be read (only the first stamp of a path counts). */
    public void reading(Path file) {
        Path key = file.toAbsolutePath().normalize();
        if (!files.containsKey(key)) {
            Optional<FileStamp> stamp;
            try {
                stamp = Optional.of(FileStamp.of(key));
            } catch (IOException e) {
                stamp = Optional.empty();
            }
            files.put(key, new SourceFile(key, stamp));
        }
    }

    /** The files read, in the order they were first opened (the network file first). */
    public List<SourceFile> files() {
        return List.copyOf(files.values());
    }
}
