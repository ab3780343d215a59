package io.github.lstmhdl.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.pipeline.NetworkCompiler;
import io.github.lstmhdl.testing.Examples;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The estimate of docs/isa.md §7's example, computed by hand from §9, and the report's rows and tables. */
class PerformanceReportTest {

    private static CompiledNetwork tiny(String... settings) throws Exception {
        ProcessorConfig config = ProcessorConfig.defaults().with("maxSequenceLength", "8");
        for (int i = 0; i < settings.length; i += 2) {
            config = config.with(settings[i], settings[i + 1]);
        }
        return NetworkCompiler.compile(Examples.tiny(), config, "tiny.lstm.json", "test", false);
    }

    @Test
    void theExampleByHand() throws Exception {
        PerformanceReport r = tiny().estimate();
        // per step: the LSTM's loop 2 + FC 16x3 (4+12+12) + FC 16x4 (4+12+16) + 4 MUL/ADD/COPY of 4 (9 each)
        // + one more MUL (9) + TANH of 4 (4+8+1) = 120; the FC layer's loop 2 + FC 2x4 (4+12+4) = 22
        assertEquals(142, r.perStepCycles());
        // fixed: 2 STATE_INIT (9 each), 2 LOOP issues (4 each), HALT (4)
        assertEquals(30, r.fixedCycles());
        assertEquals(30 + 142 * 8, r.totalCycles());
        assertEquals(30 + 142, r.singleStepCycles());
        assertEquals(8, r.steps());
        assertEquals(List.of("lstm_1.wi>>lstm_1.wo", "fc_1", InstructionOwners.CONTROL),
                r.groups().stream().map(PerformanceReport.Row::name).toList());
        assertEquals(List.of("lstm_1", "fc_1", InstructionOwners.CONTROL),
                r.layers().stream().map(PerformanceReport.Row::name).toList());
        assertEquals(List.of(18 + 4 + 120 * 8L, 4 + 22 * 8L, 4L),
                r.layers().stream().map(PerformanceReport.Row::cycles).toList());
        assertEquals(List.of(120L, 22L, 0L), r.layers().stream().map(PerformanceReport.Row::perStepCycles).toList());
        assertEquals("compute", r.layers().get(0).bound());
        assertEquals("-", r.layers().get(2).bound());
        assertEquals(1166 / 220e6, r.sequenceSeconds(), 1e-15);
        assertEquals(220e6 / 1166, r.sequencesPerSecond(), 1e-9);
        assertEquals(8 * 220e6 / 1166, r.stepsPerSecond(), 1e-6);
    }

    @Test
    void aShorterRunAndASlowMemory() throws Exception {
        CompiledNetwork c = tiny("memoryBandwidthMBps", "100");
        PerformanceReport r = c.estimate(3);
        assertEquals(3, r.steps());
        // FC 16x3 reads 192 bytes at 100/220 bytes a cycle: ceil(192 · 220 / 100) = 423 > 12
        assertEquals("memory", r.layers().get(0).bound());
        assertEquals(r.fixedCycles() + 3 * r.perStepCycles(), r.totalCycles());
        assertEquals(c.estimate(8).perStepCycles(), r.perStepCycles());
    }

    @Test
    void theTablesInTheToolboxsFormat() throws Exception {
        List<String> lines = tiny().estimate().lines();
        assertEquals("### Deep Learning Processor Estimator Performance Results", lines.get(0));
        assertTrue(lines.get(2).contains("LastFrameLatency(cycles)   LastFrameLatency(seconds)   FramesNum"
                + "   Total Latency       Frames/s"), lines.get(2));
        assertTrue(lines.get(4).matches("Network +1166 +0\\.0000053 +1 +1166 +188679\\.2"), lines.get(4));
        assertTrue(lines.get(5).matches(" {4}lstm_1\\.wi>>lstm_1\\.wo +982 +0\\.0000044636"), lines.get(5));
        assertTrue(lines.contains(" * The clock frequency of the DL processor is: 220MHz"));
        assertTrue(lines.contains("### Cycles: 142 per time step, 30 fixed, 1166 per sequence of 8 steps (172 for a run"
                + " of one step)."), String.join("\n", lines));
        assertTrue(lines.contains("### Latency: 645.45 ns per time step, 5.3 us per sequence of 8 steps, 781.82 ns for"
                + " a run of one step; 188679.2 sequences/s, 1509434.0 time steps/s."), String.join("\n", lines));
    }

    @Test
    void anImageAloneIsReportedPerLoop() throws Exception {
        CompiledNetwork c = tiny();
        PerformanceReport r = PerformanceReport.estimate(ProgramTiming.of(c.program(), TimingParameters.of(c.config())),
                InstructionOwners.segments(c.program()), 8);
        assertEquals(List.of("instructions 0-1", "loop@2", "loop@11", "instruction 13"),
                r.groups().stream().map(PerformanceReport.Row::name).toList());
        assertEquals(c.estimate().totalCycles(), r.totalCycles());
    }
}
