package io.github.lstmhdl.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.pipeline.NetworkCompiler;
import io.github.lstmhdl.testing.Examples;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The deadline settings' syntax and the three checks, on the example whose figures PerformanceReportTest pins. */
class DeadlinesTest {

    @Test
    void unitsAndRates() {
        Deadlines d = Deadlines.parse("250us", " 2.5ms ", "100");
        assertEquals(250e-6, d.maxLatencyPerStep().orElseThrow().value(), 1e-18);
        assertEquals(2.5e-3, d.maxLatencyPerSequence().orElseThrow().value(), 1e-18);
        assertEquals(100, d.minFramesPerSecond().orElseThrow().value());
        assertEquals("maxLatencyPerStep=250us;maxLatencyPerSequence=2.5ms;minFramesPerSecond=100", d.canonicalText());
        assertEquals(1e-9 * 800, Deadlines.parse("800ns", null, null).maxLatencyPerStep().orElseThrow().value(), 1e-20);
        assertEquals(3e-6, Deadlines.parse("3\u00b5s", null, null).maxLatencyPerStep().orElseThrow().value(), 1e-20);
        assertEquals(2, Deadlines.parse(null, "2s", "").maxLatencyPerSequence().orElseThrow().value());
        assertTrue(Deadlines.parse(null, " ", null).isEmpty());
        assertEquals("", Deadlines.NONE.canonicalText());
    }

    @Test
    void malformedSettingsNameTheSettingAndTheForm() {
        assertEquals("maxLatencyPerStep '250' needs a unit: a positive number followed by ns, us (or \u00b5s), ms or"
                + " s, such as 250us or 2ms", assertThrows(IllegalArgumentException.class,
                        () -> Deadlines.parse("250", null, null)).getMessage());
        for (String bad : List.of("0ms", "-1ms", "ms", "1e999ms", "+1ms", "NaNms")) {
            assertThrows(IllegalArgumentException.class, () -> Deadlines.parse(null, bad, null), bad);
        }
        assertEquals("minFramesPerSecond '0' is not a positive decimal number (frames per second, such as 100 or"
                + " 12.5)", assertThrows(IllegalArgumentException.class, () -> Deadlines.parse(null, null, "0"))
                        .getMessage());
    }

    @Test
    void eachDeadlineAgainstItsFigure() throws Exception {
        CompiledNetwork c = NetworkCompiler.compile(Examples.tiny(), ProcessorConfig.defaults().with(
                "maxSequenceLength", "8"), "tiny.lstm.json", "test", false);
        PerformanceReport e = c.estimate(); // 1166 cycles per sequence of 8, 172 for one step, at 220 MHz
        assertTrue(Deadlines.parse("782ns", "5.3us", "188679").metBy(e));
        List<String> misses = Deadlines.parse("781ns", "5.29us", "188680").misses(e);
        assertEquals(List.of(
                "maxLatencyPerStep 781ns: a run of one time step is estimated at 781.82 ns (172 cycles at 220 MHz)",
                "maxLatencyPerSequence 5.29us: a sequence of 8 steps is estimated at 5.3 us (1166 cycles at 220 MHz)",
                "minFramesPerSecond 188680: the estimate is 188679.2 sequences of 8 steps per second (1166 cycles each"
                        + " at 220 MHz)"), misses);
    }
}
