package io.github.lstmhdl.onnx;

import static io.github.lstmhdl.testing.OnnxModelBuilder.attr;
import static io.github.lstmhdl.testing.OnnxModelBuilder.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.LstmLayer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.layout.Axis;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import io.github.lstmhdl.testing.OrtRunner;
import io.github.lstmhdl.testing.OutputComparison;
import io.github.lstmhdl.testing.ReferenceLstm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Builds ONNX models with random (seeded) weights, runs them in onnxruntime, imports them and runs the
 * imported network in the independent float64 {@link ReferenceLstm}: equal outputs prove gate
 * reordering, the bias sum, peepholes, directions, initial states and the head patterns.
 */
class OnnxImportOrtTest {
    /**
     * The models here name their nodes with short placeholders ("l1", "head"), which are clean layer
     * names; the tests check the structure under the positional names (LayerNamesTest checks the rule).
     */
    private static final ImportOptions POSITIONAL = ImportOptions.defaults().withPositionalLayerNames(true);

    private static final double TOLERANCE = 1e-5;
    private static final int T = 7;
    private static final int N = 2;

    /** Adds an LSTM node with random weights; outputs as named ("" omits). */
    static void lstm(OnnxModelBuilder b, Random r, String name, String x, int d, int h, String direction,
            boolean bias, boolean peep, boolean init, int batch, List<String> outputs, OnnxModelBuilder.Attr... extra) {
        b.randomLstm(r, name, x, d, h, direction, 0.6f, bias, peep, init, batch, outputs, extra);
    }

    /** Runs onnxruntime and the imported network on the same random input; returns the network. */
    static Network check(byte[] model, String input, long[] shape, String output, long seed) throws Exception {
        Random r = new Random(seed);
        int count = 1;
        for (long s : shape) {
            count *= (int) s;
        }
        float[] x = OnnxModelBuilder.random(r, count, 1.5f);
        OrtRunner.Tensor ort = OrtRunner.run(model, Map.of(input, new OrtRunner.Tensor(x, shape)), output);
        Network n = OnnxImporter.read(model, "model.onnx", POSITIONAL.withOutput(output));
        int batches = (int) shape[n.input().axes().indexOf(Axis.BATCH)];
        for (int b = 0; b < batches; b++) {
            float[][] seq = OutputComparison.sequence(n.input().axes(), x, shape, b);
            double[][] ref = ReferenceLstm.run(n, seq);
            OutputComparison.assertMatches(n, ort.data(), ort.shape(), b, ref, TOLERANCE);
        }
        return n;
    }

    private static List<String> names(Network n) {
        return n.layers().stream().map(Layer::name).toList();
    }

    @Test
    void forwardWithBiasPeepholesAndInitialStatesAllOutputs() throws Exception {
        for (String out : List.of("Y", "Y_h", "Y_c")) {
            OnnxModelBuilder b = new OnnxModelBuilder(14);
            b.input("X", T, N, 5);
            lstm(b, new Random(1), "lstm", "X", 5, 6, "forward", true, true, true, N, List.of("Y", "Y_h", "Y_c"));
            b.output(out, out.equals("Y") ? new Object[] {T, 1, N, 6} : new Object[] {1, N, 6});
            Network n = check(b.build(), "X", new long[] {T, N, 5}, out, 11);
            LstmLayer l = (LstmLayer) n.layers().get(0);
            assertEquals("lstm_1", l.name());
            assertEquals("lstm", l.origin());
            assertEquals(Map.of("Y", OutputMode.SEQUENCE, "Y_h", OutputMode.LAST_STATE, "Y_c", OutputMode.LAST_CELL)
                    .get(out), l.outputMode());
            assertEquals(List.of(Axis.TIME, Axis.BATCH, Axis.FEATURE), n.input().axes());
            assertEquals(N, n.input().batchSize());
            assertEquals(T, n.input().sequenceLength());
        }
    }

    @Test
    void reverseAndBidirectional() throws Exception {
        for (String dir : List.of("reverse", "bidirectional")) {
            int dirs = dir.equals("reverse") ? 1 : 2;
            for (String out : List.of("Y", "Y_h", "Y_c")) {
                OnnxModelBuilder b = new OnnxModelBuilder(13);
                b.input("X", T, N, 4);
                lstm(b, new Random(2), "enc", "X", 4, 5, dir, true, true, true, N, List.of("Y", "Y_h", "Y_c"));
                b.output(out, out.equals("Y") ? new Object[] {T, dirs, N, 5} : new Object[] {dirs, N, 5});
                Network n = check(b.build(), "X", new long[] {T, N, 4}, out, 12);
                assertEquals(dir.equals("reverse") ? Direction.REVERSE : Direction.BIDIRECTIONAL,
                        ((LstmLayer) n.layers().get(0)).direction());
                if (out.equals("Y")) {
                    assertEquals(List.of(Axis.TIME, dirs == 2 ? Axis.DIRECTION : Axis.UNIT, Axis.BATCH, Axis.FEATURE),
                            n.output().axes());
                }
            }
        }
    }

    @Test
    void stackedBatchFirstBidirectionalWithLastStepGemmSoftmax() throws Exception {
        OnnxModelBuilder b = new OnnxModelBuilder(13);
        Random r = new Random(3);
        b.input("x", "batch", T, 3);
        b.node("Transpose", "in_t", List.of("x"), List.of("xt"), ints("perm", 1, 0, 2));
        lstm(b, r, "l1", "xt", 3, 4, "bidirectional", true, false, false, 1, List.of("y1", "", ""));
        b.node("Transpose", "t1", List.of("y1"), List.of("y1t"), ints("perm", 0, 2, 1, 3));
        b.initializerLongs("shape3", new long[] {0, 0, -1}, 3);
        b.node("Reshape", "r1", List.of("y1t", "shape3"), List.of("y1r"));
        lstm(b, r, "l2", "y1r", 8, 6, "forward", true, false, false, 1, List.of("y2", "", ""));
        b.initializerLongs("ax1", new long[] {1}, 1);
        b.node("Squeeze", "sq", List.of("y2", "ax1"), List.of("y2s"));
        b.initializerLongs("last", new long[] {-1});
        b.node("Gather", "pick", List.of("y2s", "last"), List.of("h"), attr("axis", 0L));
        b.initializer("fcw", OnnxModelBuilder.random(r, 3 * 6, 0.8f), 3, 6);
        b.initializer("fcb", OnnxModelBuilder.random(r, 3, 0.8f), 3);
        b.node("Gemm", "head", List.of("h", "fcw", "fcb"), List.of("logits"), attr("transB", 1L));
        b.node("Softmax", "sm", List.of("logits"), List.of("probs"), attr("axis", 1L));
        b.output("probs", "batch", 3);
        Network n = check(b.build(), "x", new long[] {N, T, 3}, "probs", 13);
        assertEquals(List.of("lstm_1", "lstm_2", "fc_1", "softmax_1"), names(n));
        assertEquals(OutputMode.LAST_STATE, ((LstmLayer) n.layers().get(1)).outputMode());
        assertEquals(List.of(Axis.BATCH, Axis.TIME, Axis.FEATURE), n.input().axes());
        assertEquals(0, n.input().batchSize());
        assertEquals(List.of(Axis.BATCH, Axis.FEATURE), n.output().axes());
    }

    @Test
    void matMulAddReluPerStepAndSliceOfLastStep() throws Exception {
        for (boolean slice : List.of(false, true)) {
            OnnxModelBuilder b = new OnnxModelBuilder(11);
            Random r = new Random(4);
            b.input("X", "T", N, 5);
            lstm(b, r, "l", "X", 5, 4, "reverse", false, false, false, N, List.of("Y"));
            b.node("Squeeze", "sq", List.of("Y"), List.of("Ys"), ints("axes", 1));
            b.initializer("mw", OnnxModelBuilder.random(r, 4 * 3, 0.8f), 4, 3);
            b.initializer("mb", OnnxModelBuilder.random(r, 3, 0.8f), 3);
            b.node("MatMul", "mm", List.of("Ys", "mw"), List.of("z"));
            b.node("Add", "add", List.of("z", "mb"), List.of("zb"));
            b.node("Relu", "act", List.of("zb"), List.of("a"));
            String out = "a";
            if (slice) {
                b.initializerLongs("s0", new long[] {-1}, 1);
                b.initializerLongs("e0", new long[] {Long.MAX_VALUE}, 1);
                b.initializerLongs("a0", new long[] {0}, 1);
                b.node("Slice", "last", List.of("a", "s0", "e0", "a0"), List.of("al"));
                out = "al";
            }
            b.output(out, slice ? 1 : "T", N, 3);
            Network n = check(b.build(), "X", new long[] {T, N, 5}, out, 14);
            assertEquals(List.of("lstm_1", "fc_1", "relu_1"), names(n));
            assertEquals(slice ? OutputMode.LAST_STEP : OutputMode.SEQUENCE, ((LstmLayer) n.layers().get(0)).outputMode());
            assertEquals(0, n.input().sequenceLength());
        }
    }

    @Test
    void lastStateGemmWithoutTransposeAlphaBetaAndTanh() throws Exception {
        OnnxModelBuilder b = new OnnxModelBuilder(9);
        Random r = new Random(5);
        b.input("X", T, 1, 2);
        lstm(b, r, "l", "X", 2, 3, "forward", true, true, false, 1, List.of("", "Yh"));
        b.node("Squeeze", "sq", List.of("Yh"), List.of("h"), ints("axes", 0));
        b.initializer("gw", OnnxModelBuilder.random(r, 3 * 4, 0.8f), 3, 4);
        b.initializer("gb", OnnxModelBuilder.random(r, 4, 0.8f), 1, 4);
        b.node("Gemm", "g", List.of("h", "gw", "gb"), List.of("z"), attr("alpha", 0.7f), attr("beta", 1.3f));
        b.node("Tanh", "t", List.of("z"), List.of("o"));
        b.output("o", 1, 4);
        Network n = check(b.build(), "X", new long[] {T, 1, 2}, "o", 15);
        assertEquals(List.of("lstm_1", "fc_1", "tanh_1"), names(n));
    }

    @Test
    void opset9SliceAttributesAndLogSoftmax() throws Exception {
        OnnxModelBuilder b = new OnnxModelBuilder(9);
        Random r = new Random(6);
        b.input("X", T, 1, 3);
        lstm(b, r, "l", "X", 3, 4, "bidirectional", true, false, false, 1, List.of("Y"));
        b.node("Slice", "s", List.of("Y"), List.of("Yl"), ints("starts", -1), ints("ends", 1L << 40), ints("axes", 0));
        b.node("Transpose", "t", List.of("Yl"), List.of("Yt"), ints("perm", 0, 2, 1, 3));
        b.initializerLongs("shape", new long[] {1, 8}, 2);
        b.node("Reshape", "rs", List.of("Yt", "shape"), List.of("v"));
        b.initializer("gw", OnnxModelBuilder.random(r, 5 * 8, 0.8f), 5, 8);
        b.initializer("gc", OnnxModelBuilder.random(r, 1, 0.8f));
        b.node("Gemm", "g", List.of("v", "gw", "gc"), List.of("z"), attr("transB", 1L));
        b.node("LogSoftmax", "ls", List.of("z"), List.of("o"));
        b.output("o", 1, 5);
        Network n = check(b.build(), "X", new long[] {T, 1, 3}, "o", 16);
        assertEquals(List.of("lstm_1", "fc_1", "softmax_1"), names(n));
        assertEquals(OutputMode.LAST_STEP, ((LstmLayer) n.layers().get(0)).outputMode());
    }

    /**
     * W and R as float_data (the typed field) instead of raw_data: the same layer as the raw twin, and the
     * same outputs as onnxruntime.
     */
    @Test
    void weightsInFloatData() throws Exception {
        Network[] nets = new Network[2];
        for (int typed = 0; typed < 2; typed++) {
            OnnxModelBuilder b = new OnnxModelBuilder(13);
            Random r = new Random(9);
            float[] w = OnnxModelBuilder.random(r, 4 * 5 * 3, 0.6f);
            float[] rr = OnnxModelBuilder.random(r, 4 * 5 * 5, 0.6f);
            b.input("X", T, N, 3);
            if (typed == 1) {
                b.initializerProto(OnnxModelBuilder.floatDataTensor("W", w, 1, 20, 3));
                b.initializerProto(OnnxModelBuilder.floatDataTensor("R", rr, 1, 20, 5));
            } else {
                b.initializer("W", w, 1, 20, 3);
                b.initializer("R", rr, 1, 20, 5);
            }
            b.initializer("B", OnnxModelBuilder.random(r, 40, 0.5f), 1, 40);
            b.node("LSTM", "lstm", List.of("X", "W", "R", "B"), List.of("Y"), attr("hidden_size", 5L));
            b.output("Y", T, 1, N, 5);
            nets[typed] = typed == 1 ? check(b.build(), "X", new long[] {T, N, 3}, "Y", 18)
                    : OnnxImporter.read(b.build(), "model.onnx", POSITIONAL);
        }
        assertEquals(nets[0].layers(), nets[1].layers());
    }

    /** Unsqueeze with its axes as an attribute (before opset 13) or as an input (from 13). */
    private static void unsqueeze(OnnxModelBuilder b, int opset, String in, String out, long axis) {
        axesNode(b, opset, "Unsqueeze", in, out, axis);
    }

    private static void axesNode(OnnxModelBuilder b, int opset, String op, String in, String out, long axis) {
        if (opset < 13) {
            b.node(op, op + "_" + out, List.of(in), List.of(out), ints("axes", axis));
        } else {
            b.initializerLongs(out + "_axes", new long[] {axis}, 1);
            b.node(op, op + "_" + out, List.of(in, out + "_axes"), List.of(out));
        }
    }

    /**
     * What exporters put around an LSTM, without the shared models: Cast and Dropout on the data path;
     * initial states built from the batch dimension by Shape, Gather, Unsqueeze, Concat, Cast and Expand
     * of a random row; Squeeze of Y_h, MatMul + Add, Sigmoid and a final Unsqueeze.
     */
    @ParameterizedTest
    @ValueSource(ints = {11, 13})
    void exporterPatternsAroundTheLstm(int opset) throws Exception {
        OnnxModelBuilder b = new OnnxModelBuilder(opset);
        Random r = new Random(10);
        int d = 4;
        int h = 5;
        b.input("X", "T", N, d);
        b.node("Cast", "cast_x", List.of("X"), List.of("Xc"), attr("to", 1L));
        b.node("Dropout", "drop", List.of("Xc"), List.of("Xd"));
        b.node("Shape", "shape", List.of("X"), List.of("s"));
        b.initializerLongs("one", new long[] {1});
        b.node("Gather", "batch", List.of("s", "one"), List.of("n"), attr("axis", 0L));
        unsqueeze(b, opset, "n", "n1", 0);
        b.initializerLongs("dirs", new long[] {1}, 1);
        b.initializerLongs("hidden", new long[] {h}, 1);
        b.node("Concat", "dims", List.of("dirs", "n1", "hidden"), List.of("dims"), attr("axis", 0L));
        b.node("Cast", "to_int32", List.of("dims"), List.of("dims32"), attr("to", 6L));
        b.node("Cast", "to_int64", List.of("dims32"), List.of("dims64"), attr("to", 7L));
        b.initializer("h_row", OnnxModelBuilder.random(r, h, 0.8f), 1, 1, h);
        b.initializer("c_row", OnnxModelBuilder.random(r, h, 0.8f), 1, 1, h);
        b.node("Expand", "h0", List.of("h_row", "dims64"), List.of("h0"));
        b.node("Expand", "c0", List.of("c_row", "dims64"), List.of("c0"));
        b.initializer("W", OnnxModelBuilder.random(r, 4 * h * d, 0.6f), 1, 4 * h, d);
        b.initializer("R", OnnxModelBuilder.random(r, 4 * h * h, 0.6f), 1, 4 * h, h);
        b.initializer("B", OnnxModelBuilder.random(r, 8 * h, 0.5f), 1, 8 * h);
        b.node("LSTM", "lstm", List.of("Xd", "W", "R", "B", "", "h0", "c0"), List.of("", "Yh"),
                attr("hidden_size", (long) h));
        axesNode(b, opset, "Squeeze", "Yh", "hs", 0);
        b.initializer("mw", OnnxModelBuilder.random(r, h * 3, 0.8f), h, 3);
        b.initializer("mb", OnnxModelBuilder.random(r, 3, 0.8f), 3);
        b.node("MatMul", "mm", List.of("hs", "mw"), List.of("z"));
        b.node("Add", "add", List.of("z", "mb"), List.of("zb"));
        b.node("Sigmoid", "act", List.of("zb"), List.of("a"));
        unsqueeze(b, opset, "a", "o", 1);
        b.output("o", N, 1, 3);
        Network n = check(b.build(), "X", new long[] {T, N, d}, "o", 19);
        assertEquals(List.of("lstm_1", "fc_1", "sigmoid_1"), names(n));
        LstmLayer l = (LstmLayer) n.layers().get(0);
        assertTrue(l.directions().get(0).initialHidden().isPresent(), "the expanded random initial_h");
        assertTrue(l.directions().get(0).initialCell().isPresent(), "the expanded random initial_c");
        assertEquals(0, n.input().sequenceLength());
        assertEquals(List.of(Axis.BATCH, Axis.UNIT, Axis.FEATURE), n.output().axes());
    }

    /**
     * Shape arithmetic with reductions, as TensorFlow's Tensordot and tf2onnx's zero states write it:
     * the zero state's dimensions are ReduceProd of the batch dimension (keepdims, axes as an attribute
     * before opset 18, as an input from 18), ReduceSum of two parts of the hidden size and ReduceMax of
     * the direction count, all folded at import time; onnxruntime runs the same graph.
     */
    @ParameterizedTest
    @ValueSource(ints = {13, 18})
    void reductionsInShapeArithmeticFold(int opset) throws Exception {
        OnnxModelBuilder b = new OnnxModelBuilder(opset);
        Random r = new Random(11);
        int d = 3;
        int h = 4;
        b.input("X", T, N, d);
        b.node("Shape", "shape", List.of("X"), List.of("s"));
        b.initializerLongs("batch_at", new long[] {1}, 1);
        b.node("Gather", "batch", List.of("s", "batch_at"), List.of("n"), attr("axis", 0L));
        reduce(b, opset, "ReduceProd", "n", "n1", true);
        b.initializerLongs("hidden_parts", new long[] {h - 1, 1}, 2);
        b.initializerLongs("zero_axis", new long[] {0}, 1);
        b.node("ReduceSum", "hidden", List.of("hidden_parts", "zero_axis"), List.of("hid"), attr("keepdims", 1L));
        b.initializerLongs("dir_counts", new long[] {1, 0, 1}, 3);
        reduce(b, opset, "ReduceMax", "dir_counts", "dirs", true);
        b.node("Concat", "dims", List.of("dirs", "n1", "hid"), List.of("dims"), attr("axis", 0L));
        b.node("ConstantOfShape", "zeros", List.of("dims"), List.of("h0"));
        b.initializer("W", OnnxModelBuilder.random(r, 4 * h * d, 0.6f), 1, 4 * h, d);
        b.initializer("R", OnnxModelBuilder.random(r, 4 * h * h, 0.6f), 1, 4 * h, h);
        b.node("LSTM", "lstm", List.of("X", "W", "R", "", "", "h0"), List.of("Y"), attr("hidden_size", (long) h));
        b.output("Y", T, 1, N, h);
        Network n = check(b.build(), "X", new long[] {T, N, d}, "Y", 20);
        assertEquals(List.of("lstm_1"), names(n));
    }

    /**
     * A bidirectional layer's directions taken apart and put back together, as tf2onnx writes Keras'
     * concatenating Bidirectional: Slice (or Gather) of each direction of Y, Squeeze, Concat along the
     * features, into a second LSTM; or Slice keeping the direction axis and Concat along it. Each form
     * matches onnxruntime through both layers.
     */
    @ParameterizedTest
    @ValueSource(strings = {"slice-squeeze-features", "gather-features", "slice-direction-axis"})
    void directionsCutApartAndConcatenated(String form) throws Exception {
        OnnxModelBuilder b = new OnnxModelBuilder(13);
        Random r = new Random(12);
        int h = 4;
        b.input("X", T, N, 3);
        lstm(b, r, "l1", "X", 3, h, "bidirectional", true, false, false, N, List.of("Y"));
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            b.initializerLongs("at" + k, new long[] {k}, form.equals("gather-features") ? new long[0] : new long[] {1});
            if (form.equals("gather-features")) {
                b.node("Gather", "g" + k, List.of("Y", "at" + k), List.of("p" + k), attr("axis", 1L));
                parts.add("p" + k);
                continue;
            }
            b.initializerLongs("end" + k, new long[] {k + 1}, 1);
            b.initializerLongs("axis" + k, new long[] {1}, 1);
            b.node("Slice", "s" + k, List.of("Y", "at" + k, "end" + k, "axis" + k), List.of("y" + k));
            if (form.equals("slice-direction-axis")) {
                parts.add("y" + k);
            } else {
                b.node("Squeeze", "q" + k, List.of("y" + k, "axis" + k), List.of("p" + k));
                parts.add("p" + k);
            }
        }
        boolean alongDirections = form.equals("slice-direction-axis");
        b.node("Concat", "merge", parts, List.of("m"), attr("axis", alongDirections ? 1L : 2L));
        String next = "m";
        if (alongDirections) {
            b.node("Transpose", "t", List.of("m"), List.of("mt"), ints("perm", 0, 2, 1, 3));
            b.initializerLongs("flat", new long[] {0, 0, -1}, 3);
            b.node("Reshape", "r", List.of("mt", "flat"), List.of("mr"));
            next = "mr";
        }
        lstm(b, r, "l2", next, 2 * h, 5, "forward", true, false, false, N, List.of("Y2"));
        b.output("Y2", T, 1, N, 5);
        Network n = check(b.build(), "X", new long[] {T, N, 3}, "Y2", 21);
        assertEquals(List.of("lstm_1", "lstm_2"), names(n));
    }

    /** One direction alone, or the directions out of order, is one clear error naming the node. */
    @Test
    void aDirectionAloneOrOutOfOrderIsRejected() {
        for (boolean alone : List.of(true, false)) {
            OnnxModelBuilder b = new OnnxModelBuilder(13);
            Random r = new Random(13);
            b.input("X", T, N, 3);
            lstm(b, r, "l1", "X", 3, 4, "bidirectional", true, false, false, N, List.of("Y"));
            for (int k = 0; k < 2; k++) {
                b.initializerLongs("at" + k, new long[] {k});
                b.node("Gather", "g" + k, List.of("Y", "at" + k), List.of("p" + k), attr("axis", 1L));
            }
            b.initializer("w", OnnxModelBuilder.random(r, 4 * 2, 0.5f), 4, 2);
            if (alone) {
                b.node("MatMul", "fc", List.of("p1", "w"), List.of("z"));
            } else {
                b.node("Concat", "merge", List.of("p1", "p0"), List.of("z"), attr("axis", 2L));
            }
            b.output("z", T, N, alone ? 2 : 8);
            InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                    () -> OnnxImporter.read(b.build(), "model.onnx", POSITIONAL));
            assertTrue(e.getMessage().startsWith(alone ? "model.onnx: node 'fc' (MatMul): uses direction 1 of the 2 of"
                    + " bidirectional node 'l1' alone" : "model.onnx: node 'merge' (Concat): only the directions of"
                    + " one bidirectional layer, each once and in order"), e.getMessage());
        }
    }

    /** A reduction over axis 0, its axes as an attribute (before opset 18) or as an input (from 18). */
    private static void reduce(OnnxModelBuilder b, int opset, String op, String in, String out, boolean keep) {
        if (opset < 18) {
            b.node(op, op + "_" + out, List.of(in), List.of(out), ints("axes", 0), attr("keepdims", keep ? 1L : 0L));
        } else {
            b.initializerLongs(out + "_axes", new long[] {0}, 1);
            b.node(op, op + "_" + out, List.of(in, out + "_axes"), List.of(out), attr("keepdims", keep ? 1L : 0L));
        }
    }

    /** onnxruntime rejects layout=1, so the batch-major twin is compared with the layout-0 model's output. */
    @Test
    void layoutOneMatchesItsLayoutZeroTwin() throws Exception {
        byte[][] models = new byte[2][];
        for (int layout = 0; layout < 2; layout++) {
            OnnxModelBuilder b = new OnnxModelBuilder(14);
            b.input("X", layout == 0 ? new Object[] {T, 1, 3} : new Object[] {1, T, 3});
            lstm(b, new Random(7), "l", "X", 3, 4, "bidirectional", true, true, false, 1, List.of("", "Yh"),
                    attr("layout", (long) layout));
            String yh = "Yh";
            if (layout == 0) {
                b.node("Transpose", "t", List.of("Yh"), List.of("Yht"), ints("perm", 1, 0, 2));
                yh = "Yht";
            }
            b.node("Flatten", "f", List.of(yh), List.of("v"), attr("axis", 1L));
            b.output("v", 1, 8);
            models[layout] = b.build();
        }
        float[] x = OnnxModelBuilder.random(new Random(17), T * 3, 1.5f);
        OrtRunner.Tensor ort = OrtRunner.run(models[0], Map.of("X", new OrtRunner.Tensor(x, new long[] {T, 1, 3})), "v");
        Network n = OnnxImporter.read(models[1], "batch_major.onnx", POSITIONAL);
        assertEquals(List.of(Axis.BATCH, Axis.TIME, Axis.FEATURE), n.input().axes());
        assertEquals(OutputMode.LAST_STATE, ((LstmLayer) n.layers().get(0)).outputMode());
        assertEquals(List.of(Axis.BATCH, Axis.FEATURE), n.output().axes());
        double[][] ref = ReferenceLstm.run(n, OutputComparison.sequence(n.input().axes(), x, new long[] {1, T, 3}, 0));
        OutputComparison.assertMatches(n, ort.data(), ort.shape(), 0, ref, TOLERANCE);
    }
}
