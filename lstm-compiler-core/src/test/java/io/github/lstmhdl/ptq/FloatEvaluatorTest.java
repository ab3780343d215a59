package io.github.lstmhdl.ptq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.ImageReader;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.image.writer.ElfImageWriter;
import io.github.lstmhdl.ir.Activation;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.pipeline.NetworkCompiler;
import io.github.lstmhdl.sim.Simulator;
import io.github.lstmhdl.testing.RandomNetworks;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The quantizer's float reference is the float network: {@link FloatEvaluator} gives the float32 image's
 * outputs (the product's float path, itself checked against onnxruntime) within float32 rounding, for LSTM
 * and GRU networks of every direction, reset form and output mode, so the accuracy figures compare int8
 * with the network the user compiles in float.
 */
class FloatEvaluatorTest {

    private static void assertSameAsTheFloatImage(Network n, int steps, long seed) throws Exception {
        CompiledNetwork compiled = NetworkCompiler.compile(n, ProcessorConfig.defaults(), "n.json", "t", false);
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        ElfImageWriter.write(compiled, image);
        Simulator sim = Simulator.load(ImageReader.read(image.toByteArray(), "n.elf"));
        float[] x = Int8CompilationTest.random(seed, 1, steps, n.input().featureSize(), 1f).samples().get(0);
        float[] expected = sim.predict(x, steps);
        double[][] got = new FloatEvaluator(n).run(x, steps);
        int k = n.outputSize();
        assertEquals(expected.length, got.length * k, n.name());
        for (int t = 0; t < got.length; t++) {
            for (int j = 0; j < k; j++) {
                assertEquals(expected[t * k + j], got[t][j], 1e-4, n.name() + " step " + t + " output " + j);
            }
        }
    }

    @Test
    void lstmNetworks() throws Exception {
        int seed = 0;
        for (Direction dir : Direction.values()) {
            for (OutputMode mode : new OutputMode[] {OutputMode.SEQUENCE, OutputMode.LAST_STEP, OutputMode.LAST_STATE}) {
                seed++;
                Network n = RandomNetworks.builder(seed, 4, 0).lstm("lstm_1", 6, dir, mode, false, false).fc("fc_1", 3)
                        .activation("relu_1", Activation.RELU).fc("fc_2", 2).softmax("sm", false).build("l" + seed);
                assertSameAsTheFloatImage(n, 7, seed);
            }
        }
    }

    @Test
    void gruNetworks() throws Exception {
        List<Network> nets = new ArrayList<>();
        int seed = 50;
        for (boolean resetAfter : new boolean[] {true, false}) {
            for (Direction dir : Direction.values()) {
                for (OutputMode mode : new OutputMode[] {OutputMode.SEQUENCE, OutputMode.LAST_STEP,
                    OutputMode.LAST_STATE}) {
                    nets.add(Int8CompilationTest.gru(++seed, resetAfter, dir, mode));
                }
            }
        }
        for (Network n : nets) {
            assertSameAsTheFloatImage(n, 6, 9);
        }
    }
}
