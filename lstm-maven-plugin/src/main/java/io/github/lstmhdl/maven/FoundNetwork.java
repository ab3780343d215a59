package io.github.lstmhdl.maven;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A network file to compile: its key (its '/'-separated path under its folder, which names it in the
 * state and in {@code <networks>}), the folder it is in (the networks folder, or the folder a network
 * artifact was extracted to), and the artifact it came from.
 *
 * @param key      the path under {@code root}, e.g. {@code speech/kws.onnx}
 * @param root     the folder the key is relative to
 * @param artifact the network artifact it came from; empty for the networks folder
 */
record FoundNetwork(String key, Path root, Optional<ArtifactCoordinate> artifact) {
    FoundNetwork {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(artifact, "artifact");
    }

    /** The network file. */
    Path file() {
        return root.resolve(key);
    }
}
