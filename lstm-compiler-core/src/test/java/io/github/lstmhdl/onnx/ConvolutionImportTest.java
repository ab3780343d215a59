package io.github.lstmhdl.onnx;

import static io.github.lstmhdl.testing.OnnxModelBuilder.attr;
import static io.github.lstmhdl.testing.OnnxModelBuilder.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.ImageReader;
import io.github.lstmhdl.image.writer.ElfImageWriter;
import io.github.lstmhdl.ir.ConvolutionLayer;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.json.JsonNetworkImporter;
import io.github.lstmhdl.json.JsonNetworkWriter;
import io.github.lstmhdl.pipeline.NetworkCompiler;
import io.github.lstmhdl.sim.SimulationException;
import io.github.lstmhdl.sim.Simulator;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 1-D convolution front-end's import: what it accepts (a Pad folded into the Conv after it, the
 * native JSON form written and read back) and one clear error naming the node for every attribute it
 * does not support; and the run-time rule that an image with a convolution runs only at its T.
 */
class ConvolutionImportTest {
    private static final int C = 3;
    private static final int T = 12;

    /** X [1, C, T] → (Pad) → Conv(attrs) → Transpose → LSTM(4) → Y_h. */
    private static byte[] model(long[] weightShape, boolean pad, String padMode, long[] pads,
            OnnxModelBuilder.Attr... convAttrs) {
        Random r = new Random(7);
        OnnxModelBuilder b = new OnnxModelBuilder(13).irVersion(8);
        b.input("X", 1, C, T);
        String x = "X";
        if (pad) {
            b.initializerLongs("pads", pads, pads.length);
            b.node("Pad", "the_pad", List.of("X", "pads"), List.of("p"), attr("mode", padMode));
            x = "p";
        }
        int n = 1;
        for (long s : weightShape) {
            n *= (int) s;
        }
        b.initializer("W", OnnxModelBuilder.random(r, n, 0.5f), weightShape);
        b.node("Conv", "the_conv", List.of(x, "W"), List.of("y"), convAttrs);
        b.node("Transpose", "tr", List.of("y"), List.of("seq"), ints("perm", 2, 0, 1));
        b.randomLstm(r, "lstm", "seq", (int) weightShape[0], 4, "forward", 0.5f, true, false, false, 1,
                List.of("", "Y_h"));
        b.output("Y_h", 1, 1, 4);
        return b.build();
    }

    private static InvalidNetworkException rejected(byte[] model) {
        return assertThrows(InvalidNetworkException.class, () -> OnnxImporter.read(model, "m.onnx",
                ImportOptions.defaults()));
    }

    @Test
    void aPadBeforeAConvBecomesItsPadding() throws Exception {
        Network n = OnnxImporter.read(model(new long[] {5, C, 3}, true, "reflect", new long[] {0, 0, 2, 0, 0, 1},
                ints("kernel_shape", 3), ints("strides", 2)), "m.onnx", ImportOptions.defaults());
        ConvolutionLayer conv = (ConvolutionLayer) n.layers().get(0);
        assertEquals(List.of(2, 1, ConvolutionLayer.PadMode.REFLECT, 2, 3),
                List.of(conv.padBefore(), conv.padAfter(), conv.padMode(), conv.stride(), conv.kernelSize()));
        assertEquals("the_conv", conv.origin());
        assertEquals(2, n.layers().size(), n.layers().toString());
        // (12 + 3 - 3) / 2 + 1 = 7 steps for the LSTM
        assertEquals(7, n.stepsPerLayer()[1]);
    }

    @Test
    void aTwoDimensionalKernelIsRejectedAtItsNode() {
        InvalidNetworkException e = rejected(model(new long[] {5, C, 3, 3}, false, "", null,
                ints("kernel_shape", 3, 3)));
        assertEquals("node 'the_conv' (Conv)", e.location());
        assertTrue(e.reason().contains("2-D kernel [3, 3]"), e.getMessage());
    }

    @Test
    void aGroupedWeightBankThatDoesNotFitIsRejected() {
        InvalidNetworkException e = rejected(model(new long[] {4, 2, 3}, false, "", null, ints("kernel_shape", 3),
                attr("group", 2L)));
        assertEquals("node 'the_conv' (Conv)", e.location());
        assertTrue(e.reason().contains("with group 2 do not match the input's 3 channels"), e.getMessage());
    }

    @Test
    void autoPadSameIsRejected() {
        for (String mode : List.of("SAME_UPPER", "SAME_LOWER")) {
            InvalidNetworkException e = rejected(model(new long[] {5, C, 3}, false, "", null, ints("kernel_shape", 3),
                    attr("auto_pad", mode)));
            assertEquals("node 'the_conv' (Conv)", e.location());
            assertTrue(e.reason().contains("auto_pad " + mode), e.getMessage());
        }
    }

    @Test
    void badStridesPadsAndPaddingAreRejectedAtTheirNodes() {
        List<String> reasons = new ArrayList<>();
        reasons.add(rejected(model(new long[] {5, C, 3}, false, "", null, ints("strides", 1, 1))).reason());
        reasons.add(rejected(model(new long[] {5, C, 3}, false, "", null, ints("pads", 1, 1, 1, 1))).reason());
        reasons.add(rejected(model(new long[] {5, C, 3}, false, "", null, ints("dilations", 0))).reason());
        reasons.add(rejected(model(new long[] {5, C, 13}, false, "", null)).reason());
        InvalidNetworkException channels = rejected(model(new long[] {5, C, 3}, true, "constant",
                new long[] {0, 1, 0, 0, 0, 0}));
        assertEquals("node 'the_pad' (Pad)", channels.location());
        InvalidNetworkException edge = rejected(model(new long[] {5, C, 3}, true, "edge", new long[] {0, 0, 1, 0, 0, 0}));
        assertEquals("node 'the_pad' (Pad)", edge.location());
        InvalidNetworkException huge = rejected(model(new long[] {5, C, 3}, true, "constant",
                new long[] {0, 0, 0, 0, 0, Integer.MAX_VALUE - 5}));
        assertTrue(huge.reason().contains("more than 2147483647"), huge.getMessage());
        InvalidNetworkException reflect = rejected(model(new long[] {5, C, 3}, true, "reflect",
                new long[] {0, 0, T, 0, 0, 0}));
        assertEquals("node 'the_pad' (Pad)", reflect.location());
        assertTrue(reasons.get(0).contains("strides [1, 1] must be one positive value"), reasons.toString());
        assertTrue(reasons.get(1).contains("must have 2 entries"), reasons.toString());
        assertTrue(reasons.get(2).contains("dilations [0]"), reasons.toString());
        assertTrue(reasons.get(3).contains("shorter than the kernel's span of 13"), reasons.toString());
        assertTrue(channels.reason().contains("only the time axis may be padded"), channels.getMessage());
        assertTrue(edge.reason().contains("mode 'edge' is not supported"), edge.getMessage());
        assertTrue(reflect.reason().contains("reflect padding of 12 steps needs an input longer"), reflect.getMessage());
    }

    /** X [1, C, T] → op(attrs) over the channels → Transpose → LSTM → Y_h; for the pool and norm errors. */
    private static byte[] afterInput(String op, List<String> extraInputs, OnnxModelBuilder.Attr... attrs) {
        Random r = new Random(10);
        OnnxModelBuilder b = new OnnxModelBuilder(15).irVersion(8);
        b.input("X", 1, C, T);
        List<String> in = new ArrayList<>(List.of("X"));
        for (String name : extraInputs) {
            b.initializer(name, new float[] {1f, 0.5f, 2f}, C);
            in.add(name);
        }
        b.node(op, "the_op", in, List.of("y"), attrs);
        b.node("Transpose", "tr", List.of("y"), List.of("seq"), ints("perm", 2, 0, 1));
        b.randomLstm(r, "lstm", "seq", C, 4, "forward", 0.5f, true, false, false, 1, List.of("", "Y_h"));
        b.output("Y_h", 1, 1, 4);
        return b.build();
    }

    @Test
    void poolAndNormalizationAttributesThatDoNotFitAreRejected() throws Exception {
        List<String> stats = List.of("scale", "B", "mean", "var");
        InvalidNetworkException training = rejected(afterInput("BatchNormalization", stats,
                attr("training_mode", 1L)));
        assertEquals("node 'the_op' (BatchNormalization)", training.location());
        assertTrue(training.reason().contains("training_mode 1"), training.getMessage());
        InvalidNetworkException exclude = rejected(afterInput("AveragePool", List.of(), ints("kernel_shape", 3),
                ints("pads", 1, 1)));
        assertEquals("node 'the_op' (AveragePool)", exclude.location());
        assertTrue(exclude.reason().contains("count_include_pad 0"), exclude.getMessage());
        InvalidNetworkException ceil = rejected(afterInput("AveragePool", List.of(), ints("kernel_shape", 3),
                attr("ceil_mode", 1L)));
        assertTrue(ceil.reason().contains("ceil_mode 1"), ceil.getMessage());
        InvalidNetworkException twoD = rejected(afterInput("AveragePool", List.of(), ints("kernel_shape", 3, 3)));
        assertTrue(twoD.reason().contains("1-D kernel_shape"), twoD.getMessage());
        InvalidNetworkException maxCeil = rejected(afterInput("MaxPool", List.of(), ints("kernel_shape", 3),
                attr("ceil_mode", 1L)));
        assertEquals("node 'the_op' (MaxPool)", maxCeil.location());
        assertTrue(maxCeil.reason().contains("MaxPool with ceil_mode 1"), maxCeil.getMessage());
        InvalidNetworkException maxHuge = rejected(afterInput("MaxPool", List.of(), ints("kernel_shape", 70000)));
        assertTrue(maxHuge.reason().contains("window of 70000 steps is more than 65536"), maxHuge.getMessage());
        InvalidNetworkException maxSame = rejected(afterInput("MaxPool", List.of(), ints("kernel_shape", 3),
                attr("auto_pad", "SAME_UPPER")));
        assertTrue(maxSame.reason().contains("MaxPool with auto_pad SAME_UPPER"), maxSame.getMessage());
        // on the input itself, a BatchNormalization is a scale and shift: an FC of diag(s) with bias t
        Network n = OnnxImporter.read(afterInput("BatchNormalization", stats), "m.onnx", ImportOptions.defaults());
        io.github.lstmhdl.ir.FullyConnectedLayer fc = (io.github.lstmhdl.ir.FullyConnectedLayer) n.layers().get(0);
        float[] w = fc.weights().toArray();
        // scale, B, mean and var are all {1, 0.5, 2}: s = scale / sqrt(var + 1e-5), t = B - mean * s
        double s0 = 1 / Math.sqrt(1 + (double) 1e-5f);
        double s1 = 0.5 / Math.sqrt(0.5 + (double) 1e-5f);
        assertEquals((float) s0, w[0]);
        assertEquals(0f, w[1]);
        assertEquals((float) s1, w[C + 1]);
        assertEquals((float) (1 - s0), fc.bias().toArray()[0]);
        assertEquals((float) (0.5 - 0.5 * s1), fc.bias().toArray()[1]);
    }

    @Test
    void aMaxPoolWritesAndReadsTheSameLayer(@TempDir Path dir) throws Exception {
        Network n = OnnxImporter.read(afterInput("MaxPool", List.of(), ints("kernel_shape", 3), ints("strides", 2),
                ints("pads", 1, 1)), "m.onnx", ImportOptions.defaults());
        io.github.lstmhdl.ir.MaxPoolLayer pool = (io.github.lstmhdl.ir.MaxPoolLayer) n.layers().get(0);
        assertEquals(List.of(3, 2, 1, 1, -Float.MAX_VALUE), List.of(pool.kernelSize(), pool.stride(), pool.padBefore(),
                pool.padAfter(), pool.padValue()));
        assertEquals(6, n.stepsPerLayer()[1]); // (12 + 2 - 3) / 2 + 1
        Path json = dir.resolve("p.lstm.json");
        JsonNetworkWriter.write(n, json);
        io.github.lstmhdl.ir.MaxPoolLayer back = (io.github.lstmhdl.ir.MaxPoolLayer) JsonNetworkImporter.read(json,
                ImportOptions.defaults()).layers().get(0);
        assertEquals(List.of(pool.size(), pool.kernelSize(), pool.stride(), pool.dilation(), pool.padBefore(),
                pool.padAfter(), pool.padMode(), pool.padValue()), List.of(back.size(), back.kernelSize(), back.stride(),
                back.dilation(), back.padBefore(), back.padAfter(), back.padMode(), back.padValue()));
    }

    @Test
    void int8RejectsConvolutionsAndPoolingNamingTheLayer() throws Exception {
        ProcessorConfig int8 = ProcessorConfig.defaults().with("dataType", "int8");
        io.github.lstmhdl.ptq.Calibration calibration = new io.github.lstmhdl.ptq.Calibration(C,
                List.of(OnnxModelBuilder.random(new Random(11), T * C, 1f)));
        Network conv = OnnxImporter.read(model(new long[] {5, C, 3}, false, "", null), "m.onnx",
                ImportOptions.defaults());
        io.github.lstmhdl.diagnostics.CompilationException e = assertThrows(
                io.github.lstmhdl.diagnostics.CompilationException.class,
                () -> io.github.lstmhdl.ptq.Int8Compilation.compile(conv, int8, calibration, "m.onnx", "t"));
        // the layer keeps its node's clean name (docs/formats.md, Names)
        assertEquals("m.onnx: the_conv: dataType int8: a 1-D convolution has no int8 program yet (compile the network"
                + " with dataType single)", e.getMessage());
        Network pool = OnnxImporter.read(afterInput("MaxPool", List.of(), ints("kernel_shape", 2)), "p.onnx",
                ImportOptions.defaults());
        e = assertThrows(io.github.lstmhdl.diagnostics.CompilationException.class,
                () -> io.github.lstmhdl.ptq.Int8Compilation.compile(pool, int8, calibration, "p.onnx", "t"));
        assertTrue(e.getMessage().startsWith("p.onnx: the_op: dataType int8: max pooling has no int8 program"),
                e.getMessage());
    }

    /** A graph output of the convolution's sequence is refused when the convolution changed its length. */
    @Test
    void anEarlierOutputOfAnotherLengthIsRejected() throws Exception {
        Random r = new Random(12);
        OnnxModelBuilder b = new OnnxModelBuilder(13).irVersion(8);
        b.input("X", 1, C, T);
        b.initializer("W", OnnxModelBuilder.random(r, 5 * C * 3, 0.5f), 5, C, 3);
        b.node("Conv", "the_conv", List.of("X", "W"), List.of("y"), ints("strides", 2));
        b.node("Transpose", "tr", List.of("y"), List.of("seq"), ints("perm", 2, 0, 1));
        b.randomLstm(r, "lstm", "seq", 5, 4, "forward", 0.5f, true, false, false, 1, List.of("", "Y_h"));
        b.output("Y_h", 1, 1, 4);
        b.output("y", 1, 5, 5);
        InvalidNetworkException e = rejected(b.build());
        assertTrue(e.reason().contains("output 'y' is a sequence of 5 steps after the convolutions, not the input's 12"),
                e.getMessage());
    }

    @Test
    void aDynamicSequenceLengthIsRejected() {
        Random r = new Random(8);
        OnnxModelBuilder b = new OnnxModelBuilder(13).irVersion(8);
        b.input("X", 1, C, "T");
        b.initializer("W", OnnxModelBuilder.random(r, 5 * C * 3, 0.5f), 5, C, 3);
        b.node("Conv", "the_conv", List.of("X", "W"), List.of("y"));
        b.node("Transpose", "tr", List.of("y"), List.of("seq"), ints("perm", 2, 0, 1));
        b.randomLstm(r, "lstm", "seq", 5, 4, "forward", 0.5f, true, false, false, 1, List.of("", "Y_h"));
        b.output("Y_h", 1, 1, 4);
        InvalidNetworkException e = rejected(b.build());
        assertTrue(e.reason().contains("needs a fixed sequence length"), e.getMessage());
    }

    @Test
    void anImageWithAConvolutionRunsOnlyAtItsSequenceLength() throws Exception {
        Network n = OnnxImporter.read(model(new long[] {5, C, 3}, false, "", null, ints("pads", 1, 1)), "m.onnx",
                ImportOptions.defaults());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ElfImageWriter.write(NetworkCompiler.compile(n, ProcessorConfig.defaults(), "m.onnx", "test", false), out);
        Simulator sim = Simulator.load(ImageReader.read(out.toByteArray(), "m.elf"));
        float[] x = OnnxModelBuilder.random(new Random(9), T * C, 1f);
        assertEquals(4, sim.run(x, T, true).length);
        SimulationException e = assertThrows(SimulationException.class,
                () -> sim.run(java.util.Arrays.copyOf(x, (T - 1) * C), T - 1, true));
        assertTrue(e.getMessage().contains("only length this program runs at"), e.getMessage());
    }

    @Test
    void theNativeFormWritesAndReadsTheSameLayer(@TempDir Path dir) throws Exception {
        Network n = OnnxImporter.read(model(new long[] {5, C, 3}, true, "constant", new long[] {0, 0, 1, 0, 0, 2},
                ints("dilations", 2), ints("strides", 3)), "m.onnx", ImportOptions.defaults());
        Path json = dir.resolve("m.lstm.json");
        JsonNetworkWriter.write(n, json);
        Network back = JsonNetworkImporter.read(json, ImportOptions.defaults());
        ConvolutionLayer a = (ConvolutionLayer) n.layers().get(0);
        ConvolutionLayer b = (ConvolutionLayer) back.layers().get(0);
        assertEquals(List.of(a.stride(), a.dilation(), a.padBefore(), a.padAfter(), a.padMode()),
                List.of(b.stride(), b.dilation(), b.padBefore(), b.padAfter(), b.padMode()));
        assertTrue(java.util.Arrays.equals(a.weights().toArray(), b.weights().toArray()));
        assertTrue(java.util.Arrays.equals(a.bias().toArray(), b.bias().toArray()));
        assertEquals(n.stepsPerLayer()[1], back.stepsPerLayer()[1]);
    }
}
