package io.github.lstmhdl.image;

import static org.junit.jupiter.api.Assertions.*;

import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.image.writer.ElfImageWriter;
import io.github.lstmhdl.memory.RegionKind;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The writer streams weights into the image: it allocates far less than the weights it writes. */
class ElfStreamingTest {

    /** Counts bytes, keeps none. */
    private static final class Counter extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    @Test
    void writingA32MibWeightRegionAllocatesLessThanAMegabyteBeyondTheGenerator() throws IOException {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
                "per-thread allocation counters are not available on this JVM: skipping");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        CompiledNetwork n = TestImages.network(0, 1024, 1024, 3);
        long weights = n.contents().get(RegionKind.FC_WEIGHT_DATA).size();
        assertTrue(weights >= 32L << 20, "weights: " + weights);
        RegionContent image = ElfImageWriter.asContent(n);
        Counter out = new Counter();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        long start = System.nanoTime();
        image.writeTo(out);
        long seconds = System.nanoTime() - start;
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertEquals(image.size(), out.count);
        assertTrue(allocated < 1L << 20, "the writer allocated " + allocated + " bytes for " + weights
                + " bytes of weights");
        System.out.printf("image of %d MiB streamed in %.0f ms, %d bytes allocated%n", out.count >> 20,
                seconds / 1e6, allocated);
    }
}
