package io.github.lstmhdl.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LivenessPlannerTest {

    @Test
    void randomGraphsNeverOverlapLiveBuffers() {
        Random random = new Random(12345);
        for (int graph = 0; graph < 500; graph++) {
            int n = 1 + random.nextInt(40);
            long alignment = 1L << random.nextInt(8);
            List<BufferRequest> requests = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int first = random.nextInt(60);
                int last = first + random.nextInt(20);
                long bytes = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(5000);
                requests.add(new BufferRequest("b" + i, bytes, first, last, random.nextInt(5) != 0));
            }
            MemoryPlan plan = LivenessPlanner.plan(requests, alignment);
            List<MemoryPlan.Placement> p = plan.placements();
            long noReuse = 0;
            long maxEnd = 0;
            for (int i = 0; i < n; i++) {
                MemoryPlan.Placement a = p.get(i);
                assertEquals(requests.get(i), a.request());
                assertEquals(0, a.offset() % alignment, "aligned offset");
                noReuse += LivenessPlanner.align(a.request().bytes(), alignment);
                maxEnd = Math.max(maxEnd, a.end());
                for (int j = i + 1; j < n; j++) {
                    MemoryPlan.Placement b = p.get(j);
                    boolean mustBeDisjoint = a.request().overlaps(b.request()) || !a.request().shareable()
                            || !b.request().shareable();
                    if (mustBeDisjoint && a.request().bytes() > 0 && b.request().bytes() > 0) {
                        assertTrue(a.end() <= b.offset() || b.end() <= a.offset(),
                                "graph " + graph + ": " + a + " overlaps " + b);
                    }
                }
            }
            assertEquals(noReuse, plan.noReuseSize());
            assertTrue(maxEnd <= plan.plannedSize());
            assertTrue(plan.plannedSize() >= plan.lowerBound(), "planned below the lower bound");
            assertTrue(plan.plannedSize() <= plan.noReuseSize(), "planned above no reuse");
        }
    }

    @Test
    void sequentialBuffersShareAndStatesDoNot() {
        List<BufferRequest> requests = List.of(
                new BufferRequest("state", 100, 0, 10, false),
                new BufferRequest("a", 1000, 0, 2, true),
                new BufferRequest("b", 600, 3, 5, true),
                new BufferRequest("c", 800, 5, 8, true));
        MemoryPlan plan = LivenessPlanner.plan(requests, 64);
        // state 128 bytes alone; a (1024) then b and c overlap at position 5: 640 + 832
        assertEquals(128 + 640 + 832, plan.plannedSize());
        assertEquals(128 + 1024 + 640 + 832, plan.noReuseSize());
        assertEquals(128 + 640 + 832, plan.lowerBound());
        assertEquals(0L, plan.offsets().get("state"), "states first");
    }
}
