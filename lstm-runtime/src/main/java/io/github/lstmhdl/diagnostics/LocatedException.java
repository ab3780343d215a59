package io.github.lstmhdl.diagnostics;

import java.util.Objects;

/**
 * An error a user sees, in the one form every error of the toolchain has: {@code file: location: reason}.
 * It names the file, the place inside it (an ONNX node, a JSON path, a layer, a memory region, an
 * instruction) and the reason, so that a log line is enough to find and fix the problem without a stack
 * trace. {@link CompilationException} is a network or image that cannot be compiled or read; a run of the
 * simulator that cannot proceed is a {@code SimulationException}, which is not a compilation error.
 */
public abstract class LocatedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String location;
    private final String reason;

    /**
     * @param file     the network or image file, as the user named it (never an absolute path that the
     *                 user did not give); may be empty when no file is involved
     * @param location where in the file: a node, a JSON path, a layer; may be empty
     * @param reason   what is wrong, in the user's terms
     */
    protected LocatedException(String file, String location, String reason) {
        super(format(file, location, reason));
        this.file = Objects.requireNonNullElse(file, "");
        this.location = Objects.requireNonNullElse(location, "");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    protected LocatedException(String file, String location, String reason, Throwable cause) {
        this(file, location, reason);
        initCause(cause);
    }

    /** {@code file: location: reason}, leaving out an empty file or location: the form of every message. */
    protected static String format(String file, String location, String reason) {
        StringBuilder sb = new StringBuilder();
        if (file != null && !file.isEmpty()) {
            sb.append(file).append(": ");
        }
        if (location != null && !location.isEmpty()) {
            sb.append(location).append(": ");
        }
        return sb.append(reason).toString();
    }

    /** The file the error is about; empty when none. */
    public String file() {
        return file;
    }

    /** The place in the file: node, JSON path or layer; empty when the whole file is meant. */
    public String location() {
        return location;
    }

    /** What is wrong. */
    public String reason() {
        return reason;
    }

    /** The message without the file prefix, for logs that print the file separately. */
    public String messageWithoutFile() {
        return format("", location, reason);
    }
}
