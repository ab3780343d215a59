package io.github.lstmhdl.testing;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.json.JsonNetworkImporter;
import io.github.lstmhdl.source.ImportOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes the network fixtures of the integration tests ({@code it/src/it/*}) and of the quick-start
 * example ({@code examples/quickstart}): small ONNX models with seeded random weights (never constant:
 * constant weights hide gate-order mistakes), a native {@code .lstm.json} network with {@code .npy}
 * weights, deliberately broken models, and for the projects whose consumer tests run the simulator, an
 * input and the output that onnxruntime computes for it.
 *
 * <p>The ONNX models look like what PyTorch exports for a batch-first model
 * ({@code nn.LSTM(batch_first=True)} stacked, then {@code nn.Linear} on the last step): input
 * {@code [N=1, T, D]}, {@code Transpose(perm=[1,0,2])} to ONNX's {@code [T, N, D]}, one LSTM node per
 * layer with {@code Squeeze(axis 1)} between them, the last layer's {@code Y_h} squeezed to
 * {@code [N, H]}, and a {@code Gemm(transB=1)} head. Opset 13 (Squeeze takes its axes as an input). They
 * are written with the tests' {@link OnnxModelBuilder}.
 *
 * <p>Regenerate from the project root (the outputs are committed; the seeds make them identical on every
 * run):
 * <pre>
 * ./mvnw -B -q -o install -DskipTests -pl lstm-runtime    # once: what -pl lstm-compiler-core alone resolves
 * ./mvnw -B -q -o -pl lstm-compiler-core test-compile
 * ./mvnw -B -q -pl lstm-compiler-core org.codehaus.mojo:exec-maven-plugin:3.5.1:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.github.lstmhdl.testing.ItFixtures -Dexec.args="$PWD"
 * </pre>
 *
 * <p>Text fixtures ({@code input.txt}, {@code expected.txt}) hold one header line {@code shape: d0 d1 ...}
 * then the values in row-major order, one per line, as Java/C99 hexadecimal floats (exact float32).
 */
public final class ItFixtures {

    private ItFixtures() {
    }

    /** Writes every fixture below the project root given as the only argument (default: the working dir). */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("it/pom.xml"))) {
            throw new IllegalArgumentException(root + " is not the project root (no it/pom.xml)");
        }
        Path it = root.resolve("it/src/it");

        // Quick start: the README's example, 2 stacked LSTMs (D=6, H=32 then 16), 3 classes, T=50.
        Stacked sensor = new Stacked(6, new int[] {32, 16}, 3, 50, 20260101L);
        write(root.resolve("examples/quickstart/src/main/networks/sensor_lstm.onnx"), sensor.onnx());

        // basic: the same shape of network with other weights, and an input with onnxruntime's output.
        Stacked har = new Stacked(6, new int[] {32, 16}, 3, 50, 7001L);
        byte[] harModel = har.onnx();
        write(it.resolve("basic/src/main/networks/har_lstm.onnx"), harModel);
        float[] harInput = uniform(new Random(7002L), 50 * 6, 1.0f);
        float[] harExpected = runOnnx(harModel, "input", new long[] {1, 50, 6}, harInput);
        writeText(it.resolve("basic/src/test/resources/input.txt"), new int[] {1, 50, 6}, harInput);
        writeText(it.resolve("basic/src/test/resources/expected.txt"), new int[] {1, 3}, harExpected);

        // overflow and overflow-warn: a network whose weights alone exceed 64 KiB (D=8, H=64: 4H x (D+H)
        // = 256 x 72 floats = 72 KiB), and one that fits easily.
        Stacked tooBig = new Stacked(8, new int[] {64}, 4, 20, 7101L);
        byte[] tooBigModel = tooBig.onnx();
        check(tooBigModel, new long[] {1, 20, 8});
        write(it.resolve("overflow/src/main/networks/too_big.onnx"), tooBigModel);
        write(it.resolve("overflow-warn/src/main/networks/too_big.onnx"), tooBigModel);
        Stacked fits = new Stacked(4, new int[] {8}, 2, 10, 7102L);
        write(it.resolve("overflow-warn/src/main/networks/fits.onnx"), checked(fits.onnx(), new long[] {1, 10, 4}));

        // bad-corrupt: a valid model cut off in the middle of its weights.
        byte[] whole = new Stacked(4, new int[] {8}, 2, 10, 7201L).onnx();
        write(it.resolve("bad-corrupt/src/main/networks/corrupt.onnx"), Arrays.copyOf(whole, whole.length * 3 / 5));

        // bad-unsupported-op: a valid model (onnxruntime runs it) with a 2-D Conv node (kernel [3, 1], which
        // the compiler does not support; 1-D convolutions it does) before the LSTM.
        byte[] conv = convModel(7301L);
        check(conv, new long[] {1, 4, 10, 1});
        write(it.resolve("bad-unsupported-op/src/main/networks/unsupported.onnx"), conv);

        // overrides: two networks that the pom gives different memory sizes.
        write(it.resolve("overrides/src/main/networks/large.onnx"),
                checked(new Stacked(6, new int[] {24}, 3, 30, 7401L).onnx(), new long[] {1, 30, 6}));
        write(it.resolve("overrides/src/main/networks/small.onnx"),
                checked(new Stacked(3, new int[] {6}, 2, 10, 7402L).onnx(), new long[] {1, 10, 3}));

        // incremental: two networks, and a changed version of the first kept outside src/main/networks.
        write(it.resolve("incremental/src/main/networks/net_a.onnx"),
                checked(new Stacked(4, new int[] {8}, 2, 10, 7501L).onnx(), new long[] {1, 10, 4}));
        write(it.resolve("incremental/src/main/networks/net_b.onnx"),
                checked(new Stacked(5, new int[] {10}, 3, 12, 7502L).onnx(), new long[] {1, 12, 5}));
        write(it.resolve("incremental/src/changed/net_a.onnx"),
                checked(new Stacked(4, new int[] {8}, 2, 10, 7503L).onnx(), new long[] {1, 10, 4}));

        // reproducible: one stacked network.
        write(it.resolve("reproducible/src/main/networks/keyword_lstm.onnx"),
                checked(new Stacked(5, new int[] {12, 8}, 4, 16, 7601L).onnx(), new long[] {1, 16, 5}));

        // reactor: one network per module.
        write(it.resolve("reactor/module-a/src/main/networks/vibration.onnx"),
                checked(new Stacked(3, new int[] {10}, 2, 12, 7701L).onnx(), new long[] {1, 12, 3}));
        write(it.resolve("reactor/module-b/src/main/networks/temperature.onnx"),
                checked(new Stacked(2, new int[] {8, 6}, 3, 15, 7702L).onnx(), new long[] {1, 15, 2}));

        // json-network: a native network (MATLAB's conventions) and, from the same weights, an ONNX twin
        // that onnxruntime runs to give the expected output.
        writeJsonNetwork(it.resolve("json-network"), 7801L);
    }

    // ------------------------------------------------------------------------------------------------
    // Models

    /**
     * A batch-first stack of forward LSTM layers with a fully connected head on the last step.
     *
     * @param d       input features
     * @param hidden  hidden size per layer
     * @param classes head outputs
     * @param t       the fixed sequence length of the input
     * @param seed    the weights' seed
     */
    record Stacked(int d, int[] hidden, int classes, int t, long seed) {

        byte[] onnx() {
            Random rnd = new Random(seed);
            OnnxModelBuilder g = new OnnxModelBuilder(13);
            g.input("input", 1, t, d);
            g.node("Transpose", "transpose_in", List.of("input"), List.of("x_tnd"), OnnxModelBuilder.ints("perm", 1, 0, 2));
            String x = "x_tnd";
            int in = d;
            for (int l = 0; l < hidden.length; l++) {
                int h = hidden[l];
                String p = "lstm_" + (l + 1);
                float k = (float) (1 / Math.sqrt(h));
                g.initializer(p + ".W", uniform(rnd, 4 * h * in, k), 1, 4L * h, in);
                g.initializer(p + ".R", uniform(rnd, 4 * h * h, k), 1, 4L * h, h);
                g.initializer(p + ".B", uniform(rnd, 8 * h, k), 1, 8L * h);
                boolean last = l == hidden.length - 1;
                g.node("LSTM", p, List.of(x, p + ".W", p + ".R", p + ".B"),
                        List.of(p + ".Y", p + ".Y_h", p + ".Y_c"), OnnxModelBuilder.attr("hidden_size", h));
                if (!last) {
                    g.initializerLongs(p + ".squeeze_axes", new long[] {1}, 1);
                    g.node("Squeeze", p + ".squeeze", List.of(p + ".Y", p + ".squeeze_axes"), List.of(p + ".out"));
                    x = p + ".out";
                } else {
                    g.initializerLongs(p + ".last_axes", new long[] {0}, 1);
                    g.node("Squeeze", p + ".last", List.of(p + ".Y_h", p + ".last_axes"), List.of(p + ".last_h"));
                    x = p + ".last_h";
                }
                in = h;
            }
            float k = (float) (1 / Math.sqrt(in));
            g.initializer("fc.weight", uniform(rnd, classes * in, k), classes, in);
            g.initializer("fc.bias", uniform(rnd, classes, k), classes);
            g.node("Gemm", "fc", List.of(x, "fc.weight", "fc.bias"), List.of("logits"), OnnxModelBuilder.attr("transB", 1));
            g.output("logits", 1, classes);
            return g.build();
        }
    }

    /**
     * Input [1, C=4, T=10, 1] through a 2-D Conv (kernel [3, 1]: unsupported), the unit axis squeezed, then
     * the time axis first, an LSTM and a head.
     */
    static byte[] convModel(long seed) {
        Random rnd = new Random(seed);
        int c = 4;
        int h = 8;
        OnnxModelBuilder g = new OnnxModelBuilder(13);
        g.input("input", 1, c, 10, 1);
        g.initializer("conv_1.weight", uniform(rnd, c * c * 3, 0.3f), c, c, 3, 1);
        g.initializer("conv_1.bias", uniform(rnd, c, 0.3f), c);
        g.node("Conv", "conv_1", List.of("input", "conv_1.weight", "conv_1.bias"), List.of("features4"),
                OnnxModelBuilder.ints("kernel_shape", 3, 1), OnnxModelBuilder.ints("pads", 1, 0, 1, 0));
        g.initializerLongs("unit_axis", new long[] {3}, 1);
        g.node("Squeeze", "squeeze_unit", List.of("features4", "unit_axis"), List.of("features"));
        g.node("Transpose", "to_tnd", List.of("features"), List.of("x_tnd"), OnnxModelBuilder.ints("perm", 2, 0, 1));
        g.initializer("lstm_1.W", uniform(rnd, 4 * h * c, 0.35f), 1, 4L * h, c);
        g.initializer("lstm_1.R", uniform(rnd, 4 * h * h, 0.35f), 1, 4L * h, h);
        g.node("LSTM", "lstm_1", List.of("x_tnd", "lstm_1.W", "lstm_1.R"), List.of("lstm_1.Y", "lstm_1.Y_h"),
                OnnxModelBuilder.attr("hidden_size", h));
        g.initializerLongs("last_axes", new long[] {0}, 1);
        g.node("Squeeze", "squeeze_h", List.of("lstm_1.Y_h", "last_axes"), List.of("h"));
        g.initializer("fc.weight", uniform(rnd, 2 * h, 0.35f), 2, h);
        g.initializer("fc.bias", uniform(rnd, 2, 0.35f), 2);
        g.node("Gemm", "fc", List.of("h", "fc.weight", "fc.bias"), List.of("logits"), OnnxModelBuilder.attr("transB", 1));
        g.output("logits", 1, 2);
        return g.build();
    }

    /**
     * The json-network project: {@code gesture.lstm.json} (sequenceInput D=5 T=20, lstm H=12 outputMode
     * last, fullyConnected 4, softmax) with weights in MATLAB's layout and gate order (i, f, g, o), an
     * input, and the expected output from onnxruntime on the ONNX twin (gates reordered to i, o, f, c,
     * bias split into Wb and a zero Rb).
     */
    static void writeJsonNetwork(Path project, long seed) throws IOException, OrtException, InvalidNetworkException {
        int d = 5;
        int h = 12;
        int k = 4;
        int t = 20;
        Random rnd = new Random(seed);
        float[] w = uniform(rnd, 4 * h * d, 0.3f);   // [4H, D], gates i, f, g, o
        float[] r = uniform(rnd, 4 * h * h, 0.3f);   // [4H, H]
        float[] b = uniform(rnd, 4 * h, 0.3f);       // [4H]
        float[] fcW = uniform(rnd, k * h, 0.3f);     // [K, H]
        float[] fcB = uniform(rnd, k, 0.3f);         // [K]

        Path networks = project.resolve("src/main/networks");
        Files.createDirectories(networks);
        writeNpy(networks.resolve("gesture_lstm_W.npy"), new int[] {4 * h, d}, w);
        writeNpy(networks.resolve("gesture_lstm_R.npy"), new int[] {4 * h, h}, r);
        writeNpy(networks.resolve("gesture_lstm_b.npy"), new int[] {4 * h}, b);
        writeNpy(networks.resolve("gesture_fc_W.npy"), new int[] {k, h}, fcW);
        writeNpy(networks.resolve("gesture_fc_b.npy"), new int[] {k}, fcB);
        String json = String.join("\n",
                "{",
                "  \"format\": \"lstm-hdl/1\",",
                "  \"name\": \"gesture\",",
                "  \"layers\": [",
                "    { \"type\": \"sequenceInput\", \"name\": \"sequence\", \"inputSize\": " + d
                        + ", \"sequenceLength\": " + t + " },",
                "    { \"type\": \"lstm\", \"name\": \"lstm_1\", \"hiddenUnits\": " + h + ", \"outputMode\": \"last\",",
                "      \"inputWeights\": \"gesture_lstm_W.npy\", \"recurrentWeights\": \"gesture_lstm_R.npy\",",
                "      \"bias\": \"gesture_lstm_b.npy\" },",
                "    { \"type\": \"fullyConnected\", \"name\": \"fc\", \"outputSize\": " + k + ",",
                "      \"weights\": \"gesture_fc_W.npy\", \"bias\": \"gesture_fc_b.npy\" },",
                "    { \"type\": \"softmax\", \"name\": \"softmax\" }",
                "  ]",
                "}",
                "");
        write(networks.resolve("gesture.lstm.json"), json.getBytes(StandardCharsets.UTF_8));
        // The hand-written file must be a valid native network (the importer throws otherwise).
        Network imported = JsonNetworkImporter.read(networks.resolve("gesture.lstm.json"), ImportOptions.defaults());
        if (imported.layers().size() != 3 || imported.input().featureSize() != d) {
            throw new IllegalStateException("gesture.lstm.json imports as " + imported);
        }

        // The ONNX twin: X [T, 1, D] -> LSTM -> Y_h [1, 1, H] -> Squeeze -> Gemm -> Softmax.
        int[] toOnnx = {0, 3, 1, 2}; // ONNX gate slot j holds MATLAB gate toOnnx[j]: i, o, f, c <- i, f, g, o
        OnnxModelBuilder g = new OnnxModelBuilder(13);
        g.input("sequence", t, 1, d);
        g.initializer("W", reorderGates(w, h, d, toOnnx), 1, 4L * h, d);
        g.initializer("R", reorderGates(r, h, h, toOnnx), 1, 4L * h, h);
        float[] bias = new float[8 * h];
        System.arraycopy(reorderGates(b, h, 1, toOnnx), 0, bias, 0, 4 * h);
        g.initializer("B", bias, 1, 8L * h);
        g.node("LSTM", "lstm_1", List.of("sequence", "W", "R", "B"), List.of("Y", "Y_h"),
                OnnxModelBuilder.attr("hidden_size", h));
        g.initializerLongs("axes", new long[] {0}, 1);
        g.node("Squeeze", "squeeze", List.of("Y_h", "axes"), List.of("h"));
        g.initializer("fc_W", fcW, k, h);
        g.initializer("fc_b", fcB, k);
        g.node("Gemm", "fc", List.of("h", "fc_W", "fc_b"), List.of("logits"), OnnxModelBuilder.attr("transB", 1));
        g.node("Softmax", "softmax", List.of("logits"), List.of("probabilities"), OnnxModelBuilder.attr("axis", 1));
        g.output("probabilities", 1, k);
        byte[] twin = g.build();

        float[] input = uniform(new Random(seed + 1), t * d, 1.0f);
        float[] expected = runOnnx(twin, "sequence", new long[] {t, 1, d}, input);
        writeText(project.resolve("src/test/resources/input.txt"), new int[] {t, d}, input);
        writeText(project.resolve("src/test/resources/expected.txt"), new int[] {1, k}, expected);
    }

    /** Rows [4][H][cols] with gate blocks moved: block j of the result is block order[j] of {@code m}. */
    static float[] reorderGates(float[] m, int h, int cols, int[] order) {
        float[] out = new float[m.length];
        int block = h * cols;
        for (int j = 0; j < 4; j++) {
            System.arraycopy(m, order[j] * block, out, j * block, block);
        }
        return out;
    }

    static float[] uniform(Random rnd, int n, float bound) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (rnd.nextFloat() * 2 - 1) * bound;
        }
        return v;
    }

    // ------------------------------------------------------------------------------------------------
    // onnxruntime

    /** Runs a one-input model and returns its first output, flattened. */
    static float[] runOnnx(byte[] model, String inputName, long[] shape, float[] input) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model, options);
                    OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                    OrtSession.Result result = session.run(Map.of(inputName, x))) {
                FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] values = new float[out.remaining()];
                out.get(values);
                return values;
            }
        }
    }

    /** Confirms with onnxruntime that a model is valid ONNX and runs on a random input of the given shape. */
    static void check(byte[] model, long[] shape) throws OrtException {
        int n = Math.toIntExact(Arrays.stream(shape).reduce(1, (a, c) -> a * c));
        float[] out = runOnnx(model, "input", shape, uniform(new Random(1), n, 1));
        for (float v : out) {
            if (!Float.isFinite(v)) {
                throw new IllegalStateException("onnxruntime gave a non-finite output");
            }
        }
    }

    static byte[] checked(byte[] model, long[] shape) throws OrtException {
        check(model, shape);
        return model;
    }

    // ------------------------------------------------------------------------------------------------
    // Files

    static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        System.out.println("wrote " + file + " (" + bytes.length + " bytes)");
    }

    /** The text fixture format: {@code shape: ...} then one hexadecimal float per line. */
    static void writeText(Path file, int[] shape, float[] values) throws IOException {
        StringBuilder sb = new StringBuilder("shape:");
        for (int s : shape) {
            sb.append(' ').append(s);
        }
        sb.append('\n');
        for (float v : values) {
            sb.append(Float.toHexString(v)).append('\n');
        }
        write(file, sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** A float32 little-endian C-order .npy file, version 1.0, as NumPy writes it. */
    static void writeNpy(Path file, int[] shape, float[] data) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (int s : shape) {
            dims.append(s).append(", ");
        }
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + dims.substring(0, dims.length() - 2) + ")";
        StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': " + shapeText + ", }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buf.putShort((short) header.length()).put(header.toString().getBytes(StandardCharsets.US_ASCII));
        for (float v : data) {
            buf.putFloat(v);
        }
        write(file, buf.array());
    }
}
