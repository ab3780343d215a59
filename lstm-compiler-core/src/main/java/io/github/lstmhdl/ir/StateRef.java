package io.github.lstmhdl.ir;

import java.util.Objects;

/**
 * One state of one direction of a recurrent layer: the layer by its position in
 * {@link Network#layers()} (positions survive the importers' renaming of layers), the direction (0, or 1
 * for the backward direction of a bidirectional layer) and which state.
 *
 * @param layer     the layer's index in the network, from 0
 * @param direction the direction, 0 or 1
 * @param kind      the hidden or the cell state
 */
public record StateRef(int layer, int direction, StateKind kind) {
    public StateRef {
        Objects.requireNonNull(kind, "kind");
        if (layer < 0 || direction < 0 || direction > 1) {
            throw new IllegalArgumentException("state of layer " + layer + ", direction " + direction
                    + ": the layer index must not be negative and the direction must be 0 or 1");
        }
    }
}
