package io.github.lstmhdl.maven;

import io.github.lstmhdl.output.OutputWriter;
import io.github.lstmhdl.source.FileStamp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The digests of one build, taken only where a file's {@linkplain FileStamp stamp} moved since it was
 * recorded (or where stamps are weak, as on Windows): a no-op build reads no file's bytes, and a file
 * that was touched, replaced or edited (by any number of bytes) is hashed and compared with its recorded
 * digest. Only regular files are hashed: anything else in a recorded place counts as changed. A file is hashed at most once
 * per build, however many networks read it. Not thread-safe.
 */
final class FileDigests {

    private record Known(FileStamp stamp, String sha256) {
    }

    private final Map<Path, Known> known = new HashMap<>();

    /**
     * Whether {@code file} still holds the bytes whose digest is {@code sha256}.
     *
     * @param recorded the stamp recorded with the digest, if any
     * @return the file's current stamp when it holds them; empty when it is gone or differs
     */
    Optional<FileStamp> verify(Path file, String sha256, Optional<FileStamp> recorded) throws IOException {
        if (sha256.isEmpty()) {
            return Optional.empty();
        }
        FileStamp now;
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty(); // gone, or a folder, FIFO or device: not what was recorded
            }
            now = FileStamp.of(file);
        } catch (IOException e) {
            return Optional.empty(); // unreadable: not what was recorded
        }
        if (recorded.isPresent() && recorded.get().equals(now) && now.isStrong()) {
            return Optional.of(now);
        }
        return sha256.equals(digest(file, now)) ? Optional.of(now) : Optional.empty();
    }

    /**
     * The digest of a file that a compile read, with the stamp it belongs to. When the stamp taken as
     * the compile opened the file differs from the stamp now, the file changed during the compile:
     * the outputs may come from other bytes than these, so the digest is empty (never matches).
     *
     * @param atOpen the stamp when the compile opened the file
     */
    InputRef record(String relativePath, Path file, Optional<FileStamp> atOpen) throws IOException {
        FileStamp now;
        try {
            if (!Files.isRegularFile(file)) {
                return new InputRef(relativePath, "", Optional.empty());
            }
            now = FileStamp.of(file);
        } catch (IOException e) {
            return new InputRef(relativePath, "", Optional.empty());
        }
        if (atOpen.isEmpty() || !atOpen.get().equals(now)) {
            return new InputRef(relativePath, "", Optional.empty());
        }
        String sha = digest(file, now);
        FileStamp after = FileStamp.of(file);
        if (!after.equals(now)) {
            return new InputRef(relativePath, "", Optional.empty());
        }
        return new InputRef(relativePath, sha, Optional.of(now));
    }

    private String digest(Path file, FileStamp stamp) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        Known k = known.get(key);
        if (k != null && k.stamp().equals(stamp)) {
            return k.sha256();
        }
        String sha = OutputWriter.hex(OutputWriter.sha256(key));
        known.put(key, new Known(stamp, sha));
        return sha;
    }
}
