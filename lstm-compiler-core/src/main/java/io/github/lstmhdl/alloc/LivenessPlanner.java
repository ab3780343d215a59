package io.github.lstmhdl.alloc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Places buffers in one memory area so that buffers live at the same time never overlap, reusing
 * the memory of dead buffers (TVM's greedy-by-size): unshareable buffers (states) first, each at an
 * address of its own; then the shareable ones from the largest down, each at the lowest aligned
 * offset that does not collide with an already placed buffer whose lifetime overlaps its own.
 */
public final class LivenessPlanner {
    private LivenessPlanner() {
    }

    /**
     * Plans the buffers.
     *
     * @param alignment every offset is a multiple of it (a power of two); sizes are rounded up to it
     */
    public static MemoryPlan plan(List<BufferRequest> requests, long alignment) {
        if (alignment < 1 || Long.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("alignment must be a power of two, not " + alignment);
        }
        long[] offsets = new long[requests.size()];
        long base = 0;
        long noReuse = 0;
        for (int i = 0; i < requests.size(); i++) {
            BufferRequest r = requests.get(i);
            noReuse += align(r.bytes(), alignment);
            if (!r.shareable()) {
                offsets[i] = base;
                base += align(r.bytes(), alignment);
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i).shareable()) {
                order.add(i);
            }
        }
        order.sort(Comparator.<Integer>comparingLong(i -> -requests.get(i).bytes())
                .thenComparingInt(i -> requests.get(i).first()).thenComparingInt(i -> i));
        long[] firsts = new long[requests.size()];
        long[] lasts = new long[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            firsts[i] = requests.get(i).first();
            lasts[i] = requests.get(i).last();
        }
        IntervalIndex placed = new IntervalIndex(firsts, lasts);
        long end = base;
        for (int i : order) {
            BufferRequest r = requests.get(i);
            long size = align(r.bytes(), alignment);
            List<Integer> conflicts = new ArrayList<>();
            placed.forEachMeeting(r.first(), r.last(), conflicts::add);
            conflicts.sort(Comparator.comparingLong(j -> offsets[j]));
            long candidate = base;
            for (int j : conflicts) {
                long jEnd = offsets[j] + align(requests.get(j).bytes(), alignment);
                if (offsets[j] >= candidate + size) {
                    break;
                }
                if (jEnd > candidate) {
                    candidate = jEnd;
                }
            }
            offsets[i] = candidate;
            placed.activate(i);
            end = Math.max(end, candidate + size);
        }
        List<MemoryPlan.Placement> placements = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            placements.add(new MemoryPlan.Placement(requests.get(i), offsets[i]));
        }
        return new MemoryPlan(placements, end, noReuse, lowerBound(requests, alignment, base), alignment);
    }

    /**
     * Unshared bytes plus the peak of the shareable bytes live at one position (the first position of a
     * shareable request), by one sweep over the requests sorted by their ends rather than a scan of all
     * requests per request.
     */
    static long lowerBound(List<BufferRequest> requests, long alignment, long unshared) {
        List<BufferRequest> shareable = requests.stream().filter(BufferRequest::shareable).toList();
        List<BufferRequest> byFirst = shareable.stream().sorted(Comparator.comparingInt(BufferRequest::first)).toList();
        List<BufferRequest> byLast = shareable.stream().sorted(Comparator.comparingInt(BufferRequest::last)).toList();
        long peak = 0;
        long live = 0;
        int started = 0;
        int ended = 0;
        for (BufferRequest at : byFirst) {
            int p = at.first();
            // live at p: every request with first <= p, less those with last < p
            while (started < byFirst.size() && byFirst.get(started).first() <= p) {
                live += align(byFirst.get(started++).bytes(), alignment);
            }
            while (ended < byLast.size() && byLast.get(ended).last() < p) {
                live -= align(byLast.get(ended++).bytes(), alignment);
            }
            peak = Math.max(peak, live);
        }
        return unshared + peak;
    }

    static long align(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }
}
