package io.github.lstmhdl.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The real models of {@code ../shared/real-models} with 2-D convolutional front-ends, which a 1-D-only
 * compiler must reject with one line naming the node and the reason (README: dpcrn-simple, gtcrn-simple).
 */
class ConvolutionRealModelsTest {

    @Test
    void dpcrnIsRejectedAtItsFirst2dConv() throws Exception {
        Path model = SharedData.require("real-models/dpcrn-simple").resolve("dpcrn_simple.onnx");
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                () -> OnnxImporter.read(model, ImportOptions.defaults()));
        assertEquals("node 'Conv_7' (Conv)", e.location());
        assertTrue(e.reason().contains("2-D kernel [2, 5]"), e.getMessage());
        assertTrue(e.file().endsWith("dpcrn_simple.onnx"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    /**
     * gtcrn's first node in file order that the importer cannot handle is named with its op and the
     * reason; every Conv of gtcrn is 2-D or grouped, so whatever else becomes supported, a Conv is never
     * accepted silently.
     */
    @Test
    void gtcrnNamesItsFirstUnsupportedNode() throws Exception {
        Path model = SharedData.require("real-models/gtcrn-simple").resolve("gtcrn_simple.onnx");
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                () -> OnnxImporter.read(model, ImportOptions.defaults()));
        assertTrue(e.location().matches("node '[^']+' \\((\\w+)\\)"), e.getMessage());
        assertTrue(e.reason().contains("not supported"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        if (e.location().endsWith("(Conv)")) {
            assertTrue(e.reason().contains("2-D kernel") || e.reason().contains("group"), e.getMessage());
        }
    }
}
