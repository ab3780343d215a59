package io.github.lstmhdl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The deterministic sigmoid and tanh against StrictMath, on special values, and as a fixed bit pattern. */
class Float32MathTest {
    private static final float[] SPECIAL = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40f, -1e-40f, 1e-20f,
        0.17499f, 0.175f, -0.175f, 0.5f, -0.5f, 1f, -1f, 9f, -9f, 19.99f, 20.01f, -20.01f, 103.9f, -103.9f, 104.1f,
        -104.1f, 1e30f, -1e30f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY};

    private static float strictSigmoid(float x) {
        return (float) (1.0 / (1.0 + StrictMath.exp(-(double) x)));
    }

    private static int ulps(float a, float b) {
        return Math.abs(Float.floatToIntBits(a) - Float.floatToIntBits(b));
    }

    private static float sample(SplittableRandom rnd, int i) {
        return switch (i % 3) {
            case 0 -> (float) (rnd.nextGaussian() * 5);
            case 1 -> (float) (rnd.nextDouble() * 0.5 - 0.25);
            default -> Float.intBitsToFloat(rnd.nextInt());
        };
    }

    @Test
    void withinOneUlpOfStrictMathAndMostlyEqual() {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 300_000;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = sample(rnd, i);
        }
        float[] sig = new float[n];
        float[] tanh = new float[n];
        double[] work = new double[257];
        Float32Math.sigmoid(x, 0, sig, 0, n, work);
        Float32Math.tanh(x, 0, tanh, 0, n, work);
        int differ = 0;
        for (int i = 0; i < n; i++) {
            if (Float.isNaN(x[i])) {
                assertTrue(Float.isNaN(sig[i]) && Float.isNaN(tanh[i]), "NaN in, NaN out");
                continue;
            }
            int ds = ulps(sig[i], strictSigmoid(x[i]));
            int dt = ulps(tanh[i], (float) StrictMath.tanh(x[i]));
            assertTrue(ds <= 1, "sigmoid(" + x[i] + ") = " + sig[i] + " vs " + strictSigmoid(x[i]));
            assertTrue(dt <= 1, "tanh(" + x[i] + ") = " + tanh[i] + " vs " + StrictMath.tanh(x[i]));
            assertEquals(Float32Math.sigmoid(x[i]), sig[i], 0f, "scalar and bulk sigmoid");
            assertEquals(Float32Math.tanh(x[i]), tanh[i], 0f, "scalar and bulk tanh");
            differ += (ds == 0 ? 0 : 1) + (dt == 0 ? 0 : 1);
        }
        assertTrue(differ < n / 1000, differ + " results differ from StrictMath by one ulp");
    }

    @Test
    void specialValues() {
        for (float x : SPECIAL) {
            assertEquals(strictSigmoid(x), Float32Math.sigmoid(x), 0f, "sigmoid(" + x + ")");
            assertEquals(Float.floatToRawIntBits((float) StrictMath.tanh(x)),
                    Float.floatToRawIntBits(Float32Math.tanh(x)), "tanh(" + x + ")");
        }
        assertTrue(Float.isNaN(Float32Math.sigmoid(Float.NaN)));
        assertTrue(Float.isNaN(Float32Math.tanh(Float.NaN)));
    }

    /**
     * A hash of the bits of 100,000 results, fixed here: it changes if the arithmetic of the functions
     * changes or if some JVM or machine evaluated them differently.
     */
    @Test
    void bitsAreFixed() {
        SplittableRandom rnd = new SplittableRandom(5);
        long hash = 17;
        for (int i = 0; i < 100_000; i++) {
            float x = sample(rnd, i);
            hash = hash * 31 + Float.floatToRawIntBits(Float32Math.sigmoid(x));
            hash = hash * 31 + Float.floatToRawIntBits(Float32Math.tanh(x));
        }
        assertEquals(GOLDEN_HASH, hash);
    }

    private static final long GOLDEN_HASH = -6934972910289716428L;
}
