package io.github.lstmhdl.lower;

import java.util.Objects;

/**
 * A symbolic memory operand before addresses exist: a storage unit, an element offset into it, and
 * an element stride per time step (0 for a fixed place).
 *
 * @param unit          the storage unit's name; empty for no operand
 * @param elementOffset elements from the unit's start
 * @param elementStride elements added per time step t
 */
public record SymOperand(String unit, long elementOffset, int elementStride) {

    /** No operand. */
    public static final SymOperand NONE = new SymOperand("", 0, 0);

    public SymOperand {
        Objects.requireNonNull(unit, "unit");
        if (elementOffset < 0) {
            throw new IllegalArgumentException("negative element offset");
        }
    }

    /** A fixed place in a unit. */
    public static SymOperand at(String unit, long elementOffset) {
        return new SymOperand(unit, elementOffset, 0);
    }

    /** Whether this is {@link #NONE}. */
    public boolean isNone() {
        return unit.isEmpty();
    }

    /** The same unit, {@code elements} further on. */
    public SymOperand plus(long elements) {
        return isNone() ? this : new SymOperand(unit, elementOffset + elements, elementStride);
    }

    @Override
    public String toString() {
        if (isNone()) {
            return "-";
        }
        return unit + "[" + elementOffset + (elementStride != 0 ? (elementStride > 0 ? "+" : "") + elementStride + "*t" : "")
                + "]";
    }
}
