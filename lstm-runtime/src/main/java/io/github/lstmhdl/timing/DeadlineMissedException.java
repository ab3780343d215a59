package io.github.lstmhdl.timing;

import io.github.lstmhdl.diagnostics.CompilationException;

/**
 * The estimate of a network misses a deadline ({@link Deadlines}): {@code file: deadlines: reason}, the
 * reason naming each missed deadline with the estimated figure, and what would fit. A failure of the
 * build (the Maven plugin's {@code MojoFailureException}, the command line's exit code 1), like an
 * overflow; nothing is written.
 */
public final class DeadlineMissedException extends CompilationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file   the network as the user named it
     * @param reason the missed deadlines and the advice
     */
    public DeadlineMissedException(String file, String reason) {
        super(file, "deadlines", reason);
    }
}
