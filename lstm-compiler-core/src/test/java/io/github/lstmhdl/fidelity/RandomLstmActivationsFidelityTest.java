package io.github.lstmhdl.fidelity;

import static io.github.lstmhdl.testing.OnnxModelBuilder.strings;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.onnx.OnnxImporter;
import io.github.lstmhdl.sim.Tensor;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import io.github.lstmhdl.testing.OrtRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random ONNX LSTMs with non-default {@code activations} (f, g, h per direction: Relu, Tanh,
 * Tanh; Sigmoid, Relu, Relu; Tanh, Sigmoid, Tanh; a bidirectional layer may use a different triple per
 * direction), forward, reverse and bidirectional, with and without peepholes, through the whole product,
 * compared with onnxruntime under the fidelity configurations, plus one with the activations outside the
 * FC write-back ({@code fusedActivations=false}).
 */
class RandomLstmActivationsFidelityTest {
    private static final ErrorSummary SUMMARY = new ErrorSummary(RandomLstmActivationsFidelityTest.class);
    private static final String[][] TRIPLES = {{"Relu", "Tanh", "Tanh"}, {"Sigmoid", "Relu", "Relu"},
            {"Tanh", "Sigmoid", "Tanh"}};
    private static final String[] DIRECTIONS = {"forward", "bidirectional", "reverse"};

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            all.add(Arguments.of(i, DIRECTIONS[i % 3], TRIPLES[i % 3], TRIPLES[(i / 3 + 1) % 3], i / 6 == 1));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "case {0}: {1} {2} {3} peepholes={4}")
    @MethodSource("cases")
    void simulatedImageMatchesOnnxRuntime(int index, String direction, String[] fwd, String[] bwd, boolean peep)
            throws Exception {
        Random r = new Random(0xAC7L + index);
        int n = 1 + index % 2;
        int t = 1 + r.nextInt(16);
        int d = 1 + r.nextInt(12);
        int h = 1 + r.nextInt(12);
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        List<String> acts = new ArrayList<>(List.of(fwd));
        if (dirs == 2) {
            acts.addAll(List.of(bwd));
        }
        OnnxModelBuilder b = new OnnxModelBuilder(14).irVersion(8);
        b.input("X", t, n, d);
        b.randomLstm(r, "lstm", "X", d, h, direction, 0.5f, true, peep, index % 4 == 0, n, List.of("Y"),
                strings("activations", acts.toArray(String[]::new)));
        b.output("Y", t, dirs, n, h);
        byte[] model = b.build();
        long[] shape = {t, n, d};
        float[] x = OnnxModelBuilder.random(new Random(5000L + index), t * n * d, 1.5f);
        OrtRunner.Tensor ort = OrtRunner.run(model, Map.of("X", new OrtRunner.Tensor(x, shape)), "Y");
        String file = "lstm-acts" + index + ".onnx";
        Network network = OnnxImporter.read(model, file, ImportOptions.defaults().withOutput("Y"));
        List<ProcessorConfig> configs = new ArrayList<>(Fidelity.configs(t));
        configs.add(configs.get(0).with("fusedActivations", "false"));
        for (ProcessorConfig config : configs) {
            Tensor sim = Fidelity.simulate(network, config, file, shape, x);
            SUMMARY.compare("case " + index + " " + acts + ", gateFusion=" + config.gateFusion()
                    + ", fusedActivations=" + config.fusedActivations(), ort.shape(), ort.data(), sim);
        }
    }

    @AfterAll
    static void report() {
        SUMMARY.report();
    }
}
