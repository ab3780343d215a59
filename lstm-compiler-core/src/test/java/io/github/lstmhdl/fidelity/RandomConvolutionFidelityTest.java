package io.github.lstmhdl.fidelity;

import static io.github.lstmhdl.testing.OnnxModelBuilder.attr;
import static io.github.lstmhdl.testing.OnnxModelBuilder.ints;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.ir.ConvolutionLayer;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random CNN-LSTM front-ends through the whole product (ONNX bytes → importer → compiler → ELF
 * → simulator), compared with onnxruntime on the same random input: X [1, C, T] → an optional
 * {@code Pad} of the time axis (constant with a random value, or reflect) → {@code Conv} (random
 * kernel 1 to 7, stride 1 to 3, dilation 1 to 3, pads 0 to 3 each side) → Relu → optionally a second
 * Conv (dense or depthwise) and a Sigmoid or Tanh, a BatchNormalization (folded into the Conv before it, or after the Relu
 * as a scale and shift), an AveragePool or a MaxPool (with its own pads, or after a Pad) → Transpose to [T', 1, C'] → LSTM → Y_h. The sequence length after the
 * convolutions is the LSTM's loop count (docs/isa.md §3, LOOP), so a wrong length shows as a wrong
 * state. A length-keeping case (stride 1, "same" pads) ends in the per-step output Y.
 */
class RandomConvolutionFidelityTest {
    private static final int CASES = Integer.getInteger("fidelity.conv.cases", 24);
    private static final ErrorSummary SUMMARY = new ErrorSummary(RandomConvolutionFidelityTest.class);

    /** A generated case: the model, its input shape, the output, the sequence length. */
    record Case(String description, byte[] model, long[] shape, String output, int timeSteps) {
        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            all.add(Arguments.of(i, generate(new Random(0xC0417L + i), i)));
        }
        all.add(Arguments.of(CASES, sameLength(new Random(0x5A3EL))));
        all.add(Arguments.of(CASES + 1, padAlone(new Random(0x9AD0L))));
        all.add(Arguments.of(CASES + 2, pointwise(new Random(0x1C0FL))));
        all.add(Arguments.of(CASES + 3, stridedBidirectional(new Random(0xB1D1L))));
        return all.stream();
    }

    @ParameterizedTest(name = "case {0}: {1}")
    @MethodSource("cases")
    void simulatedImageMatchesOnnxRuntime(int index, Case c) throws Exception {
        float[] x = OnnxModelBuilder.random(new Random(5000L + index), Fidelity.count(c.shape()), 1.5f);
        OrtRunner.Tensor ort = OrtRunner.run(c.model(), Map.of("X", new OrtRunner.Tensor(x, c.shape())), c.output());
        Network network = OnnxImporter.read(c.model(), "conv" + index + ".onnx",
                ImportOptions.defaults().withOutput(c.output()));
        // a pointwise Conv (k 1, stride 1, no padding) is a fully connected layer and needs no convolution
        assertTrue(network.layers().stream().anyMatch(l -> l instanceof ConvolutionLayer) || c.toString().contains("k=1 "),
                network.layers()::toString);
        for (ProcessorConfig config : Fidelity.configs(c.timeSteps())) {
            Tensor sim = Fidelity.simulate(network, config, "conv" + index + ".onnx", c.shape(), x);
            SUMMARY.compare("case " + index + " (" + c + "), " + config.gateFusion(), ort.shape(), ort.data(), sim);
        }
    }

    @AfterAll
    static void report() {
        SUMMARY.report();
    }

    /** The generator really covers what the class promises. */
    @Test
    void theCasesCoverTheSpace() {
        String all = String.join("\n", cases().map(a -> a.get()[1].toString()).toList());
        for (String expected : List.of("Pad(constant", "Pad(reflect", "stride=2", "stride=3", "dil=2", "dil=3",
                "pads=0+0", "two convs", "head Y ", "BN(folded)", "BN(scale and shift)", "AveragePool(",
                "depthwise two convs", "MaxPool(", "MaxPool(k=2 stride=1 pads=1")) {
            assertTrue(all.contains(expected), "no case has " + expected + ":\n" + all);
        }
    }

    private static Case generate(Random r, int index) {
        int c = 1 + r.nextInt(12);
        int h = 1 + r.nextInt(16);
        int k = 1 + r.nextInt(7);
        int stride = 1 + r.nextInt(3);
        int dil = 1 + r.nextInt(3);
        int before = index % 4 == 0 ? 0 : r.nextInt(4);
        int after = index % 4 == 0 ? 0 : r.nextInt(4);
        String pad = switch (index % 3) {
            case 0 -> "";
            case 1 -> "constant";
            default -> "reflect";
        };
        int padBefore = pad.isEmpty() ? 0 : 1 + r.nextInt(4);
        int padAfter = pad.isEmpty() ? 0 : r.nextInt(4);
        int span = dil * (k - 1) + 1;
        int t = span + r.nextInt(40) + Math.max(padBefore, padAfter);
        int cout = 1 + r.nextInt(12);
        boolean two = index % 2 == 1;
        OnnxModelBuilder b = new OnnxModelBuilder(index % 2 == 0 ? 13 : 17).irVersion(8);
        b.input("X", 1, c, t);
        StringBuilder what = new StringBuilder("C=" + c + " T=" + t);
        String x = "X";
        if (!pad.isEmpty()) {
            float value = pad.equals("constant") ? (r.nextFloat() - 0.5f) * 2 : 0f;
            b.initializerLongs("pads", new long[] {0, 0, padBefore, 0, 0, padAfter}, 6);
            List<String> in = new ArrayList<>(List.of("X", "pads"));
            if (pad.equals("constant")) {
                b.initializer("value", new float[] {value}, new long[0]);
                in.add("value");
            }
            b.node("Pad", "pad", in, List.of("padded"), attr("mode", pad));
            x = "padded";
            what.append(" Pad(").append(pad).append(' ').append(padBefore).append('+').append(padAfter).append(')');
        }
        b.initializer("W1", OnnxModelBuilder.random(r, cout * c * k, 0.6f), cout, c, k);
        b.initializer("B1", OnnxModelBuilder.random(r, cout, 0.3f), cout);
        b.node("Conv", "conv1", List.of(x, "W1", "B1"), List.of("c1"), ints("kernel_shape", k),
                ints("strides", stride), ints("dilations", dil), ints("pads", before, after));
        what.append(" Conv(k=").append(k).append(" stride=").append(stride).append(" dil=").append(dil)
                .append(" pads=").append(before).append('+').append(after).append(" out=").append(cout).append(')');
        String convOut = "c1";
        if (index % 5 == 3) {
            convOut = batchNorm(b, r, "bn_folded", "c1", cout);
            what.append(" BN(folded)");
        }
        b.node("Relu", "relu1", List.of(convOut), List.of("r1"));
        long length = (t + padBefore + padAfter + before + after - span) / stride + 1;
        String last = "r1";
        if (index % 5 == 2) {
            last = batchNorm(b, r, "bn_scale_shift", "r1", cout);
            what.append(" BN(scale and shift)");
        }
        if (index % 6 == 4 && length >= 2) {
            int pk = 1 + r.nextInt((int) Math.min(3, length));
            int ps = 1 + r.nextInt(2);
            int pp = pk > 1 ? r.nextInt(2) : 0; // onnxruntime wants pads below the kernel
            b.node("AveragePool", "pool", List.of(last), List.of("pooled"), ints("kernel_shape", pk),
                    ints("strides", ps), ints("pads", pp, pp), attr("count_include_pad", 1L));
            last = "pooled";
            length = (length + 2L * pp - pk) / ps + 1;
            what.append(" AveragePool(k=").append(pk).append(" stride=").append(ps).append(" pads=").append(pp)
                    .append(')');
        }
        if (index % 6 == 1 && length >= 2) {
            int mk = 2 + r.nextInt((int) Math.min(2, length - 1));
            int ms = 1 + r.nextInt(2);
            int mp = r.nextInt(2);
            b.node("MaxPool", "maxpool", List.of(last), List.of("maxed"), ints("kernel_shape", mk),
                    ints("strides", ms), ints("pads", mp, 0));
            last = "maxed";
            length = (length + mp - mk) / ms + 1;
            what.append(" MaxPool(k=").append(mk).append(" stride=").append(ms).append(" pads=").append(mp)
                    .append("+0)");
        }
        int features = cout;
        if (two && length >= 3) {
            // every third second Conv is depthwise (group = channels), else dense
            boolean depthwise = index % 3 == 0;
            int c2 = depthwise ? cout * (1 + r.nextInt(2)) : 1 + r.nextInt(10);
            int in2 = depthwise ? 1 : cout;
            b.initializer("W2", OnnxModelBuilder.random(r, c2 * in2 * 3, 0.5f), c2, in2, 3);
            b.node("Conv", "conv2", List.of(last, "W2"), List.of("c2"), ints("kernel_shape", 3), ints("pads", 1, 0),
                    attr("group", depthwise ? (long) cout : 1L));
            what.append(depthwise ? " depthwise" : "");
            b.node(index % 4 == 1 ? "Sigmoid" : "Tanh", "act2", List.of("c2"), List.of("a2"));
            last = "a2";
            features = c2;
            what.append(" two convs");
        }
        b.node("Transpose", "tr", List.of(last), List.of("seq"), ints("perm", 2, 0, 1));
        b.randomLstm(r, "lstm", "seq", features, h, "forward", 0.5f, true, false, false, 1, List.of("", "Y_h"));
        b.output("Y_h", 1, 1, h);
        what.append(" LSTM(H=").append(h).append(") head Y_h");
        return new Case(what.toString(), b.build(), new long[] {1, c, t}, "Y_h", t);
    }

    /** A BatchNormalization of {@code channels} with random statistics after {@code x}; returns its output. */
    private static String batchNorm(OnnxModelBuilder b, Random r, String name, String x, int channels) {
        b.initializer(name + "_scale", OnnxModelBuilder.random(r, channels, 1.5f), channels);
        b.initializer(name + "_B", OnnxModelBuilder.random(r, channels, 0.5f), channels);
        b.initializer(name + "_mean", OnnxModelBuilder.random(r, channels, 0.5f), channels);
        float[] var = OnnxModelBuilder.random(r, channels, 0.5f);
        for (int i = 0; i < channels; i++) {
            var[i] = 0.6f + var[i];
        }
        b.initializer(name + "_var", var, channels);
        b.node("BatchNormalization", name, List.of(x, name + "_scale", name + "_B", name + "_mean", name + "_var"),
                List.of(name + "_y"), attr("epsilon", 1e-3f));
        return name + "_y";
    }

    /**
     * Pointwise Convs need no fixed length: X [1, C, T] with a symbolic T (run at 13 steps, the frame
     * limit 13) → Conv k=1 → Relu → Transpose → LSTM → Y_h [1, 1, H] → Unsqueeze to [1, H, 1] → Conv k=1
     * over that one vector (a fully connected head).
     */
    private static Case pointwise(Random r) {
        int c = 6;
        int h = 7;
        OnnxModelBuilder b = new OnnxModelBuilder(13).irVersion(8);
        b.input("X", 1, c, "T");
        b.initializer("W1", OnnxModelBuilder.random(r, 9 * c, 0.5f), 9, c, 1);
        b.initializer("B1", OnnxModelBuilder.random(r, 9, 0.5f), 9);
        b.node("Conv", "pw1", List.of("X", "W1", "B1"), List.of("y"), ints("kernel_shape", 1));
        b.node("Relu", "relu", List.of("y"), List.of("yr"));
        b.node("Transpose", "tr", List.of("yr"), List.of("seq"), ints("perm", 2, 0, 1));
        b.randomLstm(r, "lstm", "seq", 9, h, "forward", 0.5f, true, false, false, 1, List.of("", "Y_h"));
        b.initializerLongs("axes0", new long[] {0}, 1);
        b.node("Squeeze", "sq", List.of("Y_h", "axes0"), List.of("hv"));
        b.initializerLongs("axes2", new long[] {2}, 1);
        b.node("Unsqueeze", "un", List.of("hv", "axes2"), List.of("h3"));
        b.initializer("W2", OnnxModelBuilder.random(r, 3 * h, 0.5f), 3, h, 1);
        b.node("Conv", "pw2", List.of("h3", "W2"), List.of("out"), ints("kernel_shape", 1));
        b.output("out", 1, 3, 1);
        return new Case("C=6 T=13 (symbolic) Conv(k=1 pointwise) LSTM(H=7) Conv(k=1 on the last state) head out",
                b.build(), new long[] {1, c, 13}, "out", 13);
    }

    /**
     * A stride-2 Conv halves T = 75 to 37 steps for a bidirectional LSTM: its backward direction is a
     * reverse LOOP of 37 iterations (not T), longer than the simulator's blocks of 32 computed-ahead steps.
     */
    private static Case stridedBidirectional(Random r) {
        int c = 3;
        int t = 75;
        OnnxModelBuilder b = new OnnxModelBuilder(13).irVersion(8);
        b.input("X", 1, c, t);
        b.initializer("W", OnnxModelBuilder.random(r, 8 * c * 3, 0.5f), 8, c, 3);
        b.node("Conv", "conv", List.of("X", "W"), List.of("y"), ints("kernel_shape", 3), ints("strides", 2));
        b.node("Transpose", "tr", List.of("y"), List.of("seq"), ints("perm", 2, 0, 1));
        b.randomLstm(r, "lstm", "seq", 8, 6, "bidirectional", 0.5f, true, false, false, 1, List.of("", "Y_h"));
        b.output("Y_h", 2, 1, 6);
        return new Case("C=3 T=75 Conv(k=3 stride=2) BiLSTM(H=6) over 37 steps head Y_h", b.build(),
                new long[] {1, c, t}, "Y_h", t);
    }

    /** A Pad that no Conv takes: a 1 × 1 identity convolution with the padding, before the LSTM. */
    private static Case padAlone(Random r) {
        int c = 4;
        int t = 9;
        OnnxModelBuilder b = new OnnxModelBuilder(13).irVersion(8);
        b.input("X", 1, c, t);
        b.initializerLongs("pads", new long[] {0, 0, 3, 0, 0, 2}, 6);
        b.node("Pad", "pad", List.of("X", "pads"), List.of("padded"), attr("mode", "reflect"));
        b.node("Transpose", "tr", List.of("padded"), List.of("seq"), ints("perm", 2, 0, 1));
        b.randomLstm(r, "lstm", "seq", c, 5, "forward", 0.5f, true, false, false, 1, List.of("", "Y_h"));
        b.output("Y_h", 1, 1, 5);
        return new Case("C=4 T=9 Pad(reflect 3+2) alone LSTM(H=5) head Y_h", b.build(), new long[] {1, c, t}, "Y_h",
                t);
    }

    /** Stride 1 with "same" pads keeps T: the per-step output Y has the input's length. */
    private static Case sameLength(Random r) {
        int c = 5;
        int t = 17;
        int h = 6;
        OnnxModelBuilder b = new OnnxModelBuilder(13).irVersion(8);
        b.input("X", 1, c, t);
        b.initializer("W", OnnxModelBuilder.random(r, 8 * c * 5, 0.5f), 8, c, 5);
        b.node("Conv", "conv", List.of("X", "W"), List.of("y"), ints("kernel_shape", 5), ints("pads", 2, 2));
        b.node("Transpose", "tr", List.of("y"), List.of("seq"), ints("perm", 2, 0, 1));
        b.randomLstm(r, "lstm", "seq", 8, h, "bidirectional", 0.5f, true, false, false, 1, List.of("Y"));
        b.output("Y", t, 2, 1, h);
        return new Case("C=5 T=17 Conv(k=5 same) BiLSTM head Y ", b.build(), new long[] {1, c, t}, "Y", t);
    }
}
