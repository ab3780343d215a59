package io.github.lstmhdl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.layout.Axis;
import java.util.List;

/**
 * Compares a runtime's output tensor (shaped as the network's output axes say) with the reference
 * rows of one batch entry: [T][K] for a sequence output, [1][K] otherwise.
 */
public final class OutputComparison {
    private OutputComparison() {
    }

    /**
     * Asserts that every element of {@code data} (shape {@code shape}) whose BATCH index is {@code batch}
     * equals the reference within {@code tolerance}; returns the largest difference.
     */
    public static double assertMatches(Network network, float[] data, long[] shape, int batch, double[][] ref,
            double tolerance) {
        List<Axis> axes = network.output().axes();
        assertEquals(axes.size(), shape.length, "output rank vs axes " + axes);
        int featureAxis = axes.indexOf(Axis.FEATURE);
        long featureDim = shape[featureAxis];
        int[] idx = new int[shape.length];
        double worst = 0;
        int compared = 0;
        for (int p = 0; p < data.length; p++) {
            int t = 0;
            int d = 0;
            int b = 0;
            int j = 0;
            for (int a = 0; a < axes.size(); a++) {
                switch (axes.get(a)) {
                    case TIME -> t = idx[a];
                    case DIRECTION -> d = idx[a];
                    case BATCH -> b = idx[a];
                    case FEATURE -> j = idx[a];
                    case UNIT -> assertEquals(0, idx[a]);
                }
            }
            if (b == batch) {
                double expected = ref[t][(int) (d * featureDim + j)];
                double diff = Math.abs(expected - data[p]);
                worst = Math.max(worst, diff);
                assertTrue(diff <= tolerance, "element " + p + " (t=" + t + ", d=" + d + ", j=" + j + "): runtime "
                        + data[p] + " vs reference " + expected);
                compared++;
            }
            for (int a = shape.length - 1; a >= 0; a--) {
                if (++idx[a] < shape[a]) {
                    break;
                }
                idx[a] = 0;
            }
        }
        int expectedCount = ref.length * ref[0].length;
        assertEquals(expectedCount, compared, "compared element count");
        return worst;
    }

    /** Extracts batch entry {@code batch} of an input laid out by {@code axes} into [T][D]. */
    public static float[][] sequence(List<Axis> axes, float[] data, long[] shape, int batch) {
        int ti = axes.indexOf(Axis.TIME);
        int fi = axes.indexOf(Axis.FEATURE);
        int bi = axes.indexOf(Axis.BATCH);
        float[][] out = new float[(int) shape[ti]][(int) shape[fi]];
        int[] idx = new int[shape.length];
        for (int p = 0; p < data.length; p++) {
            if (bi < 0 || idx[bi] == batch) {
                out[idx[ti]][idx[fi]] = data[p];
            }
            for (int a = shape.length - 1; a >= 0; a--) {
                if (++idx[a] < shape[a]) {
                    break;
                }
                idx[a] = 0;
            }
        }
        return out;
    }
}
