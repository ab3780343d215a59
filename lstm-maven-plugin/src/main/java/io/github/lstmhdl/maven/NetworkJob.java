package io.github.lstmhdl.maven;

import io.github.lstmhdl.CompileRequest;
import java.util.Objects;

/**
 * One network to bring up to date: its key (its path under the source directory, '/'-separated,
 * which names it in the state file) and the immutable request that compiles it.
 *
 * @param key     the network's path relative to the source directory, e.g. {@code speech/kws.onnx}
 * @param request the request for the compiler
 */
public record NetworkJob(String key, CompileRequest request) {
    public NetworkJob {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(request, "request");
    }
}
