package io.github.lstmhdl.image.writer;

import io.github.lstmhdl.quant.Int8Boundary;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What the generated constants and the JSON map say about an int8 network's quantization: the input's
 * and output's scale and zero point (the image's boundary record, docs/image-format.md) and the accuracy
 * of the int8 network against the float network on the calibration samples.
 *
 * @param boundary      the scales and zero points
 * @param samples       the calibration samples compared
 * @param maxAbsError   max |int8 − float| of the outputs
 * @param rmsError      their root mean square error
 * @param outputRange   max − min of the float outputs
 * @param top1Agreement for a softmax head, the fraction of output vectors with the same top-1 class
 */
public record QuantizationSummary(Int8Boundary boundary, int samples, double maxAbsError, double rmsError,
        double outputRange, OptionalDouble top1Agreement) {

    public QuantizationSummary {
        Objects.requireNonNull(boundary, "boundary");
        Objects.requireNonNull(top1Agreement, "top1Agreement");
    }
}
