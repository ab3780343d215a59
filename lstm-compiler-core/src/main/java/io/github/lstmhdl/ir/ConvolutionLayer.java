package io.github.lstmhdl.ir;

import java.util.Objects;

/**
 * A 1-D convolution over time (ONNX {@code Conv} with a 1-D kernel): output frame j is
 * {@code y[j] = b + Σ_k W[:, :, k] · x̃[j·stride + k·dilation]}, where x̃ is the input sequence with
 * {@code padBefore} frames in front and {@code padAfter} frames behind it, filled as {@code padMode}
 * says ({@link WindowedLayer}). The features of a frame are the convolution's channels.
 *
 * @param weights   [outputChannels, inputChannels, kernel] (ONNX's layout)
 * @param bias      [outputChannels]
 * @param padValue  the value of the padding frames' elements for {@link PadMode#CONSTANT}
 */
public record ConvolutionLayer(String name, String origin, FloatTensor weights, FloatTensor bias, int stride,
        int dilation, int padBefore, int padAfter, PadMode padMode, float padValue) implements WindowedLayer {

    /** How the padding frames are filled (ONNX {@code Pad}'s modes on the time axis). */
    public enum PadMode {
        /** Every element is the pad value (0 for a Conv's own {@code pads}). */
        CONSTANT,
        /** Frame −i is frame i and frame L − 1 + i is frame L − 1 − i (the edge frame is not repeated). */
        REFLECT
    }

    public ConvolutionLayer {
        Network.requireName(name);
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(bias, "bias");
        if (weights.rank() != 3 || weights.dim(0) < 1 || weights.dim(1) < 1 || weights.dim(2) < 1) {
            throw new IllegalArgumentException(name + ": weights must be a non-empty [out, in, kernel] tensor, not "
                    + weights);
        }
        if (bias.rank() != 1 || bias.dim(0) != weights.dim(0)) {
            throw new IllegalArgumentException(name + ": bias " + bias + " does not match weights " + weights);
        }
        WindowedLayer.requireWindow(name, weights.dim(2), stride, dilation, padBefore, padAfter, padMode, padValue);
    }

    /** The kernel's extent in frames, K. */
    @Override
    public int kernelSize() {
        return weights.dim(2);
    }

    @Override
    public int inputSize() {
        return weights.dim(1);
    }

    @Override
    public int outputSize() {
        return weights.dim(0);
    }

    @Override
    public String typeName() {
        return "Convolution 1-D";
    }

    @Override
    public String description() {
        return outputSize() + " filters of " + kernelSize() + " steps (stride " + stride + ", dilation " + dilation
                + ", padding " + padBefore + "+" + padAfter + (padMode == PadMode.REFLECT ? " reflect" : "") + ")";
    }

    @Override
    public String namePrefix() {
        return "conv";
    }

    @Override
    public ConvolutionLayer withName(String newName) {
        return new ConvolutionLayer(newName, origin, weights, bias, stride, dilation, padBefore, padAfter, padMode,
                padValue);
    }

    @Override
    public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
        return cases.convolution(this);
    }
}
