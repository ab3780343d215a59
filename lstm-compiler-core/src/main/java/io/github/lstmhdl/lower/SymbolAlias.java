package io.github.lstmhdl.lower;

import io.github.lstmhdl.memory.SymbolKind;
import java.util.Objects;

/**
 * A named view into a storage unit that gets a memory-map symbol of its own: a gate's weights and
 * bias inside a fused block ({@code lstm_1.wf.weights}).
 *
 * @param name          symbol name
 * @param kind          what it holds
 * @param unit          the unit it lies in
 * @param elementOffset elements from the unit's start
 * @param elements      its size in elements
 */
public record SymbolAlias(String name, SymbolKind kind, String unit, long elementOffset, long elements) {
    public SymbolAlias {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(unit, "unit");
    }
}
