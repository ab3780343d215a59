package io.github.lstmhdl.alloc;

import io.github.lstmhdl.CompilationException;

/**
 * The network does not fit the processor's external memory. Carries the exact figures, so that a
 * build can say by how much to grow {@code memorySize} (what users of other memory planners asked
 * for), and a front end can treat it apart from an invalid network (the Maven plugin's
 * {@code failOnOverflow=false}).
 */
public class MemoryOverflowException extends CompilationException {
    private static final long serialVersionUID = 1L;

    private final long required;
    private final long available;

    /**
     * @param file      the network file, as the user named it
     * @param location  the region or buffer that did not fit; may be empty
     * @param reason    what did not fit, in the user's terms
     * @param required  the bytes the network needs
     * @param available the bytes the processor has
     */
    public MemoryOverflowException(String file, String location, String reason, long required, long available) {
        super(file, location, reason);
        if (required < 0 || available < 0) {
            throw new IllegalArgumentException("sizes must not be negative");
        }
        this.required = required;
        this.available = available;
    }

    /** The bytes the network needs. */
    public long required() {
        return required;
    }

    /** The bytes the processor's memory has. */
    public long available() {
        return available;
    }

    /** By how many bytes the memory is too small (0 when it is not). */
    public long excess() {
        return Math.max(0, required - available);
    }
}
