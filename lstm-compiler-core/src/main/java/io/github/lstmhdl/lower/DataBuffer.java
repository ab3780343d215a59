package io.github.lstmhdl.lower;

import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.memory.SymbolKind;
import java.util.Objects;

/**
 * A storage unit that holds run-time data: the input and output regions, an LSTM state (never
 * shared), or an intermediate buffer that the liveness planner may overlap with others.
 *
 * @param name     unit name, such as {@code lstm_1.c} or {@code lstm_1.out}; the input and output
 *                 units carry the regions' toolbox names
 * @param kind     {@link SymbolKind#STATE}, {@link SymbolKind#BUFFER} or {@link SymbolKind#REGION}
 * @param region   where it lives
 * @param elements its size in elements
 */
public record DataBuffer(String name, SymbolKind kind, RegionKind region, long elements) {
    public DataBuffer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(region, "region");
        if (elements < 0) {
            throw new IllegalArgumentException(name + ": negative size");
        }
    }

    /** Whether the planner may place it over another buffer whose lifetime does not overlap. */
    public boolean shareable() {
        return kind == SymbolKind.BUFFER;
    }
}
