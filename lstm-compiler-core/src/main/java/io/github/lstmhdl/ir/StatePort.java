package io.github.lstmhdl.ir;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A graph input or output that carries recurrent states, as streaming exports write them: one tensor
 * whose elements are the initial states (an input) or the final states (an output) of some recurrent
 * directions, each state a {@link StatePiece}. An output's pieces cover each of its elements exactly once;
 * an input's pieces may leave elements unread.
 *
 * @param name   the tensor's name in the source model
 * @param shape  its dimensions, as the source model declares them
 * @param pieces the states it holds, in the order the host copies them (the order of their places in the
 *               input or output region)
 */
public record StatePort(String name, int[] shape, List<StatePiece> pieces) {
    public StatePort {
        Objects.requireNonNull(name, "name");
        shape = shape.clone();
        pieces = List.copyOf(pieces);
        if (pieces.isEmpty()) {
            throw new IllegalArgumentException("state port '" + name + "' holds no state");
        }
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("state port '" + name + "' has the shape " + Arrays.toString(shape)
                        + "; every dimension must be fixed and positive");
            }
        }
    }

    /** The dimensions (a copy). */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The number of elements of the tensor. */
    public long elements() {
        return Sizes.product(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatePort p && p.name.equals(name) && Arrays.equals(p.shape, shape) && p.pieces.equals(pieces);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), pieces);
    }

    @Override
    public String toString() {
        return "StatePort[" + name + " " + Arrays.toString(shape) + ", " + pieces + "]";
    }
}
