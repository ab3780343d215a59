package io.github.lstmhdl.rtl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.testing.Executables;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The first resource estimate from real synthesis: Yosys synthesizes the processor for a Xilinx
 * 7-series part ({@code hdl/synth/synth.sh}) at the FC lane counts of the int8 presets and writes the
 * table of LUTs, flip-flops, DSPs and block RAMs to {@code target/hdl-reports/resources.txt}.
 *
 * <p>A synthesis takes minutes, so the build synthesizes the lane counts listed in the property
 * {@code lstm.rtl.synthesis} (default {@code 4}, the default int8 preset {@code zcu102_int8}; {@code
 * 4,8,16} for every int8 preset, as docs/hardware.md's table was made; {@code none} to leave it out).
 */
class SynthesisReportTest {
    private static final Map<Integer, String> PRESETS = new LinkedHashMap<>();

    static {
        for (String preset : new String[] {"zcu102_int8", "zcu102_int8_8", "zcu102_int8_16"}) {
            PRESETS.put(ProcessorConfig.preset(preset).fcThreads(), preset);
        }
    }

    @Test
    void synthesisOfTheInt8PresetsReportsTheirResources() throws Exception {
        String wanted = System.getProperty("lstm.rtl.synthesis", "4").trim();
        assumeTrue(!wanted.equals("none"), "synthesis left out with -Dlstm.rtl.synthesis=none");
        assumeTrue(Executables.onPath("yosys").isPresent(), "yosys is not on the PATH (" + Executables.path()
                + "); .ci/run installs it with apt-get install -y yosys");
        Path reports = Path.of("target", "hdl-reports").toAbsolutePath();
        Files.createDirectories(reports);
        Path script = RtlPaths.hdlDirectory().resolve("synth").resolve("synth.sh");
        List<SynthesisReport> results = new ArrayList<>();
        for (String s : wanted.split(",")) {
            int threads = Integer.parseInt(s.trim());
            assertTrue(PRESETS.containsKey(threads), "no int8 preset has " + threads + " FC threads: " + PRESETS);
            Path log = reports.resolve("yosys-fc" + threads + ".log");
            Process p = new ProcessBuilder("bash", script.toString(), Integer.toString(threads), log.toString())
                    .redirectErrorStream(true).redirectOutput(reports.resolve("yosys-fc" + threads + ".out").toFile())
                    .start();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("the synthesis of " + threads + " lanes did not finish in 30 minutes");
            }
            assertEquals(0, p.exitValue(), "yosys failed, see " + log);
            SynthesisReport r = SynthesisReport.parse(threads, Files.readAllLines(log));
            assertTrue(r.luts() > 0 && r.flipFlops() > 0, "no logic in " + log + ": " + r.cells());
            assertTrue(r.blockRams() >= 1, "the activation tables are not in block RAM: " + r.cells());
            results.add(r);
        }
        for (int i = 1; i < results.size(); i++) {
            assertTrue(results.get(i).flipFlops() > results.get(i - 1).flipFlops() || results.get(i).fcThreads()
                    <= results.get(i - 1).fcThreads(), "more lanes, more accumulators");
        }
        List<String> out = new ArrayList<>();
        out.add("Resources of lstm_processor (hdl/rtl), Yosys synth_xilinx -family xc7 (docs/hardware.md)");
        out.add(SynthesisReport.header());
        for (SynthesisReport r : results) {
            out.add(r.row(PRESETS.get(r.fcThreads())));
        }
        Files.write(reports.resolve("resources.txt"), out, StandardCharsets.UTF_8);
        out.forEach(l -> System.out.println("SynthesisReportTest: " + l));
    }
}
