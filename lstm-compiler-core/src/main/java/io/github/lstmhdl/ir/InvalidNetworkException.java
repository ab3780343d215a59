package io.github.lstmhdl.ir;

import io.github.lstmhdl.diagnostics.CompilationException;

/**
 * A network file that cannot be turned into a valid {@link Network}: malformed bytes, an unsupported
 * operator, a shape mismatch, non-finite weights, a missing weight file. Carries file, location (node
 * or JSON path) and reason.
 */
public class InvalidNetworkException extends CompilationException {
    private static final long serialVersionUID = 1L;

    public InvalidNetworkException(String file, String location, String reason) {
        super(file, location, reason);
    }

    public InvalidNetworkException(String file, String location, String reason, Throwable cause) {
        super(file, location, reason, cause);
    }
}
