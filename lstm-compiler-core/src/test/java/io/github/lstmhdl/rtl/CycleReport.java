package io.github.lstmhdl.rtl;

import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.timing.CycleCounts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The RTL's measured cycles against the timing model (docs/isa.md section 9), per image and per
 * instruction kind: for each kind the model's cycles (the simulator's profile, {@code TimingModel}), the
 * RTL's (the test bench's per-instruction counts), and their ratio; the RTL's run setup (which the model
 * does not have) on a line of its own. Written as text to {@code target/hdl-reports/cycles.txt} and
 * printed.
 */
final class CycleReport {
    private final List<String> lines = new ArrayList<>();
    private final Map<String, long[]> totals = new LinkedHashMap<>();
    private long totalModel;
    private long totalRtl;
    private int images;

    synchronized void add(String name, int fcThreads, int steps, List<Instruction> program, CycleCounts model,
            RtlBench.Run run) {
        Map<String, long[]> perKind = new LinkedHashMap<>();
        for (String k : RtlMatchesSimulatorTest.kinds()) {
            perKind.put(k, new long[2]);
        }
        for (int pc = 0; pc < program.size(); pc++) {
            long[] k = perKind.get(RtlMatchesSimulatorTest.kind(program.get(pc)));
            k[0] += model.cycles(pc);
            k[1] += run.cyclesPerPc().getOrDefault(pc, 0L);
        }
        images++;
        totalModel += model.total();
        totalRtl += run.cycles();
        lines.add(String.format(Locale.ROOT, "%s (fcThreads %d, T = %d): model %d cycles, RTL %d (%.2fx; setup %d)",
                name, fcThreads, steps, model.total(), run.cycles(), (double) run.cycles() / model.total(),
                run.setupCycles()));
        for (Map.Entry<String, long[]> e : perKind.entrySet()) {
            long[] v = e.getValue();
            if (v[0] != 0 || v[1] != 0) {
                lines.add(String.format(Locale.ROOT, "    %-16s model %10d  RTL %10d  %s", e.getKey(), v[0], v[1],
                        ratio(v)));
                long[] t = totals.computeIfAbsent(e.getKey(), x -> new long[2]);
                t[0] += v[0];
                t[1] += v[1];
            }
        }
        long[] s = totals.computeIfAbsent("(run setup)", x -> new long[2]);
        s[1] += run.setupCycles();
    }

    private static String ratio(long[] v) {
        return v[0] == 0 ? "(model 0)" : String.format(Locale.ROOT, "%.2fx", (double) v[1] / v[0]);
    }

    synchronized void write(Path file) throws IOException {
        if (images == 0) {
            return;
        }
        List<String> out = new ArrayList<>();
        out.add("RTL cycles against the timing model (docs/isa.md section 9), " + images + " images");
        out.add(String.format(Locale.ROOT, "all images: model %d cycles, RTL %d (%.2fx)", totalModel, totalRtl,
                (double) totalRtl / totalModel));
        out.add("per instruction kind, all images:");
        for (Map.Entry<String, long[]> e : totals.entrySet()) {
            out.add(String.format(Locale.ROOT, "    %-16s model %10d  RTL %10d  %s", e.getKey(), e.getValue()[0],
                    e.getValue()[1], ratio(e.getValue())));
        }
        out.add("");
        out.addAll(lines);
        Files.createDirectories(file.getParent());
        Files.write(file, out, StandardCharsets.UTF_8);
        out.forEach(l -> System.out.println("RtlMatchesSimulatorTest: " + l));
    }
}
