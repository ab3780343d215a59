package io.github.lstmhdl.maven;

import io.github.lstmhdl.source.FileStamp;
import java.util.Objects;
import java.util.Optional;

/**
 * A file that a network's import read, as the importer reported it (the network file itself, the
 * {@code .npy} weights a JSON network names, ONNX external data files), recorded with the digest and
 * stamp it had when it was compiled. Paths are relative to the network file's folder, so that a
 * project copied or moved elsewhere never checks the files of its old place.
 *
 * @param path   the '/'-separated path relative to the network file's folder
 * @param sha256 the SHA-256 of the bytes the compile read, lower-case hex; empty: unknown (the file
 *               changed while it was compiled, so the network is compiled again next time)
 * @param stamp  the stamp the digest belongs to; empty: unknown (the file is hashed)
 */
record InputRef(String path, String sha256, Optional<FileStamp> stamp) {
    InputRef {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(stamp, "stamp");
    }

    /** The same file with another stamp. */
    InputRef withStamp(FileStamp newStamp) {
        return new InputRef(path, sha256, Optional.of(newStamp));
    }
}
