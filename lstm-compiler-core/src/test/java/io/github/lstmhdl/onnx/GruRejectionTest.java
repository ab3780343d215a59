package io.github.lstmhdl.onnx;

import static io.github.lstmhdl.testing.OnnxModelBuilder.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.ir.GruLayer;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every GRU attribute and input the compiler does not support is one {@link InvalidNetworkException}
 * naming the file, the node ({@code node 'g' (GRU)}) and the reason: non-default activations (and a
 * wrong number of them), {@code clip}, a {@code linear_before_reset} other than 0 or 1, an unknown
 * direction or layout, a run-time or partial {@code sequence_lens}, weights of the wrong shape, and a
 * Y_c output that a GRU does not have. The supported spellings (activations given in full, in any case)
 * import.
 */
class GruRejectionTest {
    /**
     * The models here name their nodes with short placeholders ("l1", "head"), which are clean layer
     * names; the tests check the structure under the positional names (LayerNamesTest checks the rule).
     */
    private static final ImportOptions POSITIONAL = ImportOptions.defaults().withPositionalLayerNames(true);

    private static final String FILE = "gru.onnx";
    private static final int D = 3;
    private static final int H = 4;

    /** A single forward GRU over X [T=5, N=2, D]; {@code lens} names its sequence_lens ("" for none). */
    private static OnnxModelBuilder model(String lens, int wRows, OnnxModelBuilder.Attr... attrs) {
        Random r = new Random(12);
        OnnxModelBuilder b = new OnnxModelBuilder(14);
        b.input("X", 5, 2, D);
        b.initializer("W", OnnxModelBuilder.random(r, wRows * D, 0.5f), 1, wRows, D);
        b.initializer("R", OnnxModelBuilder.random(r, 3 * H * H, 0.5f), 1, 3 * H, H);
        OnnxModelBuilder.Attr[] all = new OnnxModelBuilder.Attr[attrs.length + 1];
        all[0] = attr("hidden_size", (long) H);
        System.arraycopy(attrs, 0, all, 1, attrs.length);
        b.node("GRU", "g", lens.isEmpty() ? List.of("X", "W", "R") : List.of("X", "W", "R", "", lens),
                List.of("Y", "Y_h"), all);
        b.output("Y_h", 1, 2, H);
        return b;
    }

    private static InvalidNetworkException reject(byte[] model) {
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                () -> OnnxImporter.read(model, FILE, POSITIONAL));
        assertEquals(FILE, e.file());
        assertEquals("node 'g' (GRU)", e.location(), e.getMessage());
        assertTrue(e.getMessage().startsWith(FILE + ": node 'g' (GRU)"), e.getMessage());
        assertFalse(e.reason().isEmpty());
        return e;
    }

    private static void assertRejected(String reason, OnnxModelBuilder.Attr... attrs) {
        InvalidNetworkException e = reject(model("", 3 * H, attrs).build());
        assertTrue(e.reason().contains(reason), e.getMessage());
    }

    @Test
    void nonDefaultActivationsAreRejected() {
        assertRejected("attribute 'activations' [Relu, Tanh] is not supported: only the default activations"
                + " (Sigmoid, Tanh) are", OnnxModelBuilder.strings("activations", "Relu", "Tanh"));
        assertRejected("attribute 'activations' [Sigmoid, HardSigmoid] is not supported",
                OnnxModelBuilder.strings("activations", "Sigmoid", "HardSigmoid"));
        assertRejected("attribute 'activations' lists 3 functions [Sigmoid, Tanh, Tanh] but a forward GRU needs 2"
                + " (f, g per direction)", OnnxModelBuilder.strings("activations", "Sigmoid", "Tanh", "Tanh"));
    }

    @Test
    void clipIsRejected() {
        assertRejected("attribute 'clip' (cell clipping, 2.5) is not supported", attr("clip", 2.5f));
    }

    @Test
    void otherAttributeValuesAreRejected() {
        assertRejected("attribute 'linear_before_reset' must be 0 or 1, not 2", attr("linear_before_reset", 2L));
        assertRejected("attribute 'direction' has the unknown value 'sideways'", attr("direction", "sideways"));
        assertRejected("attribute 'layout' must be 0 or 1, not 3", attr("layout", 3L));
    }

    @Test
    void weightsOfTheWrongShapeAreRejected() {
        InvalidNetworkException e = reject(model("", 4 * H).build());
        assertTrue(e.reason().contains("input W has shape [1, 16, 3] but [1, 12, 3] is expected"), e.getMessage());
    }

    @Test
    void runTimeOrPartialSequenceLensAreRejected() {
        OnnxModelBuilder open = model("lens", 3 * H);
        open.typedInput("lens", OnnxModelBuilder.INT32, 2);
        InvalidNetworkException e = reject(open.build());
        assertTrue(e.reason().contains("variable sequence_lens is not supported"), e.getMessage());

        OnnxModelBuilder partial = model("lens", 3 * H);
        partial.initializerProto(OnnxBadInputTest.int32Tensor("lens", 5, 3));
        e = reject(partial.build());
        assertTrue(e.reason().contains("'sequence_lens' [5, 3] differs from the full sequence length 5"),
                e.getMessage());
    }

    @Test
    void aThirdOutputIsNotAGruOutput() {
        Random r = new Random(3);
        OnnxModelBuilder b = new OnnxModelBuilder(14);
        b.input("X", 5, 1, D);
        b.initializer("W", OnnxModelBuilder.random(r, 3 * H * D, 0.5f), 1, 3 * H, D);
        b.initializer("R", OnnxModelBuilder.random(r, 3 * H * H, 0.5f), 1, 3 * H, H);
        b.node("GRU", "g", List.of("X", "W", "R"), List.of("Y", "Y_h", "Y_c"), attr("hidden_size", (long) H));
        b.output("Y_c", 1, 1, H);
        InvalidNetworkException e = reject(b.build());
        assertTrue(e.reason().contains("names 3 outputs, but a GRU has two (Y and Y_h)"), e.getMessage());
    }

    /** The default activations given in full (any case) and a full-length sequence_lens import. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void theDefaultsSpelledOutImport(int lbr) throws Exception {
        OnnxModelBuilder b = model("lens", 3 * H, OnnxModelBuilder.strings("activations", "sigmoid", "TANH"),
                attr("linear_before_reset", (long) lbr));
        b.initializerProto(OnnxBadInputTest.int32Tensor("lens", 5, 5));
        Network n = OnnxImporter.read(b.build(), FILE, POSITIONAL);
        GruLayer gru = (GruLayer) n.layers().get(0);
        assertEquals("gru_1", gru.name());
        assertEquals(lbr == 1, gru.resetAfter());
    }
}
