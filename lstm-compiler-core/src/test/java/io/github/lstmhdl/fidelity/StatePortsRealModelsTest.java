package io.github.lstmhdl.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.PortSpec;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.memory.MemorySymbol;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.onnx.OnnxImporter;
import io.github.lstmhdl.sim.Simulator;
import io.github.lstmhdl.sim.Tensor;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import io.github.lstmhdl.testing.OrtRunner;
import io.github.lstmhdl.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The streaming real models of {@code real-models} (second set; shared test data, never copied, skipped
 * visibly when absent) whose recurrent state is a graph port: every output against onnxruntime, over
 * several calls that feed each call's state output back as the next call's state input, as a streaming
 * host does.
 */
class StatePortsRealModelsTest {
    private static final ErrorSummary SUMMARY = new ErrorSummary(StatePortsRealModelsTest.class);

    /**
     * DTLN's first core: one 257-bin frame and the states of both LSTMs packed in [1, 2, 128, 2] (layer, h,
     * h or c) in, the mask and the repacked states out.
     */
    @Test
    void dtlnModelOneMatchesOnnxRuntimeOnEveryOutputWhileStreaming() throws Exception {
        Path file = SharedData.require("real-models/dtln-m1").resolve("model_1.onnx");
        byte[] model = Files.readAllBytes(file);
        Network network = OnnxImporter.read(file, ImportOptions.defaults());
        assertEquals(1, network.ports().inputs().size());
        assertEquals(1, network.ports().outputs().size());
        assertEquals(4, network.ports().inputs().get(0).pieces().size());
        for (ProcessorConfig config : Fidelity.configs(1)) {
            Simulator sim = Fidelity.simulator(Fidelity.imageBytes(network, config, file.toString()), "dtln.elf");
            assertEquals(List.of("input_2", "input_3"), sim.inputNames());
            assertEquals(List.of("activation_2", "tf_op_layer_stack_2"), sim.outputNames());
            Random random = new Random(13);
            float[] state = OnnxModelBuilder.random(random, 512, 0.8f);
            for (int call = 0; call < 3; call++) {
                float[] frame = OnnxModelBuilder.random(random, 257, 2f);
                Map<String, OrtRunner.Tensor> feed = new LinkedHashMap<>();
                feed.put("input_2", new OrtRunner.Tensor(frame, new long[] {1, 1, 257}));
                feed.put("input_3", new OrtRunner.Tensor(state, new long[] {1, 2, 128, 2}));
                Map<String, OrtRunner.Tensor> ort = OrtRunner.runAll(model, feed, sim.outputNames());
                Map<String, Tensor> in = new LinkedHashMap<>();
                feed.forEach((k, v) -> in.put(k, new Tensor(Fidelity.toInt(v.shape()), v.data())));
                Map<String, Tensor> out = sim.run(in, false);
                for (String name : sim.outputNames()) {
                    SUMMARY.compare("dtln-m1 call " + call + " " + name + ", gateFusion=" + config.gateFusion()
                            + ", inputProjection=" + config.inputProjection(), ort.get(name).shape(),
                            ort.get(name).data(), out.get(name));
                }
                state = ort.get("tf_op_layer_stack_2").data();
            }
        }
    }

    /**
     * docs/image-format.md's example of a state port is DTLN's: its pieces, shape and symbol as the
     * document shows them, and the area where the document puts it.
     */
    @Test
    void theDocumentedPortExampleIsDtlnsMetadata() throws Exception {
        Path file = SharedData.require("real-models/dtln-m1").resolve("model_1.onnx");
        Network network = OnnxImporter.read(file, ImportOptions.defaults());
        ProcessorConfig config = ProcessorConfig.defaults().with("maxSequenceLength", "1");
        Simulator sim = Fidelity.simulator(Fidelity.imageBytes(network, config, file.toString()), "dtln.elf");
        String doc = Files.readString(Path.of("..", "docs", "image-format.md"));
        String json = doc.substring(doc.indexOf("  \"stateInputs\" : [ {"), doc.indexOf("  } ],", doc.indexOf(
                "\"stateInputs\" : [ {")) + 6);
        PortSpec port = sim.metadata().stateInputs().get(0);
        StringBuilder pieces = new StringBuilder();
        for (PortSpec.Piece p : port.pieces()) {
            pieces.append(pieces.length() == 0 ? "" : ",\n                 ").append("{ \"elements\" : ")
                    .append(p.elements()).append(", \"offset\" : ").append(p.offset()).append(", \"stride\" : ")
                    .append(p.stride()).append(" }");
        }
        String expected = "  \"stateInputs\" : [ {\n    \"name\" : \"" + port.name() + "\",\n    \"pieces\" : [ "
                + pieces + " ],\n    \"shape\" : [ " + port.shapeText().replace(",", ", ") + " ],\n    \"symbol\" : \""
                + port.symbol() + "\"\n  } ],";
        assertEquals(expected, json);
        long input = sim.metadata().memoryMap().region(RegionKind.INPUT_DATA).offset();
        MemorySymbol area = sim.metadata().memoryMap().symbol("input.input_3").orElseThrow();
        assertEquals(1028, area.offset() - input);
        assertEquals(2048, area.size());
        assertEquals(port.pieces(), sim.metadata().stateOutputs().get(0).pieces());
        assertEquals("output.tf_op_layer_stack_2", sim.metadata().stateOutputs().get(0).symbol());
    }

    /**
     * ML-Agents' Hallway policy: its action output is sampled by {@code Multinomial_32}, which is named
     * when that output is asked for (also implicitly, as one of all the outputs).
     */
    @Test
    void hallwaysSampledActionIsRejectedNamingTheMultinomial() throws Exception {
        Path file = SharedData.require("real-models/mla-hallway").resolve("Hallway.onnx");
        for (ImportOptions options : List.of(ImportOptions.defaults(),
                ImportOptions.defaults().withOutput("discrete_actions"))) {
            InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                    () -> OnnxImporter.read(file, options));
            assertEquals(file.toString(), e.file());
            assertEquals("node 'Multinomial_32' (Multinomial)", e.location());
            assertTrue(e.reason().contains("samples at random"), e.getMessage());
        }
    }

    @AfterAll
    static void report() {
        SUMMARY.report();
    }
}
