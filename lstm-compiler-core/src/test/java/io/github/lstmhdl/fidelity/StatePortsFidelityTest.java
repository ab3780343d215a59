package io.github.lstmhdl.fidelity;

import static io.github.lstmhdl.testing.OnnxModelBuilder.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.onnx.OnnxImporter;
import io.github.lstmhdl.sim.Simulator;
import io.github.lstmhdl.sim.Tensor;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import io.github.lstmhdl.testing.OrtRunner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random stacked recurrent graphs with explicit state ports against onnxruntime: initial h/c from graph
 * inputs (plain, and unpacked by Slice/Squeeze from one packed tensor), the main output beside the final
 * states Y_h/Y_c of every layer (also of the layer in the middle of the stack), packed by
 * Unsqueeze/Concat into one tensor or given as outputs of their own, and beside the outputs of earlier
 * layers. Each case streams four calls, each
 * fed the state outputs of the previous one, in every configuration of {@link Fidelity#configs}; where
 * the state ports hold every recurrent state (the packed case), the fourth call instead keeps the
 * processor's state ({@code predictAndUpdateState}) without state inputs and must equal onnxruntime fed
 * the third call's state outputs.
 */
class StatePortsFidelityTest {
    private static final ErrorSummary SUMMARY = new ErrorSummary(StatePortsFidelityTest.class);

    /** A random graph and what to feed it. */
    private record Case(byte[] model, int t, int d, Map<String, long[]> stateInputs, List<String> outputs,
            Map<String, String> feedback, boolean keepsEveryState) {
    }

    static Stream<Arguments> cases() {
        List<String> kinds = List.of("plain", "packed", "gru", "gathered", "bidirectional", "tapped");
        return IntStream.range(0, 18).mapToObj(i -> Arguments.of(i, kinds.get(i % kinds.size())));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void everyOutputMatchesOnnxRuntimeWhileStreaming(int index, String kind) throws Exception {
        Random r = new Random(700L + index);
        Case c = switch (kind) {
            case "plain" -> plain(r);
            case "packed" -> packed(r);
            case "gathered" -> gathered(r);
            case "bidirectional" -> bidirectional(r, index % 2 == 0);
            case "tapped" -> tapped(r, index % 2 == 1);
            default -> gru(r);
        };
        Network network = OnnxImporter.read(c.model(), "ports" + index + ".onnx", ImportOptions.defaults());
        for (ProcessorConfig config : Fidelity.configs(c.t())) {
            Simulator sim = Fidelity.simulator(Fidelity.imageBytes(network, config, "ports.onnx"), "ports.elf");
            assertEquals(c.outputs(), sim.outputNames());
            Map<String, float[]> states = new LinkedHashMap<>();
            c.stateInputs().forEach((name, shape) -> states.put(name,
                    OnnxModelBuilder.random(r, Fidelity.count(shape), 0.8f)));
            for (int call = 0; call < 4; call++) {
                long[] xShape = {c.t(), 1, c.d()};
                float[] x = OnnxModelBuilder.random(r, Fidelity.count(xShape), 1.5f);
                Map<String, OrtRunner.Tensor> feed = new LinkedHashMap<>();
                feed.put("X", new OrtRunner.Tensor(x, xShape));
                c.stateInputs().forEach((name, shape) -> feed.put(name, new OrtRunner.Tensor(states.get(name), shape)));
                Map<String, OrtRunner.Tensor> ort = OrtRunner.runAll(c.model(), feed, c.outputs());
                // the processor's own kept state, state inputs left out: equal to onnxruntime fed the previous
                // state outputs only when those hold every recurrent state (the packed case); a layer without
                // a state input continues from its kept state, where onnxruntime starts it from zeros
                boolean keep = call == 3 && c.keepsEveryState();
                Map<String, Tensor> in = new LinkedHashMap<>();
                feed.forEach((k, v) -> {
                    if (!keep || k.equals("X")) {
                        in.put(k, new Tensor(Fidelity.toInt(v.shape()), v.data()));
                    }
                });
                Map<String, Tensor> out = sim.run(in, keep);
                for (String name : c.outputs()) {
                    SUMMARY.compare(kind + " " + index + " call " + call + " " + name + ", gateFusion="
                            + config.gateFusion() + ", inputProjection=" + config.inputProjection(),
                            ort.get(name).shape(), ort.get(name).data(), out.get(name));
                }
                c.feedback().forEach((input, output) -> states.put(input, ort.get(output).data()));
            }
        }
    }

    /**
     * X → LSTM(h0, c0 from graph inputs) → Squeeze → LSTM → Y, with Y_h and Y_c of both layers as graph
     * outputs of their own.
     */
    private static Case plain(Random r) {
        int t = 1 + r.nextInt(5);
        int d = 2 + r.nextInt(4);
        int h1 = 2 + r.nextInt(5);
        int h2 = 2 + r.nextInt(5);
        OnnxModelBuilder b = new OnnxModelBuilder(13);
        b.input("X", t, 1, d);
        b.input("h0", 1, 1, h1);
        b.input("c0", 1, 1, h1);
        lstm(b, r, "first", "X", d, h1, "h0", "c0", List.of("Y1", "Y_h1", "Y_c1"));
        b.initializerLongs("axis1", new long[] {1}, 1);
        b.node("Squeeze", "squeeze", List.of("Y1", "axis1"), List.of("X2"));
        lstm(b, r, "second", "X2", h1, h2, "", "", List.of("Y", "Y_h2", "Y_c2"));
        b.output("Y", t, 1, 1, h2);
        b.output("Y_h1", 1, 1, h1);
        b.output("Y_c1", 1, 1, h1);
        b.output("Y_h2", 1, 1, h2);
        b.output("Y_c2", 1, 1, h2);
        Map<String, long[]> states = new LinkedHashMap<>();
        states.put("h0", new long[] {1, 1, h1});
        states.put("c0", new long[] {1, 1, h1});
        return new Case(b.build(), t, d, states, List.of("Y", "Y_h1", "Y_c1", "Y_h2", "Y_c2"),
                Map.of("h0", "Y_h1", "c0", "Y_c1"), false);
    }

    /**
     * The states of both layers (of one hidden size) packed in S [2, 2, 1, H] (layer, h or c, batch,
     * unit), unpacked by Slice and Squeeze and repacked by Unsqueeze and Concat into S_out of the same
     * layout; the main output is Y of the second layer squeezed to [T, 1, H].
     */
    private static Case packed(Random r) {
        int t = 1 + r.nextInt(5);
        int d = 2 + r.nextInt(4);
        int h = 2 + r.nextInt(6);
        OnnxModelBuilder b = new OnnxModelBuilder(13);
        b.input("X", t, 1, d);
        b.input("S", 2, 2, 1, h);
        b.initializerLongs("axis0", new long[] {0}, 1);
        b.initializerLongs("axes01", new long[] {0, 1}, 2);
        List<String> names = new ArrayList<>();
        for (int layer = 0; layer < 2; layer++) {
            for (int k = 0; k < 2; k++) {
                String s = "s" + layer + k;
                b.initializerLongs(s + "_start", new long[] {layer, k}, 2);
                b.initializerLongs(s + "_end", new long[] {layer + 1, k + 1}, 2);
                b.node("Slice", s + "_slice", List.of("S", s + "_start", s + "_end", "axes01"), List.of(s + "_4d"));
                b.node("Squeeze", s + "_squeeze", List.of(s + "_4d", "axis0"), List.of(s));
                names.add(s);
            }
        }
        lstm(b, r, "first", "X", d, h, "s00", "s01", List.of("Y1", "Y_h1", "Y_c1"));
        b.initializerLongs("axis1", new long[] {1}, 1);
        b.node("Squeeze", "squeeze", List.of("Y1", "axis1"), List.of("X2"));
        lstm(b, r, "second", "X2", h, h, "s10", "s11", List.of("Y2", "Y_h2", "Y_c2"));
        b.node("Squeeze", "squeeze_y", List.of("Y2", "axis1"), List.of("Y"));
        for (String s : List.of("Y_h1", "Y_c1", "Y_h2", "Y_c2")) {
            b.node("Unsqueeze", s + "_unsqueeze", List.of(s, "axis0"), List.of(s + "_4d"));
        }
        b.node("Concat", "pack1", List.of("Y_h1_4d", "Y_c1_4d"), List.of("layer1"), attr("axis", 1L));
        b.node("Concat", "pack2", List.of("Y_h2_4d", "Y_c2_4d"), List.of("layer2"), attr("axis", 1L));
        b.node("Concat", "pack", List.of("layer1", "layer2"), List.of("S_out"), attr("axis", 0L));
        b.output("Y", t, 1, h);
        b.output("S_out", 2, 2, 1, h);
        return new Case(b.build(), t, d, Map.of("S", new long[] {2, 2, 1, h}), List.of("Y", "S_out"),
                Map.of("S", "S_out"), true);
    }

    /**
     * Silero VAD's pattern: state [2, 1, H] holds h then c; Gather(state, 0 / 1) and Unsqueeze give
     * initial_h and initial_c; Concat of Y_h and Y_c along axis 0 gives stateN [2, 1, H]; the main output
     * is a sigmoid of Y.
     */
    private static Case gathered(Random r) {
        int t = 1 + r.nextInt(4);
        int d = 2 + r.nextInt(4);
        int h = 2 + r.nextInt(6);
        OnnxModelBuilder b = new OnnxModelBuilder(13);
        b.input("X", t, 1, d);
        b.input("state", 2, 1, h);
        b.initializerLongs("axis0", new long[] {0}, 1);
        for (int k = 0; k < 2; k++) {
            b.initializerLongs("index" + k, new long[] {k});
            b.node("Gather", "gather" + k, List.of("state", "index" + k), List.of("s" + k), attr("axis", 0L));
            b.node("Unsqueeze", "unsqueeze" + k, List.of("s" + k, "axis0"), List.of("init" + k));
        }
        lstm(b, r, "rnn", "X", d, h, "init0", "init1", List.of("Y", "Y_h", "Y_c"));
        b.node("Concat", "pack", List.of("Y_h", "Y_c"), List.of("stateN"), attr("axis", 0L));
        b.node("Sigmoid", "head", List.of("Y"), List.of("output"));
        b.output("output", t, 1, 1, h);
        b.output("stateN", 2, 1, h);
        return new Case(b.build(), t, d, Map.of("state", new long[] {2, 1, h}), List.of("output", "stateN"),
                Map.of("state", "stateN"), true);
    }

    /**
     * A bidirectional LSTM whose h0 and c0 [2, 1, H] are graph inputs (one piece per direction; the
     * backward direction's from row 1; h0 through an Identity), with Y, Y_h and Y_c [2, 1, H] as outputs.
     * When {@code shaped}, c0 is no port but ConstantOfShape(Shape(h0)) of 0.25: the shape of a state input
     * folds to a constant.
     */
    private static Case bidirectional(Random r, boolean shaped) {
        int t = 1 + r.nextInt(4);
        int d = 2 + r.nextInt(4);
        int h = 2 + r.nextInt(5);
        OnnxModelBuilder b = new OnnxModelBuilder(13);
        b.input("X", t, 1, d);
        b.input("h0", 2, 1, h);
        if (shaped) {
            b.node("Shape", "shape", List.of("h0"), List.of("h0_shape"));
            b.node("ConstantOfShape", "fill", List.of("h0_shape"), List.of("c0"), OnnxModelBuilder.tensor("value",
                    OnnxModelBuilder.floatTensor("v", new float[] {0.25f}, 1)));
        } else {
            b.input("c0", 2, 1, h);
        }
        b.initializer("bi_W", OnnxModelBuilder.random(r, 2 * 4 * h * d, 0.6f), 2, 4L * h, d);
        b.initializer("bi_R", OnnxModelBuilder.random(r, 2 * 4 * h * h, 0.6f), 2, 4L * h, h);
        b.initializer("bi_B", OnnxModelBuilder.random(r, 2 * 8 * h, 0.5f), 2, 8L * h);
        b.node("Identity", "same_h0", List.of("h0"), List.of("h0_again"));
        b.node("LSTM", "bi", List.of("X", "bi_W", "bi_R", "bi_B", "", "h0_again", "c0"), List.of("Y", "Y_h", "Y_c"),
                attr("hidden_size", (long) h), attr("direction", "bidirectional"));
        b.output("Y", t, 2, 1, h);
        b.output("Y_h", 2, 1, h);
        b.output("Y_c", 2, 1, h);
        Map<String, long[]> states = new LinkedHashMap<>();
        states.put("h0", new long[] {2, 1, h});
        if (shaped) {
            return new Case(b.build(), t, d, states, List.of("Y", "Y_h", "Y_c"), Map.of("h0", "Y_h"), false);
        }
        states.put("c0", new long[] {2, 1, h});
        return new Case(b.build(), t, d, states, List.of("Y", "Y_h", "Y_c"), Map.of("h0", "Y_h", "c0", "Y_c"), true);
    }

    /**
     * Outputs of earlier layers beside the main one: X → LSTM (h0 a graph input; bidirectional when
     * {@code bidirectional}) → Squeeze or Transpose + Reshape → LSTM → Sigmoid → Z, with the first LSTM's Y
     * and its reshaped form X2 as outputs of their own, and the second LSTM's Y_c as a state output.
     */
    private static Case tapped(Random r, boolean bidirectional) {
        int t = 1 + r.nextInt(4);
        int d = 2 + r.nextInt(4);
        int h1 = 2 + r.nextInt(5);
        int h2 = 2 + r.nextInt(5);
        int dirs = bidirectional ? 2 : 1;
        OnnxModelBuilder b = new OnnxModelBuilder(13);
        b.input("X", t, 1, d);
        b.input("h0", dirs, 1, h1);
        b.initializer("first_W", OnnxModelBuilder.random(r, dirs * 4 * h1 * d, 0.6f), dirs, 4L * h1, d);
        b.initializer("first_R", OnnxModelBuilder.random(r, dirs * 4 * h1 * h1, 0.6f), dirs, 4L * h1, h1);
        b.node("LSTM", "first", List.of("X", "first_W", "first_R", "", "", "h0"), List.of("Y1"),
                attr("hidden_size", (long) h1), attr("direction", bidirectional ? "bidirectional" : "forward"));
        if (bidirectional) {
            b.node("Transpose", "merge_t", List.of("Y1"), List.of("Y1_t"), OnnxModelBuilder.ints("perm", 0, 2, 1, 3));
            b.initializerLongs("merge_shape", new long[] {0, 0, -1}, 3);
            b.node("Reshape", "merge", List.of("Y1_t", "merge_shape"), List.of("X2"));
        } else {
            b.initializerLongs("axis1", new long[] {1}, 1);
            b.node("Squeeze", "squeeze", List.of("Y1", "axis1"), List.of("X2"));
        }
        lstm(b, r, "second", "X2", dirs * h1, h2, "", "", List.of("Y2", "", "Y_c2"));
        b.node("Sigmoid", "head", List.of("Y2"), List.of("Z"));
        b.output("Z", t, 1, 1, h2);
        b.output("Y1", t, dirs, 1, h1);
        b.output("X2", t, 1, dirs * h1);
        b.output("Y_c2", 1, 1, h2);
        return new Case(b.build(), t, d, Map.of("h0", new long[] {dirs, 1, h1}), List.of("Z", "Y_c2", "Y1", "X2"),
                Map.of(), false);
    }

    /** X → GRU (h0 from a graph input, Y_h an output) → Squeeze → LSTM → Y. */
    private static Case gru(Random r) {
        int t = 1 + r.nextInt(5);
        int d = 2 + r.nextInt(4);
        int h1 = 2 + r.nextInt(5);
        int h2 = 2 + r.nextInt(5);
        OnnxModelBuilder b = new OnnxModelBuilder(13);
        b.input("X", t, 1, d);
        b.input("h0", 1, 1, h1);
        b.randomGru(r, "first", "X", d, h1, "forward", 0.6f, true, 1, "h0", List.of("Y1", "Y_h1"));
        b.initializerLongs("axis1", new long[] {1}, 1);
        b.node("Squeeze", "squeeze", List.of("Y1", "axis1"), List.of("X2"));
        lstm(b, r, "second", "X2", h1, h2, "", "", List.of("Y", "", "Y_c2"));
        b.output("Y", t, 1, 1, h2);
        b.output("Y_h1", 1, 1, h1);
        b.output("Y_c2", 1, 1, h2);
        return new Case(b.build(), t, d, Map.of("h0", new long[] {1, 1, h1}), List.of("Y", "Y_h1", "Y_c2"),
                Map.of("h0", "Y_h1"), false);
    }

    /** A forward LSTM node with random W, R, B whose initial_h and initial_c are the given values ("" none). */
    private static void lstm(OnnxModelBuilder b, Random r, String name, String x, int d, int h, String h0, String c0,
            List<String> outputs) {
        b.initializer(name + "_W", OnnxModelBuilder.random(r, 4 * h * d, 0.6f), 1, 4L * h, d);
        b.initializer(name + "_R", OnnxModelBuilder.random(r, 4 * h * h, 0.6f), 1, 4L * h, h);
        b.initializer(name + "_B", OnnxModelBuilder.random(r, 8 * h, 0.5f), 1, 8L * h);
        List<String> in = new ArrayList<>(List.of(x, name + "_W", name + "_R", name + "_B", "", h0, c0));
        while (in.get(in.size() - 1).isEmpty()) {
            in.remove(in.size() - 1);
        }
        b.node("LSTM", name, in, outputs, attr("hidden_size", (long) h));
    }

    @AfterAll
    static void report() {
        SUMMARY.report();
    }
}
