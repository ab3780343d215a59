package io.github.lstmhdl.image;

import java.util.Objects;

/**
 * A graph output on the data path beyond the main one, as the image's metadata describes it
 * (docs/image-format.md, "Outputs of earlier layers"): the output of a layer before the last, laid out
 * in its area {@code symbol} in the output region as the main output is at OutputResultOffset ((sequence
 * ? T : 1) rows of {@code tensor.featureSize()} values), returned in {@code tensor}'s axes.
 *
 * @param symbol the memory symbol of its area ({@code output.NAME})
 * @param tensor the tensor, described as the main output is
 */
public record LayerOutputSpec(String symbol, ImageMetadata.TensorSpec tensor) {
    public LayerOutputSpec {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(tensor, "tensor");
    }
}
