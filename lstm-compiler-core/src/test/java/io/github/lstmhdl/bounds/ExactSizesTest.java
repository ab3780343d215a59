package io.github.lstmhdl.bounds;

import static io.github.lstmhdl.testing.OnnxModelBuilder.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Sizes;
import io.github.lstmhdl.onnx.OnnxImporter;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Finding 8 (part) of issue 10: declared dimensions and attributes are multiplied exactly. A
 * hidden_size of 2^62 + 4 once passed its check as 4 × (2^62 + 4) = 16 elements and compiled as "4
 * hidden units"; a negative one was silently replaced by R's shape.
 */
class ExactSizesTest {
    private static final String FILE = "sizes.onnx";

    private static OnnxModelBuilder lstm(long hiddenSize) {
        Random r = new Random(8);
        OnnxModelBuilder b = new OnnxModelBuilder(13).input("X", 3, 1, 2);
        b.initializer("W", OnnxModelBuilder.random(r, 16 * 2, 0.5f), 1, 16, 2);
        b.initializer("R", OnnxModelBuilder.random(r, 16 * 4, 0.5f), 1, 16, 4);
        b.node("LSTM", "lstm", List.of("X", "W", "R"), List.of("Y"), attr("hidden_size", hiddenSize));
        return b;
    }

    private static InvalidNetworkException reject(byte[] model, ImportOptions options) {
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                () -> OnnxImporter.read(model, FILE, options));
        assertEquals(FILE, e.file());
        assertTrue(e.getMessage().startsWith(FILE + ": "), e.getMessage());
        return e;
    }

    @Test
    void aHiddenSizeWhoseProductWrapsIsRejected() {
        long hostile = (1L << 62) + 4; // 4 × hostile wraps to 16
        InvalidNetworkException e = reject(lstm(hostile).output("Y", 3, 1, 1, 4).build(), ImportOptions.defaults());
        assertEquals("node 'lstm' (LSTM)", e.location());
        assertTrue(e.reason().contains("attribute hidden_size " + hostile + " is not a usable size"), e.getMessage());
    }

    @Test
    void aNegativeOrZeroHiddenSizeIsRejectedNotReplacedByRsShape() {
        for (long bad : new long[] {-4, 0, Long.MIN_VALUE}) {
            InvalidNetworkException e = reject(lstm(bad).output("Y", 3, 1, 1, 4).build(), ImportOptions.defaults());
            assertEquals("node 'lstm' (LSTM)", e.location());
            assertTrue(e.reason().contains("attribute hidden_size " + bad + " is not a usable size"), e.getMessage());
        }
    }

    @Test
    void aReshapeTargetWhoseProductWrapsIsTooLarge() {
        OnnxModelBuilder b = lstm(4);
        // 16 × 2^60 wraps to 0 in a long
        b.initializerLongs("shape", new long[] {16, 1L << 60, 16}, 3);
        b.node("Reshape", "reshape", List.of("Y", "shape"), List.of("Z"));
        b.output("Z", 16, 1, 16);
        InvalidNetworkException e = reject(b.build(), ImportOptions.defaults());
        assertEquals("node 'reshape' (Reshape)", e.location());
        assertTrue(e.reason().contains("too large"), e.getMessage());
    }

    @Test
    void aFoldedReshapeTargetBeyondAnIntIsRejectedEvenWithAHugeElementLimit() {
        OnnxModelBuilder b = lstm(4);
        b.initializer("c", new float[4], 4);
        // 2^32 + 1 truncated to an int is 1: [2^32 + 1] would pass as a reshape of 4 elements to [1, 4]
        b.initializerLongs("shape", new long[] {(1L << 32) + 1, 4}, 2);
        b.node("Reshape", "fold", List.of("c", "shape"), List.of("cr"));
        b.node("Add", "add", List.of("Y", "cr"), List.of("Z"));
        b.output("Z", 3, 1, 1, 4);
        InvalidNetworkException e = reject(b.build(), ImportOptions.defaults().withMaxElements(Long.MAX_VALUE / 2));
        assertEquals("node 'fold' (Reshape)", e.location());
        assertTrue(e.reason().contains("invalid target dimension"), e.getMessage());
    }

    @Test
    void productsSaturateInsteadOfWrapping() {
        assertEquals(Long.MAX_VALUE, Sizes.times(1L << 62, 4));
        assertEquals(Long.MAX_VALUE, Sizes.product(1 << 30, 1 << 30, 1 << 30));
        assertEquals(1L << 60, Sizes.product(1 << 30, 1 << 30));
        // 2^30 · 2^30 · 2^30 · 2^30 wraps to 0 in a long: the tensor claimed no elements
        assertThrows(IllegalArgumentException.class, () -> FloatTensor.of(new float[0], 1 << 30, 1 << 30, 1 << 30, 1 << 30));
        assertThrows(IllegalArgumentException.class, () -> Sizes.times(-1, 2));
    }
}
