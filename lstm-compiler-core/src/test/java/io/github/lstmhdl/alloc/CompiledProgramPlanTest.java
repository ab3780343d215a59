package io.github.lstmhdl.alloc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.ir.Activation;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.lower.LoweredNetwork;
import io.github.lstmhdl.lower.Lowering;
import io.github.lstmhdl.lower.SymInstruction;
import io.github.lstmhdl.lower.SymOperand;
import io.github.lstmhdl.schedule.Scheduler;
import io.github.lstmhdl.testing.RandomNetworks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The liveness planner on the programs the compiler really emits: random stacked, reverse and
 * bidirectional LSTM networks with heads, with and without the input projection. Liveness is checked
 * here from the program itself, step by step (a loop body counts as one step, because it runs many
 * times): every buffer is live from the first to the last step that names it, and two buffers live at
 * one step must not overlap. The planned sizes are reported against the lower bound (peak live bytes)
 * and the no-reuse size, in {@code target/planner-report.txt}.
 */
class CompiledProgramPlanTest {

    @Test
    void buffersLiveAtOnceNeverOverlapInCompiledPrograms() throws Exception {
        Random r = new Random(2024);
        Direction[] dirs = Direction.values();
        OutputMode[] modes = OutputMode.values();
        double planned = 0;
        double lower = 0;
        double noReuse = 0;
        double worstRatio = 1;
        int networks = 200;
        for (int n = 0; n < networks; n++) {
            RandomNetworks b = RandomNetworks.builder(r.nextLong(), 1 + r.nextInt(40), 0);
            int layers = 1 + r.nextInt(3);
            for (int l = 0; l < layers; l++) {
                OutputMode mode = l < layers - 1 ? OutputMode.SEQUENCE : modes[r.nextInt(modes.length)];
                b.lstm("lstm_" + (l + 1), 1 + r.nextInt(48), dirs[r.nextInt(dirs.length)], mode, r.nextBoolean(),
                        r.nextBoolean());
            }
            if (r.nextBoolean()) {
                b.fc("fc_1", 1 + r.nextInt(20)).activation("relu", Activation.RELU).fc("fc_2", 1 + r.nextInt(5));
            }
            ProcessorConfig config = ProcessorConfig.defaults()
                    .with("inputProjection", Boolean.toString(r.nextBoolean()))
                    .with("gateFusion", Boolean.toString(r.nextInt(4) != 0));
            LoweredNetwork lowered = Lowering.lower(b.build("n" + n), config, 1 + r.nextInt(30), "n.onnx");
            List<SymInstruction> program = Scheduler.schedule(lowered).program();
            MemoryPlan plan = LivenessPlanner.plan(LivenessAnalysis.requests(lowered, program, 4), 64);
            checkLiveBuffersDisjoint("network " + n, program, plan.byName());
            planned += plan.plannedSize();
            lower += plan.lowerBound();
            noReuse += plan.noReuseSize();
            worstRatio = Math.max(worstRatio, (double) plan.plannedSize() / Math.max(1, plan.lowerBound()));
        }
        String report = String.format(Locale.ROOT, "liveness planner on %d compiled random networks: planned %.0f"
                + " bytes in all, lower bound %.0f (planned/lower bound %.3f, worst network %.3f), no reuse %.0f"
                + " (planned/no reuse %.3f)%n", networks, planned, lower, planned / lower, worstRatio, noReuse,
                planned / noReuse);
        System.out.print(report);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            write(target.resolve("planner-report.txt"), report);
        }
        assertTrue(planned <= noReuse && planned >= lower, report);
    }

    /** Steps: an instruction outside loops, or a whole loop; each with the system-buffer units it names. */
    private static List<Set<String>> steps(List<SymInstruction> program, Map<String, ?> units) {
        List<Set<String>> steps = new ArrayList<>();
        int loopEnd = -1;
        for (int i = 0; i < program.size(); i++) {
            SymInstruction in = program.get(i);
            if (i > loopEnd) {
                steps.add(new LinkedHashSet<>());
            }
            if (in.opcode() == Opcode.LOOP) {
                loopEnd = i + in.aux();
            }
            for (SymOperand op : List.of(in.dst(), in.a(), in.b(), in.c())) {
                if (!op.isNone() && units.containsKey(op.unit())) {
                    steps.get(steps.size() - 1).add(op.unit());
                }
            }
        }
        return steps;
    }

    private static void checkLiveBuffersDisjoint(String what, List<SymInstruction> program,
            Map<String, MemoryPlan.Placement> placements) {
        List<Set<String>> steps = steps(program, placements);
        for (int s = 0; s < steps.size(); s++) {
            Set<String> live = new LinkedHashSet<>();
            for (String unit : placements.keySet()) {
                if (liveAt(steps, unit, s) || !placements.get(unit).request().shareable()) {
                    live.add(unit);
                }
            }
            List<String> names = new ArrayList<>(live);
            for (int i = 0; i < names.size(); i++) {
                for (int j = i + 1; j < names.size(); j++) {
                    MemoryPlan.Placement a = placements.get(names.get(i));
                    MemoryPlan.Placement b = placements.get(names.get(j));
                    if (a.request().bytes() > 0 && b.request().bytes() > 0) {
                        assertTrue(a.end() <= b.offset() || b.end() <= a.offset(),
                                what + ", step " + s + ": " + a + " overlaps " + b);
                    }
                }
            }
        }
    }

    private static boolean liveAt(List<Set<String>> steps, String unit, int step) {
        int first = -1;
        int last = -1;
        for (int s = 0; s < steps.size(); s++) {
            if (steps.get(s).contains(unit)) {
                first = first < 0 ? s : first;
                last = s;
            }
        }
        return first >= 0 && first <= step && step <= last;
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
