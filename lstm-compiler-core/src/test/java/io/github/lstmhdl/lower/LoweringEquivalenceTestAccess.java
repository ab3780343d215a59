package io.github.lstmhdl.lower;

/** Lets tests in other packages use the 1e-6 comparison. */
public final class LoweringEquivalenceTestAccess {
    private LoweringEquivalenceTestAccess() {
    }

    public static void assertClose(double[][] expected, double[][] actual, String what) {
        LoweringEquivalenceTest.assertClose(expected, actual, what);
    }
}
