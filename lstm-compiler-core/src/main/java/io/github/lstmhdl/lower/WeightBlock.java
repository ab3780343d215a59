package io.github.lstmhdl.lower;

import io.github.lstmhdl.memory.SymbolKind;
import java.util.Objects;

/**
 * A storage unit in the FC weight region: a component's (or a fused gate block's) weight matrix with
 * rows padded to the FC thread count, a bias vector, peepholes or an initial state.
 *
 * @param name     unit name, such as {@code fc_1.weights} or {@code lstm_1.gates.weights}
 * @param kind     WEIGHTS, BIAS, PEEPHOLE or INITIAL_STATE
 * @param elements element count (including padding rows)
 * @param source   the elements, streamed from the network's tensors
 */
public record WeightBlock(String name, SymbolKind kind, long elements, WeightSource source) {
    public WeightBlock {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        if (elements < 0) {
            throw new IllegalArgumentException(name + ": negative size");
        }
    }
}
