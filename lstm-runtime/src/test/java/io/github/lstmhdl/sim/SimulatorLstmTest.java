package io.github.lstmhdl.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A hand-assembled one-layer LSTM against a float64 reference, over runs with and without reset. */
class SimulatorLstmTest {

    private static float[] input(int steps, int d, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[steps * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-6, what + ", element " + i);
        }
    }

    @ParameterizedTest(name = "D={0} H={1} reverse={2} last={3} split={4}")
    @CsvSource({
        "1, 1, false, false, false",
        "5, 7, false, false, false",
        "5, 7, true, false, false",
        "5, 7, false, true, true",
        "5, 7, true, true, false",
        "16, 32, false, false, true",
        "33, 20, true, false, true",
        "64, 48, false, true, false",
    })
    void matchesTheFloat64Reference(int d, int h, boolean reverse, boolean lastOnly, boolean split) throws Exception {
        LstmProgram lstm = new LstmProgram(d, h, 20, reverse, lastOnly, split, 1000L * d + h);
        Simulator sim = Simulator.load(lstm.image.image(lstm.program));

        float[] x1 = input(20, d, 1);
        double[] hs = lstm.initialH();
        double[] cs = new double[h];
        assertClose(lstm.reference(x1, 20, hs, cs), sim.predict(x1, 20), "run 1");

        float[] x2 = input(7, d, 2);
        assertClose(lstm.reference(x2, 7, hs, cs), sim.predictAndUpdateState(x2, 7), "run 2, state kept");

        float[] x3 = input(3, d, 3);
        assertClose(lstm.reference(x3, 3, lstm.initialH(), new double[h]), sim.predict(x3, 3), "run 3, reset");
    }

    @ParameterizedTest(name = "reverse={0}")
    @CsvSource({"false", "true"})
    void fusedAndSplitGateProgramsAgreeClosely(boolean reverse) throws Exception {
        int d = 24;
        int h = 40;
        LstmProgram fused = new LstmProgram(d, h, 10, reverse, false, false, 7);
        LstmProgram split = new LstmProgram(d, h, 10, reverse, false, true, 7);
        float[] x = input(10, d, 4);
        float[] a = Simulator.load(fused.image.image(fused.program)).predict(x, 10);
        float[] b = Simulator.load(split.image.image(split.program)).predict(x, 10);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-6);
        }
        // deterministic: a second simulator gives the same bits
        assertArrayEquals(a, Simulator.load(fused.image.image(fused.program)).predict(x, 10));
    }
}
