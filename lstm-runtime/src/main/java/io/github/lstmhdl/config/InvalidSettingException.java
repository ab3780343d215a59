package io.github.lstmhdl.config;

import java.util.Objects;

/** A configuration setting is wrong: where it was written and why. */
public final class InvalidSettingException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String origin;
    private final String reason;

    /**
     * @param origin where the setting was written, e.g. {@code parameter memorySize (lstm.memorySize)}
     * @param reason what is wrong, e.g. {@code invalid value '1x' for memorySize: ...}
     */
    public InvalidSettingException(String origin, String reason) {
        super(origin + ": " + reason);
        this.origin = Objects.requireNonNull(origin, "origin");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Where the setting was written. */
    public String origin() {
        return origin;
    }

    /** What is wrong with it, without the origin. */
    public String reason() {
        return reason;
    }
}
