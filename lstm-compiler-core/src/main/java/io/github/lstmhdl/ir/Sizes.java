package io.github.lstmhdl.ir;

/**
 * Exact arithmetic for element counts computed from untrusted dimensions (a model file declares them):
 * a product that does not fit a long saturates at {@link Long#MAX_VALUE} instead of wrapping, so that
 * a comparison with a limit that follows still rejects it. A wrapped product once let a hidden size of
 * 2^62 + 4 pass as 16 elements.
 */
public final class Sizes {
    private Sizes() {
    }

    /**
     * {@code a × b} for non-negative factors, or {@link Long#MAX_VALUE} when the product does not fit.
     *
     * @throws IllegalArgumentException when a factor is negative (callers reject negative dimensions first)
     */
    public static long times(long a, long b) {
        if (a < 0 || b < 0) {
            throw new IllegalArgumentException("negative size factor " + (a < 0 ? a : b));
        }
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }

    /** The product of {@code dims} (each non-negative), saturating like {@link #times}. */
    public static long product(int... dims) {
        long n = 1;
        for (int d : dims) {
            n = times(n, d);
        }
        return n;
    }
}
