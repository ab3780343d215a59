package io.github.lstmhdl.fidelity;

import static io.github.lstmhdl.testing.OnnxModelBuilder.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.onnx.OnnxImporter;
import io.github.lstmhdl.onnx.RecurrentNodes.RecurrentNode;
import io.github.lstmhdl.onnx.RecurrentNodes.Values;
import io.github.lstmhdl.onnx.RecurrentNodes;
import io.github.lstmhdl.sim.Tensor;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import io.github.lstmhdl.testing.OrtRunner;
import io.github.lstmhdl.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 14 GRU nodes of the real speech-enhancement model {@code real-models/gtcrn-simple} (shared test
 * data, never copied; skipped visibly when absent), each cut out of the graph at its input and outputs:
 * a model of the node alone, with the node's own attributes (spelled-out default activations,
 * linear_before_reset=1, forward and bidirectional) and its own W, R and B, over an input of the
 * node's shape in the model (T × N: 1 × 1 for the H=16 temporal attention, 33 × 1 for the
 * bidirectional H=4 intra-frame RNN, 1 × 33 for the H=8 inter-frame RNN). Its initial_h is the node's
 * initializer where the model has one, else (the model computes it from its caches) a random state that
 * differs per batch entry. Y and Y_h are compared in turn with onnxruntime, gate fusion on and off.
 */
class GtcrnGruFidelityTest {
    private static final ErrorSummary SUMMARY = new ErrorSummary(GtcrnGruFidelityTest.class);

    static Stream<Arguments> nodes() throws Exception {
        Path model = SharedData.require("real-models/gtcrn-simple").resolve("gtcrn_simple.onnx");
        List<RecurrentNode> grus = RecurrentNodes.read(model, "GRU");
        assertEquals(14, grus.size(), "GRU nodes in " + model);
        List<Arguments> all = new ArrayList<>();
        for (int i = 0; i < grus.size(); i++) {
            all.add(Arguments.of(i, grus.get(i).name(), grus.get(i)));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("nodes")
    void nodeMatchesOnnxRuntime(int index, String name, RecurrentNode node) throws Exception {
        int h = Math.toIntExact(node.ints().get("hidden_size"));
        String direction = node.strings().getOrDefault("direction", "forward");
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        Values w = node.initializers().get(1);
        int d = (int) w.shape()[2];
        // the node's input shape in the model, by its kind (README of real-models)
        int t = dirs == 2 ? 33 : 1;
        int n = h == 8 ? 33 : 1;
        OnnxModelBuilder b = new OnnxModelBuilder(11).irVersion(6);
        b.input("X", t, n, d);
        List<String> in = new ArrayList<>(List.of("X", "W", "R", "", "", "h0"));
        b.initializer("W", w.data(), w.shape());
        b.initializer("R", node.initializers().get(2).data(), node.initializers().get(2).shape());
        if (node.initializers().containsKey(3)) {
            b.initializer("B", node.initializers().get(3).data(), node.initializers().get(3).shape());
            in.set(3, "B");
        }
        Values h0 = node.initializers().get(5);
        if (h0 != null) {
            b.initializer("h0", h0.data(), h0.shape());
        } else {
            b.initializer("h0", OnnxModelBuilder.random(new Random(40L + index), dirs * n * h, 0.9f), dirs, n, h);
        }
        List<OnnxModelBuilder.Attr> attrs = new ArrayList<>();
        node.ints().forEach((k, v) -> attrs.add(attr(k, v)));
        node.strings().forEach((k, v) -> attrs.add(attr(k, v)));
        node.stringLists().forEach((k, v) -> attrs.add(OnnxModelBuilder.strings(k, v.toArray(String[]::new))));
        b.node("GRU", name, in, List.of("Y", "Y_h"), attrs.toArray(OnnxModelBuilder.Attr[]::new));
        b.output("Y", t, dirs, n, h);
        b.output("Y_h", dirs, n, h);
        byte[] model = b.build();
        long[] shape = {t, n, d};
        float[] x = OnnxModelBuilder.random(new Random(50L + index), t * n * d, 1.5f);
        for (String output : List.of("Y", "Y_h")) {
            OrtRunner.Tensor ort = OrtRunner.run(model, Map.of("X", new OrtRunner.Tensor(x, shape)), output);
            Network network = OnnxImporter.read(model, name + ".onnx", ImportOptions.defaults().withOutput(output));
            for (ProcessorConfig config : Fidelity.configs(t)) {
                Tensor sim = Fidelity.simulate(network, config, name + ".onnx", shape, x);
                SUMMARY.compare(name + " " + output + ", gateFusion=" + config.gateFusion(), ort.shape(), ort.data(),
                        sim);
            }
        }
    }

    /** The whole model is still rejected, but for an op around the GRUs, named with its node, not for a GRU. */
    @Test
    void theWholeModelIsRejectedForAnOpAroundTheGrus() throws Exception {
        Path model = SharedData.require("real-models/gtcrn-simple").resolve("gtcrn_simple.onnx");
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                () -> OnnxImporter.read(model, ImportOptions.defaults().withOutput("enh")));
        assertEquals(model.toString(), e.file());
        assertTrue(e.location().startsWith("node '") && !e.location().contains("(GRU)"), e.getMessage());
        assertTrue(e.reason().endsWith("is not supported"), e.getMessage());
    }

    @AfterAll
    static void report() {
        SUMMARY.report();
    }
}
