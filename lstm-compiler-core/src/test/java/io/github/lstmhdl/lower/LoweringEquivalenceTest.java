package io.github.lstmhdl.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.ir.Activation;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.schedule.Scheduler;
import io.github.lstmhdl.testing.RandomNetworks;
import io.github.lstmhdl.testing.ReferenceLstm;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Executes the decomposed components of random LSTM networks with a float64 evaluator and compares
 * them with an independent float64 LSTM, under every lowering option.
 */
class LoweringEquivalenceTest {

    static List<ProcessorConfig> configs() {
        ProcessorConfig base = ProcessorConfig.defaults();
        List<ProcessorConfig> list = new ArrayList<>();
        for (boolean fusion : new boolean[] {true, false}) {
            for (boolean acts : new boolean[] {true, false}) {
                list.add(base.with("gateFusion", "" + fusion).with("fusedActivations", "" + acts));
            }
        }
        // the input projection: W·x_t of all steps first, then per step an FC over h_t-1 only
        list.add(base.with("inputProjection", "true"));
        list.add(base.with("inputProjection", "true").with("fusedActivations", "false"));
        // tiny FC memories: column tiles and row tiles, with and without the input projection
        list.add(base.with("fcInputMemorySize", "8").with("fcOutputMemorySize", "8"));
        list.add(base.with("fcInputMemorySize", "4").with("fcOutputMemorySize", "8"));
        list.add(base.with("fcInputMemorySize", "8").with("fcOutputMemorySize", "8").with("inputProjection", "true"));
        list.add(base.with("fcInputMemorySize", "5").with("fcOutputMemorySize", "12").with("gateFusion", "false")
                .with("fcThreads", "4"));
        list.add(base.with("fcThreads", "16").with("softmaxOnHost", "false"));
        return list;
    }

    static Stream<Arguments> networks() {
        List<Arguments> cases = new ArrayList<>();
        Random r = new Random(42);
        OutputMode[] modes = OutputMode.values();
        Direction[] dirs = Direction.values();
        int id = 0;
        for (Direction dir : dirs) {
            for (OutputMode mode : modes) {
                for (boolean peep : new boolean[] {false, true}) {
                    long seed = r.nextLong();
                    int d = 1 + r.nextInt(6);
                    int h = 1 + r.nextInt(7);
                    RandomNetworks b = RandomNetworks.builder(seed, d, 0)
                            .lstm("lstm_1", h, dir, OutputMode.SEQUENCE, peep, id % 2 == 0)
                            .lstm("lstm_2", 1 + r.nextInt(6), dir, mode, !peep, id % 3 == 0);
                    switch (id % 4) {
                        case 0 -> b.fc("fc_1", 3).softmax("softmax", false);
                        case 1 -> b.fc("fc_1", 5).activation("relu", Activation.RELU).fc("fc_2", 2);
                        case 2 -> b.activation("tanh", Activation.TANH).fc("fc_1", 4).softmax("sm", true);
                        default -> { }
                    }
                    cases.add(Arguments.of("case" + id + "_" + dir + "_" + mode + (peep ? "_peep" : ""), b.build("n" + id),
                            seed));
                    id++;
                }
            }
        }
        // single layers: reverse last step, bidirectional sequence into sigmoid
        cases.add(Arguments.of("reverse_last_step", RandomNetworks.builder(7, 3, 0)
                .lstm("lstm", 4, Direction.REVERSE, OutputMode.LAST_STEP, false, false).build("r"), 7L));
        cases.add(Arguments.of("bilstm_sigmoid", RandomNetworks.builder(8, 2, 0)
                .lstm("lstm", 5, Direction.BIDIRECTIONAL, OutputMode.SEQUENCE, true, true)
                .activation("sig", Activation.SIGMOID).build("b"), 8L));
        cases.add(Arguments.of("softmax_only_mid", RandomNetworks.builder(9, 3, 0)
                .lstm("lstm", 3, Direction.FORWARD, OutputMode.SEQUENCE, false, false).softmax("sm", false)
                .fc("fc", 2).build("s"), 9L));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void decomposedProgramMatchesReference(String label, Network network, long seed) throws CompilationException {
        int frameLimit = 9;
        for (ProcessorConfig config : configs()) {
            LoweredNetwork lowered = Lowering.lower(network, config, frameLimit, "test.onnx");
            List<SymInstruction> program = Scheduler.schedule(lowered).program();
            SymbolicEvaluator eval = new SymbolicEvaluator(lowered, program);
            for (int run = 0; run < 2; run++) {
                int t = 1 + (int) Math.floorMod(seed + run * 31L, frameLimit);
                float[][] x = RandomNetworks.sequence(seed + run, t, network.input().featureSize());
                double[][] expected = ReferenceLstm.run(network, x);
                double[][] actual = eval.run(x, true);
                assertClose(expected, actual, label + " " + config.canonicalText() + " T=" + t);
            }
        }
    }

    /** Networks whose only LSTM is forward: two runs without reset equal one long run. */
    static Stream<Arguments> singleForwardLstm() {
        return Stream.concat(networks(), Stream.of(
                Arguments.of("forward_last_state_fc", RandomNetworks.builder(11, 4, 0)
                        .lstm("lstm", 6, Direction.FORWARD, OutputMode.LAST_STATE, true, true).fc("fc", 3)
                        .build("f1"), 11L),
                Arguments.of("forward_sequence", RandomNetworks.builder(12, 2, 0)
                        .lstm("lstm", 5, Direction.FORWARD, OutputMode.SEQUENCE, false, true).build("f2"), 12L)))
                .filter(a -> {
                    Network n = (Network) a.get()[1];
                    List<io.github.lstmhdl.ir.LstmLayer> lstms = n.layers().stream()
                            .filter(l -> l instanceof io.github.lstmhdl.ir.LstmLayer)
                            .map(l -> (io.github.lstmhdl.ir.LstmLayer) l).toList();
                    return lstms.size() == 1 && lstms.get(0).direction() == Direction.FORWARD;
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleForwardLstm")
    void withoutResetTheStateCarriesOver(String label, Network network, long seed) throws CompilationException {
        LoweredNetwork lowered = Lowering.lower(network, ProcessorConfig.defaults(), 8, "test.onnx");
        SymbolicEvaluator eval = new SymbolicEvaluator(lowered, Scheduler.schedule(lowered).program());
        float[][] x = RandomNetworks.sequence(seed, 8, network.input().featureSize());
        float[][] first = java.util.Arrays.copyOfRange(x, 0, 5);
        float[][] second = java.util.Arrays.copyOfRange(x, 5, 8);
        double[][] whole = ReferenceLstm.run(network, x);
        eval.run(first, true);
        double[][] continued = eval.run(second, false);
        assertEquals(network.outputIsSequence() ? 3 : 1, continued.length);
        double[][] tail = network.outputIsSequence() ? java.util.Arrays.copyOfRange(whole, 5, 8) : whole;
        assertClose(tail, continued, label + " continued");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void programShapeFollowsOptions(String label, Network network, long seed) throws CompilationException {
        ProcessorConfig plain = ProcessorConfig.defaults().with("inputProjection", "false");
        LoweredNetwork fused = Lowering.lower(network, plain, 4, "x");
        LoweredNetwork unfused = Lowering.lower(network, plain.with("gateFusion", "false"), 4, "x");
        ProcessorConfig projecting = ProcessorConfig.defaults().with("inputProjection", "true");
        LoweredNetwork projected = Lowering.lower(network, projecting, 4, "x");
        // input projection with gate fusion off is not applied: the toolbox's four FCs stay as they are
        LoweredNetwork unfusedProjection = Lowering.lower(network, projecting.with("gateFusion", "false"), 4, "x");
        long fcFused = count(fused, Opcode.FC);
        long fcUnfused = count(unfused, Opcode.FC);
        long lstmDirections = network.layers().stream().filter(l -> l instanceof io.github.lstmhdl.ir.LstmLayer)
                .mapToInt(l -> ((io.github.lstmhdl.ir.LstmLayer) l).direction().count()).sum();
        // each gate FC is two column parts, x_t then h_{t-1} (the concat is read in place): 4 × 2 against 2
        assertEquals(fcUnfused - fcFused, 6 * lstmDirections, label);
        // the x_t part moves out of the loop into the projection (one LOOP more per direction); the step
        // loads gx[t] with one COPY
        assertEquals(fcFused, count(projected, Opcode.FC), label);
        assertEquals(count(fused, Opcode.LOOP) + lstmDirections, count(projected, Opcode.LOOP), label);
        assertEquals(count(fused, Opcode.COPY) + lstmDirections, count(projected, Opcode.COPY), label);
        assertEquals(unfused.program(), unfusedProjection.program(), label);
        assertEquals(lstmDirections, accumulating(projected), label);
        assertEquals(lstmDirections, accumulating(fused), label);
        assertEquals(4 * lstmDirections, accumulating(unfused), label);
    }

    private static long accumulating(LoweredNetwork l) {
        return l.program().stream()
                .filter(i -> i.opcode() == Opcode.FC && i.has(io.github.lstmhdl.isa.Instruction.FLAG_ACCUMULATE))
                .count();
    }

    private static long count(LoweredNetwork l, Opcode op) {
        return l.program().stream().filter(i -> i.opcode() == op).count();
    }

    static void assertClose(double[][] expected, double[][] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": rows");
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t].length, actual[t].length, what + ": features");
            for (int j = 0; j < expected[t].length; j++) {
                double diff = Math.abs(expected[t][j] - actual[t][j]);
                assertTrue(diff <= 1e-6, what + ": step " + t + " feature " + j + ": expected " + expected[t][j]
                        + " but was " + actual[t][j]);
            }
        }
    }
}
