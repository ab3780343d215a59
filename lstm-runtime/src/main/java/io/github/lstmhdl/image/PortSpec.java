package io.github.lstmhdl.image;

import java.util.List;
import java.util.Objects;

/**
 * A graph input or output beyond the first, as the image's metadata describes it (docs/image-format.md,
 * "State ports"): a tensor of recurrent states whose area in the input or output region is the memory
 * symbol {@code symbol}. The area holds the tensor's pieces one after another, each {@code elements}
 * values; element j of a piece is the tensor's row-major element {@code offset + j × stride}. Before a
 * run the host gathers each state input's pieces into its area; after it, it scatters each state
 * output's area into its tensor.
 *
 * @param name   the tensor's name in the source model
 * @param symbol the memory symbol of its area ({@code input.NAME} or {@code output.NAME})
 * @param shape  the tensor's dimensions, as the source model declares them
 * @param pieces the states it holds, in the order of the area
 */
public record PortSpec(String name, String symbol, List<Integer> shape, List<Piece> pieces) {
    public PortSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(symbol, "symbol");
        shape = List.copyOf(shape);
        pieces = List.copyOf(pieces);
    }

    /**
     * One state in the tensor.
     *
     * @param offset   the tensor's flat element index of the state's element 0
     * @param stride   the distance between consecutive elements of the state in the tensor (at least 1)
     * @param elements the state's size H
     */
    public record Piece(long offset, long stride, int elements) {
    }

    /** The number of elements of the tensor (the product of {@link #shape()}). */
    public long tensorElements() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** The number of values of the area: the pieces' sizes together. */
    public long areaElements() {
        return pieces.stream().mapToLong(Piece::elements).sum();
    }

    /** The shape as text, such as {@code 1,2,128,2}. */
    public String shapeText() {
        return String.join(",", shape.stream().map(String::valueOf).toList());
    }
}
