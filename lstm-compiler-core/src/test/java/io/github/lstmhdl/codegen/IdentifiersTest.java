package io.github.lstmhdl.codegen;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdentifiersTest {
    @Test
    void classNamesFromFileNames() {
        assertEquals("LstmModelOffsets", Identifiers.className("lstm_model.onnx"));
        assertEquals("LstmModelOffsets", Identifiers.className("src/main/networks/lstm_model.onnx"));
        assertEquals("MyNetOffsets", Identifiers.className("my-net.lstm.json"));
        assertEquals("KerasLSTMV2Offsets", Identifiers.className("kerasLSTM v2.onnx"));
        assertEquals("Network3layerOffsets", Identifiers.className("3layer.onnx"));
        assertEquals("NetworkOffsets", Identifiers.className("___.onnx"));
        assertEquals("lstm_model", Identifiers.baseName("a/b/lstm_model.LSTM.JSON"));
        if (java.io.File.separatorChar == '/') {
            // a backslash is a character of a Linux file name, not a separator
            assertEquals("b\\lstm_model", Identifiers.baseName("a/b\\lstm_model.LSTM.JSON"));
            assertEquals("b_lstm_model.elf", OutputNames.of("b\\lstm_model.onnx", "", java.util.Optional.empty())
                    .imagePath());
        }
    }

    @Test
    void constantStemsFromSymbolNames() {
        assertEquals("LSTM_1_WI_WEIGHTS", Identifiers.constantStem("lstm_1.wi.weights"));
        assertEquals("FC_OUT_BIAS", Identifiers.constantStem("fcOut.bias"));
        assertEquals("LSTM_1_BACKWARD_H", Identifiers.constantStem("lstm_1/backward..h"));
        assertEquals("SYM_1ST_LAYER_H", Identifiers.constantStem("1st-layer.h"));
        assertEquals("SYM_", Identifiers.constantStem("\u00e9\u00e9"));
        assertEquals("CLASS", Identifiers.constantStem("class"), "upper case is never a keyword");
    }

    @Test
    void invalidPackageOrClassNamesAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JavaConstantsWriter("com.example.class", "Foo"));
        assertTrue(e.getMessage().contains("'com.example.class'") && e.getMessage().contains("'class'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new JavaConstantsWriter("com..example", "Foo"));
        assertThrows(IllegalArgumentException.class, () -> new JavaConstantsWriter("com.1x", "Foo"));
        assertThrows(IllegalArgumentException.class, () -> new JavaConstantsWriter("com.example", "Foo-Bar"));
        assertThrows(IllegalArgumentException.class, () -> new JavaConstantsWriter("com.example", "record"));
        assertThrows(IllegalArgumentException.class, () -> new JavaConstantsWriter("com.example", ""));
        assertThrows(IllegalArgumentException.class, () -> new CHeaderWriter("_X"));
        assertEquals("com/example/LstmModelOffsets.java",
                JavaConstantsWriter.forNetworkFile("com.example", "lstm_model.onnx").relativePath());
        assertEquals("X.java", new JavaConstantsWriter("", "X").relativePath());
    }

    @Test
    void outputNames() {
        OutputNames n = OutputNames.of("nets/lstm_model.onnx", "com.example.networks", Optional.empty());
        assertEquals("LstmModelOffsets", n.className());
        assertEquals("/com/example/networks/lstm_model.elf", n.imageResource());
        assertEquals("com/example/networks/lstm_model.h", n.headerPath());
        assertEquals("com/example/networks/lstm_model.memory-map.json", n.memoryMapPath());
        assertEquals("LSTM_MODEL", n.macroPrefix());
        assertEquals("Custom", OutputNames.of("x y.onnx", "", Optional.of("Custom")).className());
        assertEquals("x_y.elf", OutputNames.of("x y.onnx", "", Optional.empty()).imagePath());
    }
}
