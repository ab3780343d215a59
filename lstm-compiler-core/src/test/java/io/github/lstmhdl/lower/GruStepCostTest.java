package io.github.lstmhdl.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.GruLayer;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.LstmDirection;
import io.github.lstmhdl.ir.LstmLayer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.NetworkOutput;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.ir.SequenceInput;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.layout.Axis;
import io.github.lstmhdl.pipeline.NetworkCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What one time step of a GRU costs against an LSTM of the same D and H, from the compiled program:
 * the instructions in the time loop's body and the FC weight bytes they read (rows × columns × 4 of
 * every FC in the body; biases counted apart). The GRU's weights per step must be exactly its three
 * gate blocks over [x_t ; h] (3·Hp·(D+H) floats fused, 3·H·(D+H) with the separate FCs), the LSTM's its
 * four. The table is printed and written to target/gru-step-cost.txt for the closing note.
 */
class GruStepCostTest {

    /** Instructions, FC instructions, weight bytes and bias bytes of one step of the program's loop body. */
    record StepCost(int instructions, int fcs, long weightBytes, long biasBytes) {
    }

    static StepCost stepCost(List<Instruction> program) {
        int loop = -1;
        for (int i = 0; i < program.size(); i++) {
            if (program.get(i).opcode() == Opcode.LOOP) {
                loop = i;
                break;
            }
        }
        int body = program.get(loop).aux();
        int fcs = 0;
        long w = 0;
        long b = 0;
        for (Instruction in : program.subList(loop + 1, loop + 1 + body)) {
            if (in.opcode() == Opcode.FC) {
                fcs++;
                w += 4L * in.n() * in.m();
                if (!in.has(Instruction.FLAG_ACCUMULATE) && !in.has(Instruction.FLAG_NO_BIAS)) {
                    b += 4L * in.n();
                }
            }
        }
        return new StepCost(body, fcs, w, b);
    }

    private static Network network(Layer layer, int d) {
        return new Network("n", new SequenceInput("x", d, 10, 1, List.of(Axis.TIME, Axis.FEATURE)), List.of(layer),
                new NetworkOutput("y", List.of(Axis.TIME, Axis.FEATURE)));
    }

    private static StepCost cost(Layer layer, int d, ProcessorConfig config) throws Exception {
        CompiledNetwork c = NetworkCompiler.compile(network(layer, d), config, "cost", "test", false);
        return stepCost(c.program());
    }

    @Test
    void gruStepAgainstLstmStep() throws Exception {
        ProcessorConfig fused = ProcessorConfig.defaults().with("maxSequenceLength", "10");
        ProcessorConfig separate = fused.with("gateFusion", "false");
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-5s %-5s %-8s %-8s %-22s %-22s %-22s", "D", "H", "form", "fusion",
                "LSTM instr/FC/weightB", "GRU lbr=1 instr/FC/wB", "GRU lbr=0 instr/FC/wB"));
        for (int[] dh : new int[][] {{8, 16}, {8, 4}, {64, 128}, {300, 300}}) {
            int d = dh[0];
            int h = dh[1];
            LstmLayer lstm = new LstmLayer("lstm_1", "", Direction.FORWARD, OutputMode.SEQUENCE,
                    List.of(LstmDirection.of(FloatTensor.zeros(4 * h, d), FloatTensor.zeros(4 * h, h),
                            FloatTensor.zeros(4 * h))));
            GruLayer.Parameters p = new GruLayer.Parameters(FloatTensor.zeros(3 * h, d), FloatTensor.zeros(3 * h, h),
                    FloatTensor.zeros(3 * h), FloatTensor.zeros(3 * h), Optional.empty());
            for (ProcessorConfig config : List.of(fused, separate)) {
                StepCost l = cost(lstm, d, config);
                StepCost g1 = cost(new GruLayer("gru_1", "", Direction.FORWARD, OutputMode.SEQUENCE, true, List.of(p)),
                        d, config);
                StepCost g0 = cost(new GruLayer("gru_1", "", Direction.FORWARD, OutputMode.SEQUENCE, false,
                        List.of(p)), d, config);
                int rows = config.gateFusion() ? padded(h, config.fcThreads()) : h;
                assertEquals(4L * 4 * rows * (d + h), l.weightBytes(), "LSTM weight bytes per step");
                assertEquals(4L * 3 * rows * (d + h), g1.weightBytes(), "GRU (lbr=1) weight bytes per step");
                assertEquals(4L * 3 * rows * (d + h), g0.weightBytes(), "GRU (lbr=0) weight bytes per step");
                lines.add(String.format(Locale.ROOT, "%-5d %-5d %-8s %-8s %-22s %-22s %-22s", d, h, "fwd",
                        config.gateFusion() ? "on" : "off", text(l), text(g1), text(g0)));
            }
        }
        Path out = Path.of("target", "gru-step-cost.txt");
        try {
            Files.createDirectories(out.getParent());
            Files.write(out, lines);
        } catch (IOException e) {
            // the table is printed below as well
        }
        lines.forEach(System.out::println);
    }

    /**
     * The GRU's units reach the memory map (so the ELF symbols and the generated constants, which are
     * made from it) under the toolbox's names, with gate fusion on and off, and the log names the
     * layer groups as the toolbox does.
     */
    @Test
    void gruUnitsAreNamedInTheMemoryMapConstantsAndLog() throws Exception {
        GruLayer.Parameters p = new GruLayer.Parameters(FloatTensor.zeros(12, 3), FloatTensor.zeros(12, 4),
                FloatTensor.zeros(12), FloatTensor.zeros(12), Optional.of(FloatTensor.zeros(4)));
        GruLayer gru = new GruLayer("gru_1", "", Direction.BIDIRECTIONAL, OutputMode.SEQUENCE, true, List.of(p, p));
        ProcessorConfig fused = ProcessorConfig.defaults().with("maxSequenceLength", "10");
        for (ProcessorConfig config : List.of(fused, fused.with("gateFusion", "false"))) {
            CompiledNetwork c = NetworkCompiler.compile(network(gru, 3), config, "cost", "test", false);
            for (String prefix : List.of("gru_1", "gru_1_b")) {
                for (String unit : List.of(".h", ".h0", ".wh.weights", ".wh.bias", ".rh.weights", ".rh.bias")) {
                    assertTrue(c.memoryMap().symbol(prefix + unit).isPresent(), prefix + unit + " in the memory map");
                }
            }
            List<String> names = io.github.lstmhdl.codegen.NetworkConstants.of(c,
                    new io.github.lstmhdl.codegen.ImageReference("/n.elf", "d".repeat(64))).stream()
                    .map(io.github.lstmhdl.codegen.Constant::name).toList();
            assertTrue(names.contains("GRU_1_WH_WEIGHTS_OFFSET") && names.contains("GRU_1_B_RH_BIAS_SIZE")
                    && names.contains("GRU_1_H_OFFSET"), names.toString());
            List<String> groups = config.gateFusion()
                    ? List.of("### Compiling layer group: gru_1.wh>>gru_1.rh ...",
                            "### Compiling layer group: gru_1_b.wh>>gru_1_b.rh ...")
                    : List.of("### Compiling layer group: gru_1.wh ...", "### Compiling layer group: gru_1.rh ...",
                            "### Compiling layer group: gru_1_b.wh ...", "### Compiling layer group: gru_1_b.rh ...");
            assertTrue(c.log().containsAll(groups), String.join("\n", c.log()));
        }
    }

    private static int padded(int rows, int threads) {
        return (rows + threads - 1) / threads * threads;
    }

    private static String text(StepCost c) {
        return c.instructions() + "/" + c.fcs() + "/" + c.weightBytes();
    }
}
