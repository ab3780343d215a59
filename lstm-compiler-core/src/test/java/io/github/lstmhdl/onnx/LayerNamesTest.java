package io.github.lstmhdl.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.ir.ActivationLayer;
import io.github.lstmhdl.ir.Activation;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.FullyConnectedLayer;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The layer-name rule of docs/formats.md (Names): clean exporter names kept, the others positional. */
class LayerNamesTest {

    @Test
    void cleanNodeNamesAreLayerNames() {
        assertEquals("lstm", LayerNames.clean("lstm"));
        assertEquals("fc_1", LayerNames.clean("fc_1_MatMul"));
        assertEquals("fc_1", LayerNames.clean("fc_1_Add"));
        assertEquals("fc_2", LayerNames.clean("fc_2_Gemm"));
        assertEquals("lstm_4", LayerNames.clean("lstm_4"));
        assertEquals("dense", LayerNames.clean("dense"));
    }

    @Test
    void exporterNamesAreNot() {
        for (String name : List.of("/lstm/LSTM", "LSTM__51", "LSTM_9", "Gemm_0", "MatMul_25", "Relu", "LSTM",
                "LSTM node #8", "model/lstm:0", "", "MatMul", "a".repeat(65), "1lstm")) {
            assertNull(LayerNames.clean(name), name);
        }
    }

    @Test
    void cleanNamesAreUniqueIgnoringCaseAndNeverAnotherLayersPositionalName() {
        List<Layer> layers = List.of(fc("dense"), fc("Dense"), fc("fc_1_MatMul"), act("relu_2"), act("act"),
                act("Relu_3"));
        List<String> names = LayerNames.name(layers, false).stream().map(Layer::name).toList();
        // dense/Dense clash (both positional: fc_1, fc_2); fc_1 is fc_1's positional name for layer 0, so
        // layer 2 is fc_3; relu_2 is the positional name of layer 4; Relu_3 is an op-derived name
        assertEquals(List.of("fc_1", "fc_2", "fc_3", "relu_1", "act", "relu_3"), names);
        assertEquals(List.of("fc_1", "fc_2", "fc_3", "relu_1", "relu_2", "relu_3"),
                LayerNames.name(layers, true).stream().map(Layer::name).toList());
    }

    /** A MATLAB-style export: the LSTM node "lstm" and the FC "fc_1_MatMul" + "fc_1_Add" name the components. */
    @Test
    void matlabNamesReachTheComponentsAndTheOptionForcesPositionalNames() throws Exception {
        Random r = new Random(5);
        OnnxModelBuilder b = new OnnxModelBuilder(13);
        b.input("X", 4, 1, 3);
        b.randomLstm(r, "lstm", "X", 3, 5, "forward", 0.5f, true, false, false, 1, List.of("", "Y_h"));
        b.initializerLongs("ax", new long[] {0}, 1);
        b.node("Squeeze", "lstm_squeeze", List.of("Y_h", "ax"), List.of("h"));
        b.initializer("W", OnnxModelBuilder.random(r, 10, 0.5f), 5, 2);
        b.initializer("B", OnnxModelBuilder.random(r, 2, 0.5f), 2);
        b.node("MatMul", "fc_1_MatMul", List.of("h", "W"), List.of("mm"));
        b.node("Add", "fc_1_Add", List.of("mm", "B"), List.of("out"));
        b.output("out", 1, 2);
        byte[] model = b.build();
        Network n = OnnxImporter.read(model, "matlab.onnx", ImportOptions.defaults());
        assertEquals(List.of("lstm", "fc_1"), n.layers().stream().map(Layer::name).toList());
        Network positional = OnnxImporter.read(model, "matlab.onnx",
                ImportOptions.defaults().withPositionalLayerNames(true));
        assertEquals(List.of("lstm_1", "fc_1"), positional.layers().stream().map(Layer::name).toList());
        var compiled = io.github.lstmhdl.pipeline.NetworkCompiler.compile(n, io.github.lstmhdl.config.ProcessorConfig
                .defaults(), "matlab.onnx", "test", false);
        String log = String.join("\n", compiled.log());
        assertTrue(log.contains("layer group: lstm.wi>>lstm.wo") && log.contains("layer group: fc_1 "), log);
        assertTrue(!log.contains("lstm_1"), log);
    }

    private static Layer fc(String origin) {
        return new FullyConnectedLayer("fc", origin, FloatTensor.zeros(1, 1), FloatTensor.zeros(1));
    }

    private static Layer act(String origin) {
        return new ActivationLayer("relu", origin, 1, Activation.RELU);
    }
}
