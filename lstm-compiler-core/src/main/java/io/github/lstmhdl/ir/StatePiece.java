package io.github.lstmhdl.ir;

import java.util.Objects;

/**
 * Where one state vector of H elements sits in a graph tensor of a {@link StatePort}: element j of the
 * state (0 ≤ j &lt; H) is the tensor's element {@code offset + j × stride} in row-major order. A packed
 * state tensor such as DTLN's [1, 2, 128, 2] (layer, h, state kind) holds four pieces of stride 2;
 * Silero's [2, 1, 128] (h then c) two pieces of stride 1.
 *
 * @param state  which state
 * @param offset the tensor's flat element index of the state's element 0
 * @param stride the distance in elements between consecutive state elements (at least 1)
 */
public record StatePiece(StateRef state, long offset, long stride) {
    public StatePiece {
        Objects.requireNonNull(state, "state");
        if (offset < 0 || stride < 1) {
            throw new IllegalArgumentException("a state piece needs an offset of at least 0 and a stride of at"
                    + " least 1, not " + offset + " and " + stride);
        }
    }
}
