package io.github.lstmhdl.onnx;

import static io.github.lstmhdl.testing.OnnxModelBuilder.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One test per class of malformed input: each gives an InvalidNetworkException with file, location, reason. */
class OnnxBadInputTest {
    private static final String FILE = "bad.onnx";
    private static final int D = 3;
    private static final int H = 4;

    /** A valid single-LSTM model; {@code tweak} may replace parts. */
    private static OnnxModelBuilder base(Random r, boolean withW) {
        return base(r, withW, 13);
    }

    private static OnnxModelBuilder base(Random r, boolean withW, int opset) {
        OnnxModelBuilder b = new OnnxModelBuilder(opset);
        b.input("X", "T", 1, D);
        if (withW) {
            b.initializer("W", OnnxModelBuilder.random(r, 4 * H * D, 0.5f), 1, 4 * H, D);
        }
        b.initializer("R", OnnxModelBuilder.random(r, 4 * H * H, 0.5f), 1, 4 * H, H);
        b.node("LSTM", "lstm", List.of("X", "W", "R"), List.of("Y", "Y_h"), attr("hidden_size", (long) H));
        b.output("Y_h", 1, 1, H);
        return b;
    }

    private static InvalidNetworkException reject(byte[] model) {
        return reject(model, ImportOptions.defaults());
    }

    private static InvalidNetworkException reject(byte[] model, ImportOptions options) {
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                () -> OnnxImporter.read(model, FILE, options));
        assertEquals(FILE, e.file());
        assertFalse(e.reason().isEmpty());
        assertTrue(e.getMessage().startsWith(FILE + ": "), e.getMessage());
        return e;
    }

    @Test
    void baseModelIsValid() throws Exception {
        Network n = OnnxImporter.read(base(new Random(1), true).build(), FILE, ImportOptions.defaults());
        assertEquals("bad", n.name());
    }

    @Test
    @Timeout(30)
    void everyTruncationIsRejected() {
        byte[] model = base(new Random(2), true).build();
        for (int len = 0; len < model.length; len++) {
            byte[] cut = Arrays.copyOf(model, len);
            InvalidNetworkException e = reject(cut);
            assertNotNullLocationOrReason(e);
        }
        InvalidNetworkException e = reject(Arrays.copyOf(model, model.length - 7));
        assertTrue(e.reason().contains("truncated") || e.reason().contains("not a valid"), e.getMessage());
    }

    private static void assertNotNullLocationOrReason(InvalidNetworkException e) {
        assertTrue(e.location() != null && e.reason() != null);
    }

    @Test
    @Timeout(30)
    void corruptedBytesGiveOnlyInvalidNetworkException() {
        byte[] model = base(new Random(3), true).build();
        Random r = new Random(4);
        for (int i = 0; i < 400; i++) {
            byte[] bad = model.clone();
            for (int k = 0; k < 1 + r.nextInt(3); k++) {
                bad[r.nextInt(bad.length)] = (byte) r.nextInt(256);
            }
            try {
                OnnxImporter.read(bad, FILE, ImportOptions.defaults());
            } catch (InvalidNetworkException expected) {
                assertEquals(FILE, expected.file());
            }
        }
    }

    @Test
    void wrongWireType() {
        // ir_version 8, then field 7 (graph) encoded as a varint instead of a message.
        InvalidNetworkException e = reject(new byte[] {0x08, 0x08, 0x38, 0x01});
        assertTrue(e.reason().contains("wrong wire type"), e.getMessage());
        assertEquals("model.graph", e.location());
    }

    @Test
    void negativeLength() {
        // field 7 (graph), length varint -1.
        InvalidNetworkException e = reject(new byte[] {0x08, 0x08, 0x3a, (byte) 0xff, (byte) 0xff, (byte) 0xff,
            (byte) 0xff, 0x0f});
        assertTrue(e.reason().contains("negative") || e.reason().contains("not a valid"), e.getMessage());
    }

    @Test
    void missingInitializer() {
        InvalidNetworkException e = reject(base(new Random(5), false).build());
        assertTrue(e.location().contains("'W'"), e.getMessage());
        assertTrue(e.reason().contains("missing initializer"), e.getMessage());
    }

    @Test
    void unboundGraphInput() throws Exception {
        OnnxModelBuilder b = base(new Random(6), false);
        b.input("W", 1, 4 * H, D);
        InvalidNetworkException e = reject(b.build());
        assertTrue(e.reason().contains("graph input 'W' needs a value"), e.getMessage());
        assertTrue(e.reason().contains("input 1 of node 'lstm' (LSTM)"), e.getMessage());
        // CLI users read this message too: it names the CLI flag beside the Java API
        assertTrue(e.reason().contains("--bind NAME=FILE") && e.reason().contains("ImportOptions.withBindings"),
                e.getMessage());
        // bound, it imports; bound with the wrong shape, it is rejected
        float[] w = OnnxModelBuilder.random(new Random(7), 4 * H * D, 0.5f);
        OnnxImporter.read(b.build(), FILE, ImportOptions.defaults().withBindings(
                Map.of("W", FloatTensor.of(w, 1, 4 * H, D))));
        InvalidNetworkException shape = reject(b.build(), ImportOptions.defaults().withBindings(
                Map.of("W", FloatTensor.of(w, 1, 2 * H, 2 * D))));
        assertTrue(shape.reason().contains("shape [1, 8, 6]"), shape.getMessage());
    }

    @Test
    void shapeMismatch() {
        OnnxModelBuilder b = base(new Random(8), false);
        b.initializer("W", OnnxModelBuilder.random(new Random(9), 4 * H * (D + 1), 0.5f), 1, 4 * H, D + 1);
        InvalidNetworkException e = reject(b.build());
        assertTrue(e.location().contains("node 'lstm' (LSTM)"), e.getMessage());
        assertTrue(e.reason().contains("declares 3 features but W expects 4"), e.getMessage());

        OnnxModelBuilder raw = base(new Random(10), false);
        raw.initializerProto(OnnxModelBuilder.tensorProto("W", OnnxModelBuilder.FLOAT, new long[] {1, 4 * H, D},
                new byte[7]));
        InvalidNetworkException r = reject(raw.build());
        assertTrue(r.location().contains("initializer 'W'"), r.getMessage());
        assertTrue(r.reason().contains("raw_data holds 7 bytes"), r.getMessage());
    }

    @Test
    void nonFiniteWeight() {
        OnnxModelBuilder b = base(new Random(11), false);
        float[] w = OnnxModelBuilder.random(new Random(12), 4 * H * D, 0.5f);
        w[5] = Float.NaN;
        b.initializer("W", w, 1, 4 * H, D);
        InvalidNetworkException e = reject(b.build());
        assertTrue(e.location().contains("'W'"), e.getMessage());
        assertTrue(e.reason().contains("non-finite value (NaN) at flat index 5"), e.getMessage());
        w[5] = Float.POSITIVE_INFINITY;
        OnnxModelBuilder c = base(new Random(11), false);
        c.initializer("W", w, 1, 4 * H, D);
        assertTrue(reject(c.build()).reason().contains("Infinity"));
    }

    @Test
    void unsupportedOp() {
        // domain, op, node name, expected reason
        List<List<String>> cases = List.of(List.of("", "ScatterND", "scatter_7", "op ScatterND is not supported"),
                List.of("", "If", "branch", "op If is not supported"),
                List.of("com.foo", "Bar", "bar", "op com.foo.Bar is not supported"));
        for (List<String> k : cases) {
            OnnxModelBuilder b = base(new Random(13), true);
            b.node(k.get(0), k.get(1), k.get(2), List.of("Y_h", "R"), List.of("c"));
            b.output("c", 1, 1, H);
            InvalidNetworkException e = reject(b.build(), ImportOptions.defaults().withOutput("c"));
            assertEquals("node '" + k.get(2) + "' (" + k.get(1) + ")", e.location());
            assertTrue(e.reason().contains(k.get(3)), e.getMessage());
        }
    }

    /**
     * A model whose LSTM's initial_h is sliced from the sum of {@code nodes} ConstantOfShape results of
     * {@code shape} [1, a, b] float32 zeros: each within the per-tensor limit.
     */
    private static byte[] zerosModel(long[] shape, int nodes) {
        OnnxModelBuilder b = base(new Random(30), true);
        b.initializerLongs("big", shape, 3);
        String sum = null;
        for (int k = 1; k <= nodes; k++) {
            b.node("ConstantOfShape", "zeros_" + k, List.of("big"), List.of("z" + k));
        }
        for (int k = 1; k <= nodes; k++) {
            String next = "sum" + k;
            if (sum == null) {
                sum = "z" + k;
                continue;
            }
            b.node("Add", "add_" + k, List.of(sum, "z" + k), List.of(next));
            sum = next;
        }
        b.initializerLongs("starts", new long[] {0, 0, 0}, 3);
        b.initializerLongs("ends", new long[] {1, 1, H}, 3);
        b.node("Slice", "h0", List.of(sum, "starts", "ends"), List.of("h0v"));
        b.node("LSTM", "lstm2", List.of("X", "W", "R", "", "", "h0v"), List.of("", "Y2"),
                attr("hidden_size", (long) H));
        b.output("Y2", 1, 1, H);
        return b.build();
    }

    @Test
    void constantsTogetherStayWithinTheImportBudget() throws Exception {
        // three 2^28-element ConstantOfShape results (1 GiB each, each within the per-tensor limit): the
        // default budget of 256 MiB for what the import makes stops it before the first is allocated
        ImportOptions y2 = ImportOptions.defaults().withOutput("Y2");
        InvalidNetworkException e = reject(zerosModel(new long[] {1, 16384, 16384}, 3), y2);
        assertEquals("node 'zeros_1' (ConstantOfShape)", e.location());
        assertTrue(e.reason().contains("import limit of 268435456 bytes (256 MiB) in all"), e.getMessage());
        assertTrue(e.reason().contains("this tensor needs 1073741824 bytes"), e.getMessage());

        // the total is a running one: two results of 16 KiB fit a 40 KiB budget, the third does not
        byte[] small = zerosModel(new long[] {1, 64, 64}, 3);
        InvalidNetworkException third = reject(small, y2.withMaxConstantBytes(40 << 10));
        assertEquals("node 'zeros_3' (ConstantOfShape)", third.location());
        assertTrue(third.reason().contains("import limit of 40960 bytes"), third.getMessage());
        assertTrue(third.reason().contains("after 32" ), third.getMessage());
        // the index tables of Add count too: the three results fit 50 KiB, the first sum does not
        assertEquals("node 'add_2' (Add)", reject(small, y2.withMaxConstantBytes(50 << 10)).location());
        // float32 weights decoded at their stored width are bounded by the file and do not count
        assertEquals(1, OnnxImporter.read(base(new Random(31), true).build(), FILE,
                ImportOptions.defaults().withMaxConstantBytes(1)).layers().size());
        // with enough room the model imports, and its initial state is the (zero) sum
        Network n = OnnxImporter.read(small, FILE, y2.withMaxConstantBytes(1 << 20));
        assertTrue(((io.github.lstmhdl.ir.LstmLayer) n.layers().get(0)).directions().get(0).initialHidden().isEmpty());
    }

    /** A fixed-length (T = 5, batch 2) model whose LSTM reads sequence_lens from {@code lens}. */
    private static OnnxModelBuilder withSequenceLens(String lens) {
        OnnxModelBuilder b = new OnnxModelBuilder(13);
        Random r = new Random(32);
        b.input("X", 5, 2, D);
        b.initializer("W", OnnxModelBuilder.random(r, 4 * H * D, 0.5f), 1, 4 * H, D);
        b.initializer("R", OnnxModelBuilder.random(r, 4 * H * H, 0.5f), 1, 4 * H, H);
        b.node("LSTM", "enc", List.of("X", "W", "R", "", lens), List.of("", "Y_h"), attr("hidden_size", (long) H));
        b.output("Y_h", 1, 2, H);
        return b;
    }

    /** A 1-D int32 TensorProto (as sequence_lens is typed). */
    static byte[] int32Tensor(String name, int... values) {
        ByteBuffer buf = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            buf.putInt(v);
        }
        return OnnxModelBuilder.tensorProto(name, OnnxModelBuilder.INT32, new long[] {values.length}, buf.array());
    }

    @Test
    void sequenceLensMustBeAConstantEqualToTheSequenceLength() throws Exception {
        OnnxModelBuilder open = withSequenceLens("lens");
        open.typedInput("lens", OnnxModelBuilder.INT32, 2);
        InvalidNetworkException e = reject(open.build());
        assertEquals("node 'enc' (LSTM)", e.location());
        assertTrue(e.reason().contains("variable sequence_lens is not supported"), e.getMessage());
        assertTrue(e.reason().contains("graph input 'lens'"), e.getMessage());
        assertFalse(e.reason().contains("needs a value"), e.getMessage());

        OnnxModelBuilder differing = withSequenceLens("lens");
        differing.initializerProto(int32Tensor("lens", 5, 3));
        InvalidNetworkException d = reject(differing.build());
        assertEquals("node 'enc' (LSTM)", d.location());
        assertTrue(d.reason().contains("'sequence_lens' [5, 3] differs from the full sequence length 5"),
                d.getMessage());

        OnnxModelBuilder full = withSequenceLens("lens");
        full.initializerProto(int32Tensor("lens", 5, 5));
        Network withLens = OnnxImporter.read(full.build(), FILE, ImportOptions.defaults());
        Network without = OnnxImporter.read(withSequenceLens("").build(), FILE, ImportOptions.defaults());
        assertEquals(without.layers(), withLens.layers());
    }

    @Test
    void activationsMustNameThreeFunctionsPerDirection() throws Exception {
        OnnxModelBuilder.Attr six = OnnxModelBuilder.strings("activations", "Sigmoid", "Tanh", "Tanh", "Sigmoid",
                "Tanh", "Tanh");
        OnnxModelBuilder.Attr three = OnnxModelBuilder.strings("activations", "Sigmoid", "Tanh", "Tanh");
        // direction, attribute, expected reason (null: accepted)
        List<List<Object>> cases = List.of(List.of("forward", six, "lists 6 functions"),
                List.of("bidirectional", three, "lists 3 functions"),
                List.of("forward", OnnxModelBuilder.strings("activations", "Sigmoid", "Tanh"), "lists 2 functions"),
                List.of("bidirectional", six, ""), List.of("forward", three, ""));
        for (List<Object> k : cases) {
            String direction = (String) k.get(0);
            OnnxModelBuilder b = new OnnxModelBuilder(13);
            b.input("X", 5, 1, D);
            b.randomLstm(new Random(33), "enc", "X", D, H, direction, 0.5f, false, false, false, 1,
                    List.of("", "Y_h"), (OnnxModelBuilder.Attr) k.get(1));
            b.output("Y_h", direction.equals("forward") ? 1 : 2, 1, H);
            String reason = (String) k.get(2);
            if (reason.isEmpty()) {
                assertEquals(1, OnnxImporter.read(b.build(), FILE, ImportOptions.defaults()).layers().size());
                continue;
            }
            InvalidNetworkException e = reject(b.build());
            assertEquals("node 'enc' (LSTM)", e.location());
            assertTrue(e.reason().contains("attribute 'activations' " + reason), e.getMessage());
            assertTrue(e.reason().contains("a " + direction + " LSTM needs " + (direction.equals("forward") ? 3 : 6)),
                    e.getMessage());
        }
    }

    @Test
    void unsupportedLstmAttributes() {
        for (OnnxModelBuilder.Attr a : List.of(attr("clip", 3f), attr("input_forget", 1L),
                OnnxModelBuilder.strings("activations", "Sigmoid", "HardSigmoid", "Tanh"))) {
            OnnxModelBuilder b = new OnnxModelBuilder(13);
            Random r = new Random(14);
            b.input("X", 5, 1, D);
            b.initializer("W", OnnxModelBuilder.random(r, 4 * H * D, 0.5f), 1, 4 * H, D);
            b.initializer("R", OnnxModelBuilder.random(r, 4 * H * H, 0.5f), 1, 4 * H, H);
            b.node("LSTM", "enc", List.of("X", "W", "R"), List.of("", "Y_h"), attr("hidden_size", (long) H), a);
            b.output("Y_h", 1, 1, H);
            InvalidNetworkException e = reject(b.build());
            assertEquals("node 'enc' (LSTM)", e.location());
            assertTrue(e.reason().contains("'" + a.name() + "'"), e.getMessage());
        }
    }

    /** Sigmoid, Tanh and Relu are the LSTM activations the processor has; any other is rejected by name. */
    @Test
    void unsupportedLstmActivationIsNamed() {
        for (String f : List.of("HardSigmoid", "Elu", "Softsign")) {
            OnnxModelBuilder b = new OnnxModelBuilder(13);
            b.input("X", 5, 1, D);
            b.randomLstm(new Random(18), "enc", "X", D, H, "bidirectional", 0.5f, false, false, false, 1,
                    List.of("", "Y_h"), OnnxModelBuilder.strings("activations", "Sigmoid", "Tanh", "Tanh", "Relu", f,
                            "Tanh"));
            b.output("Y_h", 2, 1, H);
            InvalidNetworkException e = reject(b.build());
            assertEquals("node 'enc' (LSTM)", e.location());
            assertEquals("attribute 'activations' [Sigmoid, Tanh, Tanh, Relu, " + f + ", Tanh]: function '" + f
                    + "' is not supported: only Sigmoid, Tanh and Relu are", e.reason());
        }
    }

    @Test
    void absurdDimensions() {
        OnnxModelBuilder hidden = new OnnxModelBuilder(13);
        Random r = new Random(15);
        hidden.input("X", 5, 1, D);
        hidden.initializer("W", OnnxModelBuilder.random(r, 4 * H * D, 0.5f), 1, 4 * H, D);
        hidden.initializer("R", OnnxModelBuilder.random(r, 4 * H * H, 0.5f), 1, 4 * H, H);
        hidden.node("LSTM", "big", List.of("X", "W", "R"), List.of("", "Y_h"), attr("hidden_size", 1L << 30));
        hidden.output("Y_h", 1, 1, H);
        assertTrue(reject(hidden.build()).reason().contains("hidden_size 1073741824"));

        OnnxModelBuilder dims = base(new Random(16), false);
        dims.initializerProto(OnnxModelBuilder.tensorProto("W", OnnxModelBuilder.FLOAT, new long[] {1L << 40, 2},
                new byte[8]));
        InvalidNetworkException e = reject(dims.build());
        assertTrue(e.reason().contains("dimension 1099511627776"), e.getMessage());

        OnnxModelBuilder product = base(new Random(17), false);
        product.initializerProto(OnnxModelBuilder.tensorProto("W", OnnxModelBuilder.FLOAT,
                new long[] {1 << 20, 1 << 20, 1 << 20}, new byte[8]));
        assertTrue(reject(product.build()).reason().contains("more than the limit"));

        OnnxModelBuilder negative = base(new Random(18), false);
        negative.initializerProto(OnnxModelBuilder.tensorProto("W", OnnxModelBuilder.FLOAT, new long[] {-3, 4},
                new byte[8]));
        assertTrue(reject(negative.build()).reason().contains("negative dimension"));

        OnnxModelBuilder limited = base(new Random(19), true);
        assertTrue(reject(limited.build(), ImportOptions.defaults().withMaxElements(20)).reason().contains("limit"));
    }

    @Test
    void versionsOutOfRange() {
        assertTrue(reject(base(new Random(20), true).irVersion(2).build()).reason().contains("IR version 2"));
        for (int opset : new int[] {6, 23}) {
            InvalidNetworkException e = reject(base(new Random(20), true, opset).build());
            assertEquals("model", e.location());
            assertTrue(e.reason().contains("opset " + opset + " is not supported (7 to 22 are)"), e.getMessage());
        }
    }

    @Test
    void oldestAndNewestOpsetsAreAccepted() throws Exception {
        for (int opset : new int[] {OnnxImporter.MIN_OPSET, OnnxImporter.MAX_OPSET}) {
            Network n = OnnxImporter.read(base(new Random(20), true, opset).irVersion(3).build(), FILE,
                    ImportOptions.defaults());
            assertEquals(1, n.layers().size(), "opset " + opset);
        }
    }

    @Test
    void severalOutputsOnTheDataPathNeedAChoice() {
        // Y_h alone would be a state output beside the main output, Y an earlier layer's output
        // (docs/formats.md, State ports); two branches of the data path cannot both be compiled
        OnnxModelBuilder b = base(new Random(21), true);
        b.output("Y", "T", 1, 1, H);
        b.node("Sigmoid", "gate", List.of("Y"), List.of("S"));
        b.output("S", "T", 1, 1, H);
        b.node("Tanh", "squash", List.of("Y"), List.of("U"));
        b.output("U", "T", 1, 1, H);
        InvalidNetworkException e = reject(b.build());
        assertEquals("output 'U'", e.location());
        assertTrue(e.reason().contains("both 'S' and 'U'") && e.reason().contains("--output-name NAME"),
                e.getMessage());
    }

    @Test
    void foldingTheDynamicSequenceLengthIsRejected() {
        OnnxModelBuilder b = base(new Random(22), true);
        b.node("Shape", "shape", List.of("X"), List.of("s"));
        b.node("ConstantOfShape", "zeros", List.of("s"), List.of("z"));
        b.node("LSTM", "lstm2", List.of("X", "W", "R", "", "", "z"), List.of("", "Y2"), attr("hidden_size", (long) H));
        b.output("Y2", 1, 1, H);
        InvalidNetworkException e = reject(b.build(), ImportOptions.defaults().withOutput("Y2"));
        assertEquals("node 'zeros' (ConstantOfShape)", e.location());
        assertTrue(e.reason().contains("dynamic sequence length"), e.getMessage());
    }

    @Test
    void externalDataInsideTheFolderIsReadAndEscapingIsRejected(@TempDir Path dir) throws Exception {
        Random r = new Random(23);
        float[] w = OnnxModelBuilder.random(r, 4 * H * D, 0.5f);
        ByteBuffer buf = ByteBuffer.allocate(16 + w.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(16);
        for (float f : w) {
            buf.putFloat(f);
        }
        Files.write(dir.resolve("weights.bin"), buf.array());
        OnnxModelBuilder ok = base(r, false);
        ok.initializerProto(OnnxModelBuilder.externalTensor("W", "weights.bin", 16, w.length * 4L, 1, 4 * H, D));
        Network n = OnnxImporter.read(ok.write(dir.resolve("ext.onnx")), ImportOptions.defaults());
        assertEquals(w[7], ((io.github.lstmhdl.ir.LstmLayer) n.layers().get(0)).directions().get(0)
                .inputWeights().get(7));

        Path sub = Files.createDirectories(dir.resolve("model"));
        OnnxModelBuilder escape = base(r, false);
        escape.initializerProto(OnnxModelBuilder.externalTensor("W", "../weights.bin", 16, w.length * 4L, 1, 4 * H, D));
        Path file = escape.write(sub.resolve("escape.onnx"));
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                () -> OnnxImporter.read(file, ImportOptions.defaults()));
        assertTrue(e.reason().contains("escapes the model's folder"), e.getMessage());
        assertEquals("initializer 'W'", e.location());
    }

    @Test
    void truncatedTensorProtoFile(@TempDir Path dir) throws Exception {
        byte[] t = OnnxModelBuilder.floatTensor("x", new float[] {1, 2, 3}, 3);
        Path ok = Files.write(dir.resolve("ok.pb"), t);
        assertEquals(2f, TensorProtos.readFloatTensor(ok).get(1));
        Path bad = Files.write(dir.resolve("bad.pb"), Arrays.copyOf(t, t.length - 2));
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class, () -> TensorProtos.readFloatTensor(bad));
        assertTrue(e.file().endsWith("bad.pb"));
    }
}
