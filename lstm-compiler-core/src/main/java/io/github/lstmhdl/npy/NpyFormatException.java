package io.github.lstmhdl.npy;

import io.github.lstmhdl.diagnostics.CompilationException;

/**
 * A {@code .npy} file that cannot be read: bad magic, unsupported version or data type, a malformed or
 * lying header, truncated or surplus data, or an I/O failure. The location says which part of the
 * file is wrong ({@code header}, {@code data}) and may be empty when the whole file is meant.
 */
public class NpyFormatException extends CompilationException {
    private static final long serialVersionUID = 1L;

    public NpyFormatException(String file, String location, String reason) {
        super(file, location, reason);
    }

    public NpyFormatException(String file, String location, String reason, Throwable cause) {
        super(file, location, reason, cause);
    }
}
