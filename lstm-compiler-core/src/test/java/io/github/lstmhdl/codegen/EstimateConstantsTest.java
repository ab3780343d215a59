package io.github.lstmhdl.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.pipeline.NetworkCompiler;
import io.github.lstmhdl.testing.Examples;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The estimate in the generated constants and the JSON memory map, for docs/isa.md §7's example, whose
 * figures {@code timing.PerformanceReportTest} derives by hand: 142 cycles per step, 30 fixed, 1166 per
 * sequence of 8 steps, 172 for a run of one step, at 220 MHz.
 */
class EstimateConstantsTest {
    private static final ImageReference REF = new ImageReference("/tiny.elf", "0".repeat(64));

    private static CompiledNetwork tiny() throws Exception {
        return NetworkCompiler.compile(Examples.tiny(), ProcessorConfig.defaults().with("maxSequenceLength", "8"),
                "tiny.lstm.json", "test", false);
    }

    @Test
    void theConstantsHoldTheEstimate() throws Exception {
        String java = new JavaConstantsWriter("com.example", "TinyOffsets").generate(tiny(), REF);
        for (String line : List.of("int ESTIMATED_CLOCK_FREQUENCY_MHZ = 220;", "long ESTIMATED_CYCLES_PER_STEP = 142L;",
                "long ESTIMATED_FIXED_CYCLES = 30L;", "long ESTIMATED_CYCLES_PER_SEQUENCE = 1166L;",
                "long ESTIMATED_CYCLES_ONE_STEP_RUN = 172L;", "long ESTIMATED_NANOSECONDS_PER_STEP = 646L;",
                "long ESTIMATED_NANOSECONDS_PER_SEQUENCE = 5300L;", "long ESTIMATED_SEQUENCES_PER_SECOND = 188679L;")) {
            assertTrue(java.contains("public static final " + line), line);
        }
        String header = new CHeaderWriter("TINY").generate(tiny(), REF);
        assertTrue(header.contains("#define TINY_ESTIMATED_CYCLES_PER_SEQUENCE 1166UL"), header);
        assertTrue(header.contains("#define TINY_ESTIMATED_CLOCK_FREQUENCY_MHZ 220\n"), header);
    }

    @Test
    void theJsonMapHoldsTheEstimateAndTheInstructionsOwners() throws Exception {
        CompiledNetwork n = tiny();
        JsonNode p = new ObjectMapper().readTree(MemoryMapJsonWriter.write(n)).get("performance");
        assertEquals(n.metadata().contentSha256(), p.get("contentSha256").asText());
        assertEquals(8, p.get("sequenceLength").asInt());
        assertEquals(142, p.get("cyclesPerStep").asLong());
        assertEquals(30, p.get("fixedCycles").asLong());
        assertEquals(1166, p.get("cyclesPerSequence").asLong());
        assertEquals(172, p.get("cyclesOneStepRun").asLong());
        assertEquals(782, p.get("nanosecondsOneStepRun").asLong());
        assertEquals(188679, p.get("sequencesPerSecond").asLong());
        assertEquals("lstm_1.wi>>lstm_1.wo", p.get("layerGroups").get(0).get("name").asText());
        assertEquals("compute", p.get("layers").get(0).get("bound").asText());
        assertEquals(120, p.get("layers").get(0).get("cyclesPerStep").asLong());
        List<String> owners = new ArrayList<>();
        for (JsonNode r : p.get("instructionOwners")) {
            owners.add(r.get("first").asInt() + "-" + r.get("last").asInt() + " " + r.get("layer").asText() + " "
                    + r.get("layerGroup").asText());
        }
        assertEquals(List.of("0-10 lstm_1 lstm_1.wi>>lstm_1.wo", "11-12 fc_1 fc_1", "13-13 (control) (control)"),
                owners);
    }
}
