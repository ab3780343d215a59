package io.github.lstmhdl.alloc;

import java.util.Objects;

/**
 * A buffer that the liveness planner must place.
 *
 * @param name      the buffer's name
 * @param bytes     its size
 * @param first     the first program position at which it is live
 * @param last      the last program position at which it is live (≥ first); a buffer used inside a
 *                  loop is live over the loop's whole span
 * @param shareable whether it may overlap buffers whose lifetimes do not overlap its own (false for
 *                  LSTM states, which persist across steps and runs)
 */
public record BufferRequest(String name, long bytes, int first, int last, boolean shareable) {
    public BufferRequest {
        Objects.requireNonNull(name, "name");
        if (bytes < 0 || first < 0 || last < first) {
            throw new IllegalArgumentException(name + ": bad size or interval [" + first + ", " + last + "]");
        }
    }

    /** Whether the two lifetimes overlap. */
    public boolean overlaps(BufferRequest other) {
        return first <= other.last && other.first <= last;
    }
}
