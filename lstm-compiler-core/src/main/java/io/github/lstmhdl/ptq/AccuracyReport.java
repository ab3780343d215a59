package io.github.lstmhdl.ptq;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * How far the int8 network's outputs are from the float network's on the calibration inputs: the
 * largest absolute error, the root mean square error, both also relative to the float outputs' range
 * (max − min), and for a classifier (a softmax head) the share of output vectors whose largest element
 * (top-1 class) is the same.
 *
 * @param samples       the calibration samples compared
 * @param values        the output values compared
 * @param maxAbsError   max |int8 − float|
 * @param rmsError      sqrt(mean (int8 − float)²)
 * @param outputRange   max − min of the float outputs
 * @param top1Agreement for a softmax head, the fraction of vectors with the same argmax
 */
public record AccuracyReport(int samples, long values, double maxAbsError, double rmsError, double outputRange,
        OptionalDouble top1Agreement) {

    /**
     * Compares outputs vector by vector.
     *
     * @param reference  per sample, the float network's output vectors
     * @param quantized  per sample, the int8 network's (dequantized) output, vectors of {@code features}
     * @param features   the output vector's length
     * @param classifier whether the network ends in a softmax (top-1 is reported)
     */
    static AccuracyReport compare(List<double[][]> reference, List<float[]> quantized, int features,
            boolean classifier) {
        double max = 0;
        double sumSq = 0;
        long count = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        long vectors = 0;
        long agree = 0;
        for (int s = 0; s < reference.size(); s++) {
            double[][] ref = reference.get(s);
            float[] q = quantized.get(s);
            for (int t = 0; t < ref.length; t++) {
                int best = 0;
                int bestQ = 0;
                for (int j = 0; j < features; j++) {
                    double e = Math.abs(q[t * features + j] - ref[t][j]);
                    max = Math.max(max, e);
                    sumSq += e * e;
                    count++;
                    lo = Math.min(lo, ref[t][j]);
                    hi = Math.max(hi, ref[t][j]);
                    best = ref[t][j] > ref[t][best] ? j : best;
                    bestQ = q[t * features + j] > q[t * features + bestQ] ? j : bestQ;
                }
                vectors++;
                agree += best == bestQ ? 1 : 0;
            }
        }
        return new AccuracyReport(reference.size(), count, max, Math.sqrt(sumSq / Math.max(1, count)),
                Math.max(0, hi - lo), classifier ? OptionalDouble.of((double) agree / vectors) : OptionalDouble.empty());
    }

    /** The log line: {@code ### Quantization accuracy on N calibration samples: ...}. */
    public String logLine() {
        String line = String.format(Locale.ROOT, "### Quantization accuracy on %d calibration samples (%d output"
                + " values, int8 vs float): max |error| %.6g (%.3g%% of the output range %.6g), RMS error %.6g",
                samples, values, maxAbsError, outputRange > 0 ? 100 * maxAbsError / outputRange : 0, outputRange,
                rmsError);
        if (top1Agreement.isPresent()) {
            line += String.format(Locale.ROOT, ", top-1 agreement %.2f%%", 100 * top1Agreement.getAsDouble());
        }
        return line + ".";
    }
}
