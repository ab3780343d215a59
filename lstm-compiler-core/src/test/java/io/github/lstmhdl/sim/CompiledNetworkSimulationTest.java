package io.github.lstmhdl.sim;

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
import io.github.lstmhdl.testing.RandomNetworks;
import io.github.lstmhdl.testing.ReferenceLstm;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole back half of the product on random networks: compile, write the ELF image, read it back,
 * run it on the simulator (which sees only the image's bytes), and compare with the independent float64
 * reference; with gate fusion and fused activations on and off, and with tiny FC memories that force
 * tiling.
 */
class CompiledNetworkSimulationTest {

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        Random r = new Random(2026);
        Direction[] dirs = Direction.values();
        OutputMode[] modes = OutputMode.values();
        for (int i = 0; i < 24; i++) {
            int d = 1 + r.nextInt(40);
            int layers = 1 + r.nextInt(3);
            RandomNetworks b = RandomNetworks.builder(100 + i, d, 0);
            for (int l = 0; l < layers; l++) {
                boolean last = l == layers - 1;
                OutputMode mode = last ? modes[r.nextInt(modes.length)] : OutputMode.SEQUENCE;
                b.lstm("lstm_" + (l + 1), 1 + r.nextInt(48), dirs[r.nextInt(dirs.length)], mode, r.nextBoolean(),
                        r.nextBoolean());
            }
            switch (r.nextInt(4)) {
                case 0 -> { }
                case 1 -> b.fc("fc_1", 1 + r.nextInt(10));
                case 2 -> b.fc("fc_1", 1 + r.nextInt(10)).softmax("softmax_1", r.nextBoolean());
                default -> b.fc("fc_1", 8).activation("relu_1", Activation.RELU).fc("fc_2", 3);
            }
            int t = 1 + r.nextInt(60);
            cases.add(Arguments.of("net" + i, b.build("net" + i), t, 100L + i));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} T={2}")
    @MethodSource("cases")
    void theSimulatedImageMatchesTheReference(String name, Network network, int t, long seed) throws Exception {
        float[][] x = RandomNetworks.sequence(seed, t, network.input().featureSize());
        double[][] expected = ReferenceLstm.run(network, x);
        ProcessorConfig base = ProcessorConfig.defaults().with("maxSequenceLength", "64");
        List<ProcessorConfig> configs = List.of(base,
                base.with("inputProjection", "true"),
                base.with("gateFusion", "false"),
                base.with("fusedActivations", "false").with("softmaxOnHost", "false"),
                base.with("fcThreads", "16").with("fcInputMemorySize", "16").with("fcOutputMemorySize", "16"));
        for (ProcessorConfig config : configs) {
            CompiledNetwork compiled = NetworkCompiler.compile(network, config, name + ".lstm.json", "test", false);
            ByteArrayOutputStream image = new ByteArrayOutputStream();
            ElfImageWriter.write(compiled, image);
            Simulator sim = Simulator.load(ImageReader.read(image.toByteArray(), name + ".elf"));
            float[] flat = new float[t * x[0].length];
            for (int i = 0; i < t; i++) {
                System.arraycopy(x[i], 0, flat, i * x[0].length, x[0].length);
            }
            float[] y = sim.predict(flat, t);
            int k = expected[0].length;
            assertEquals(expected.length * k, y.length, "output size");
            for (int i = 0; i < y.length; i++) {
                assertEquals(expected[i / k][i % k], y[i], 1e-5, config.canonicalText() + " element " + i);
            }
        }
    }
}
