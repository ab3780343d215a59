package io.github.lstmhdl.fidelity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.LstmDirection;
import io.github.lstmhdl.ir.LstmLayer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.onnx.OnnxImporter;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.sim.Simulator;
import io.github.lstmhdl.sim.Tensor;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import io.github.lstmhdl.testing.OrtRunner;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * ONNX LSTMs whose constant initial_h / initial_c differ between the sequences of a fixed batch: the
 * importer keeps one state per sequence ([B, H]), the compiled program picks row n by the run's sequence
 * index, and the simulated image (every sequence of the batch in turn) matches onnxruntime on Y, Y_h
 * and Y_c, for both directions, with gate fusion and the input projection on and off.
 */
class PerSequenceStatesFidelityTest {
    private static final int T = 6;
    private static final int N = 3;
    private static final int D = 5;
    private static final int H = 7;
    private static final ErrorSummary SUMMARY = new ErrorSummary(PerSequenceStatesFidelityTest.class);

    @AfterAll
    static void report() {
        SUMMARY.report();
    }

    private static byte[] model(long seed, String direction, Object batchDim) {
        OnnxModelBuilder b = new OnnxModelBuilder(14).irVersion(8);
        b.input("X", T, batchDim, D);
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        b.randomLstm(new Random(seed), "lstm", "X", D, H, direction, 0.4f, true, seed % 2 == 0, true, true, N,
                List.of("Y", "Y_h", "Y_c"));
        b.output("Y", T, dirs, batchDim, H);
        b.output("Y_h", dirs, batchDim, H);
        b.output("Y_c", dirs, batchDim, H);
        return b.build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"forward", "reverse", "bidirectional"})
    void simulatedImageMatchesOnnxRuntime(String direction) throws Exception {
        long seed = 0x5E0L + direction.length();
        byte[] model = model(seed, direction, N);
        long[] shape = {T, N, D};
        float[] x = OnnxModelBuilder.random(new Random(seed + 1), T * N * D, 1.5f);
        for (String output : List.of("Y", "Y_h", "Y_c")) {
            OrtRunner.Tensor ort = OrtRunner.run(model, Map.of("X", new OrtRunner.Tensor(x, shape)), output);
            Network network = OnnxImporter.read(model, "states.onnx", ImportOptions.defaults().withOutput(output));
            assertEquals(N, network.stateBatch());
            for (LstmDirection d : ((LstmLayer) network.layers().get(0)).directions()) {
                assertArrayEquals(new int[] {N, H}, d.initialHidden().orElseThrow().shape());
                assertArrayEquals(new int[] {N, H}, d.initialCell().orElseThrow().shape());
            }
            Simulator simulator = Fidelity.simulator(Fidelity.imageBytes(network, Fidelity.configs(T).get(0),
                    "states.onnx"), "states.elf");
            assertEquals(N, simulator.stateBatch());
            List<Instruction> inits = simulator.program().stream()
                    .filter(in -> in.opcode() == Opcode.STATE_INIT).toList();
            assertEquals(2 * network.layers().get(0).outputSize() / H, inits.size());
            for (Instruction in : inits) {
                assertEquals(H * 4, in.a().stride(), "STATE_INIT reads row n of [B, H]: " + in);
            }
            for (ProcessorConfig config : Fidelity.configs(T)) {
                Tensor sim = Fidelity.simulate(network, config, "states.onnx", shape, x);
                SUMMARY.compare(direction + " " + output + ", gateFusion=" + config.gateFusion()
                        + ", inputProjection=" + config.inputProjection(), ort.shape(), ort.data(), sim);
            }
        }
    }

    @Test
    void symbolicBatchWithDifferingStatesIsRejected() {
        byte[] model = model(7, "forward", "batch");
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                () -> OnnxImporter.read(model, "states.onnx", ImportOptions.defaults().withOutput("Y")));
        assertTrue(e.reason().contains("initial_h differs between batch entries 0 and 1"), e.getMessage());
        assertTrue(e.reason().contains("symbolic"), e.getMessage());
    }
}
