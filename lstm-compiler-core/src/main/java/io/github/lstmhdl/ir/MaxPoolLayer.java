package io.github.lstmhdl.ir;

import java.util.Objects;

/**
 * Max pooling over time (ONNX {@code MaxPool} with a 1-D kernel): output frame j is, feature by
 * feature, the largest of the K frames j·stride + k·dilation of the padded input ({@link WindowedLayer}).
 * The features keep their count; only the sequence length changes.
 *
 * @param size the features of a frame (the channels)
 */
public record MaxPoolLayer(String name, String origin, int size, int kernelSize, int stride, int dilation,
        int padBefore, int padAfter, ConvolutionLayer.PadMode padMode, float padValue) implements WindowedLayer {

    public MaxPoolLayer {
        Network.requireName(name);
        Objects.requireNonNull(origin, "origin");
        Network.requirePositive(size, "size of " + name);
        WindowedLayer.requireWindow(name, kernelSize, stride, dilation, padBefore, padAfter, padMode, padValue);
        if (kernelSize > MAX_KERNEL) {
            throw new IllegalArgumentException(name + ": a max-pooling window of " + kernelSize + " steps is more than "
                    + MAX_KERNEL + " (the program has one MAX per step of the window)");
        }
    }

    /** The largest window: the program holds K − 1 MAX instructions per layer. */
    public static final int MAX_KERNEL = 65536;

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public String typeName() {
        return "Max Pooling 1-D";
    }

    @Override
    public String description() {
        return "maximum of " + kernelSize + " steps (stride " + stride + ", dilation " + dilation + ", padding "
                + padBefore + "+" + padAfter + (padMode == ConvolutionLayer.PadMode.REFLECT ? " reflect" : "") + ")";
    }

    @Override
    public String namePrefix() {
        return "maxpool";
    }

    @Override
    public MaxPoolLayer withName(String newName) {
        return new MaxPoolLayer(newName, origin, size, kernelSize, stride, dilation, padBefore, padAfter, padMode,
                padValue);
    }

    @Override
    public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
        return cases.maxPool(this);
    }
}
