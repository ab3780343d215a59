package io.github.lstmhdl.ptq;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What an int8 compile takes besides the processor configuration: where its calibration samples are, and
 * how large an error it accepts. Float32 compiles ignore both.
 *
 * @param calibration          the folder of the calibration samples ({@code *.npy}, {@link Calibration#load})
 * @param maxQuantizationError the largest accepted max |int8 − float| of the outputs on the calibration
 *                             samples, relative to the float outputs' range (0.05 = 5%); a worse int8 network
 *                             fails the compile
 */
public record QuantizationOptions(Optional<Path> calibration, OptionalDouble maxQuantizationError) {
    /** No calibration, no limit. */
    public static final QuantizationOptions NONE = new QuantizationOptions(Optional.empty(), OptionalDouble.empty());

    public QuantizationOptions {
        Objects.requireNonNull(calibration, "calibration");
        Objects.requireNonNull(maxQuantizationError, "maxQuantizationError");
        if (maxQuantizationError.isPresent() && !(maxQuantizationError.getAsDouble() >= 0)) {
            throw new IllegalArgumentException("maxQuantizationError must be a non-negative fraction of the output"
                    + " range, not " + maxQuantizationError.getAsDouble());
        }
    }

    /** Parses a user's maxQuantizationError: a fraction ({@code 0.05}) or a percentage ({@code 5%}). */
    public static double parseMaxError(String text) {
        String t = text.trim();
        try {
            double v = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1).trim()) / 100
                    : Double.parseDouble(t);
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("maxQuantizationError '" + text + "' is not a non-negative fraction"
                    + " of the output range (such as 0.05 or 5%)");
        }
    }
}
