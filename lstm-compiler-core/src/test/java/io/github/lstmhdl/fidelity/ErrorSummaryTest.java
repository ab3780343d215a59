package io.github.lstmhdl.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.sim.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary records both errors, and its file keeps one line per test class. */
class ErrorSummaryTest {
    @Test
    void recordsTheLargestAbsoluteAndRelativeErrors() {
        ErrorSummary s = new ErrorSummary(ErrorSummaryTest.class);
        // 100 vs 100.0005: 5e-4 absolute, 5e-6 relative (within the tolerance)
        s.compare("big", new long[] {2}, new float[] {100f, 0.5f}, new Tensor(new int[] {2}, new float[] {100.0005f,
            0.5f}));
        s.compare("small", new long[] {1}, new float[] {0.25f}, new Tensor(new int[] {1}, new float[] {0.250002f}));
        assertEquals(2, s.cases());
        String line = s.line();
        assertTrue(line.startsWith("ErrorSummaryTest: cases=2, largest absolute error=5.04e-04, "
                + "largest relative error=5.04e-06"), line);
        assertThrows(AssertionError.class, () -> s.compare("bad", new long[] {1}, new float[] {0.5f},
                new Tensor(new int[] {1}, new float[] {0.6f})));
    }

    @Test
    void theFileKeepsOneLinePerClass(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("target/fidelity-summary.txt");
        ErrorSummary.write(file, "B", "B: cases=1");
        ErrorSummary.write(file, "A", "A: cases=2");
        ErrorSummary.write(file, "B", "B: cases=3");
        assertEquals(List.of("A: cases=2", "B: cases=3"), Files.readAllLines(file));
    }
}
