package io.github.lstmhdl.alloc;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * A fixed set of closed intervals [low, high], known in advance and each switched on when it is placed,
 * that reports the switched-on intervals meeting a query interval in O(log n + k·log n). It makes
 * planning and naming n buffers n·log n instead of n² (each buffer used to be compared with every
 * other), while reporting exactly the same intervals as a scan would.
 *
 * <p>The intervals are kept sorted by low end; a segment tree over that order holds the largest high
 * end of the switched-on intervals in each node, so a query visits only the nodes whose intervals start
 * early enough and reach far enough.
 */
final class IntervalIndex {
    private static final long OFF = Long.MIN_VALUE;

    private final long[] lows;
    private final long[] highs;
    /** sorted[i]: the caller's index of the i-th interval by low end. */
    private final int[] sorted;
    /** position[id]: where interval id is in {@link #sorted}. */
    private final int[] position;
    private final int leaves;
    private final long[] maxHigh;

    /** Interval {@code i} is [{@code low[i]}, {@code high[i]}]; all start switched off. */
    IntervalIndex(long[] low, long[] high) {
        if (low.length != high.length) {
            throw new IllegalArgumentException("low and high ends differ in number");
        }
        int n = low.length;
        sorted = IntStream.range(0, n).boxed().sorted(Comparator.comparingLong(i -> low[i]))
                .mapToInt(Integer::intValue).toArray();
        position = new int[n];
        lows = new long[n];
        highs = new long[n];
        for (int p = 0; p < n; p++) {
            position[sorted[p]] = p;
            lows[p] = low[sorted[p]];
            highs[p] = high[sorted[p]];
        }
        leaves = Integer.highestOneBit(Math.max(1, n - 1)) << 1;
        maxHigh = new long[2 * leaves];
        Arrays.fill(maxHigh, OFF);
    }

    /** Switches interval {@code id} on. */
    void activate(int id) {
        int node = leaves + position[id];
        maxHigh[node] = highs[position[id]];
        for (node >>= 1; node >= 1; node >>= 1) {
            maxHigh[node] = Math.max(maxHigh[2 * node], maxHigh[2 * node + 1]);
        }
    }

    /** Calls {@code action} with the index of every switched-on interval that meets [lo, hi]. */
    void forEachMeeting(long lo, long hi, IntConsumer action) {
        int end = upperBound(hi); // intervals [0, end) start at or before hi
        if (end == 0) {
            return;
        }
        // an explicit stack of nodes: the depth is log n, but no recursion is needed at all
        int[] stack = new int[64];
        int top = 0;
        stack[top++] = 1;
        while (top > 0) {
            int node = stack[--top];
            if (maxHigh[node] < lo) {
                continue;
            }
            int level = 31 - Integer.numberOfLeadingZeros(node);
            int width = leaves >> level;
            int first = (node - (1 << level)) * width;
            if (first >= end) {
                continue;
            }
            if (node >= leaves) {
                action.accept(sorted[node - leaves]);
                continue;
            }
            stack[top++] = 2 * node + 1;
            stack[top++] = 2 * node;
        }
    }

    private int upperBound(long value) {
        int a = 0;
        int b = lows.length;
        while (a < b) {
            int m = (a + b) >>> 1;
            if (lows[m] <= value) {
                a = m + 1;
            } else {
                b = m;
            }
        }
        return a;
    }
}
