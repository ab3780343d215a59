package io.github.lstmhdl.ir;

/**
 * A layer that slides a window of frames over time: output frame j is computed from the frames
 * j·stride + k·dilation (k = 0 … K − 1) of the input with {@code padBefore} frames in front and
 * {@code padAfter} behind it, filled as {@link #padMode()} says. It changes the sequence length
 * ({@link #outputLength}), so a network with one is compiled for one fixed sequence length.
 */
public sealed interface WindowedLayer extends Layer permits ConvolutionLayer, MaxPoolLayer {

    /** The kernel's extent in frames, K. */
    int kernelSize();

    int stride();

    int dilation();

    int padBefore();

    int padAfter();

    ConvolutionLayer.PadMode padMode();

    /** The value of the padding frames' elements for {@link ConvolutionLayer.PadMode#CONSTANT}. */
    float padValue();

    /** The frames one output frame spans in the padded input: dilation × (K − 1) + 1. */
    default long span() {
        return (long) dilation() * (kernelSize() - 1) + 1;
    }

    /**
     * The output sequence length for an input of {@code inputLength} frames:
     * ⌊(L + padBefore + padAfter − span) / stride⌋ + 1, or 0 when the padded input is shorter than the
     * kernel's span.
     */
    default long outputLength(long inputLength) {
        long padded = inputLength + padBefore() + padAfter();
        return padded < span() ? 0 : (padded - span()) / stride() + 1;
    }

    /**
     * Why the layer cannot run on an input of {@code inputLength} frames, or null when it can: the
     * padded input must hold the kernel's span, and reflect padding needs more frames than it pads.
     */
    default String lengthProblem(long inputLength) {
        if (outputLength(inputLength) < 1) {
            return "the input of " + inputLength + " steps, padded by " + padBefore() + " + " + padAfter()
                    + ", is shorter than the kernel's span of " + span() + " steps";
        }
        if (padMode() == ConvolutionLayer.PadMode.REFLECT && Math.max(padBefore(), padAfter()) >= inputLength) {
            return "reflect padding of " + Math.max(padBefore(), padAfter()) + " steps needs an input longer than"
                    + " that, not " + inputLength + " steps";
        }
        return null;
    }

    /** Checks the window's fields (as each kind's constructor does). */
    static void requireWindow(String name, int kernelSize, int stride, int dilation, int padBefore, int padAfter,
            ConvolutionLayer.PadMode padMode, float padValue) {
        java.util.Objects.requireNonNull(padMode, "padMode");
        Network.requirePositive(kernelSize, "kernel size of " + name);
        Network.requirePositive(stride, "stride of " + name);
        Network.requirePositive(dilation, "dilation of " + name);
        if (padBefore < 0 || padAfter < 0) {
            throw new IllegalArgumentException(name + ": pads " + padBefore + ", " + padAfter + " must not be negative");
        }
        if (!Float.isFinite(padValue)) {
            throw new IllegalArgumentException(name + ": the pad value " + padValue + " is not finite");
        }
    }
}
