package io.github.lstmhdl.maven;

import io.github.lstmhdl.CompileRequest;
import io.github.lstmhdl.timing.Deadlines;
import java.util.Objects;

/**
 * One network to bring up to date: its key (its path under the source directory, '/'-separated,
 * which names it in the state file) and the immutable request that compiles it.
 *
 * @param key     the network's path relative to the source directory, e.g. {@code speech/kws.onnx}
 * @param request       the request for the compiler
 * @param deadlines     the deadlines its estimate must meet (checked whenever it is compiled; part of its
 *                      fingerprint, so a changed deadline compiles it again and checks it)
 * @param printEstimate whether the log shows the whole estimate table even without a verbose request
 * @param origin        where the network file came from when not from the networks folder: the coordinate of
 *                      its network artifact (part of its fingerprint, so a new version compiles it again);
 *                      empty for the networks folder
 */
public record NetworkJob(String key, CompileRequest request, Deadlines deadlines, boolean printEstimate,
        String origin) {
    public NetworkJob {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(deadlines, "deadlines");
        Objects.requireNonNull(origin, "origin");
    }

    /** A job for a network of the networks folder. */
    public NetworkJob(String key, CompileRequest request, Deadlines deadlines, boolean printEstimate) {
        this(key, request, deadlines, printEstimate, "");
    }

    /** A job without deadlines that prints the estimate table only with a verbose request. */
    public NetworkJob(String key, CompileRequest request) {
        this(key, request, Deadlines.NONE, false);
    }
}
