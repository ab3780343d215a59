package io.github.lstmhdl.sim;

import static io.github.lstmhdl.testing.OnnxModelBuilder.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.ImageMetadata;
import io.github.lstmhdl.image.ImageReader;
import io.github.lstmhdl.image.PortSpec;
import io.github.lstmhdl.image.TestImages;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.image.writer.ElfImageWriter;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.onnx.OnnxImporter;
import io.github.lstmhdl.pipeline.NetworkCompiler;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator's side of state ports that the fidelity tests do not reach: the ports an image's
 * metadata describes are checked when it is loaded, and every run by name that cannot proceed is one
 * {@link SimulationException} saying which tensor and why.
 */
class StatePortsSimulationTest {
    private static final int H = 3;
    private static CompiledNetwork compiled;

    /** X [T, N, 2] → LSTM whose h0/c0 come from state [2, 1, H]; outputs Y and stateN = Y_h ‖ Y_c. */
    @BeforeAll
    static void compile() throws Exception {
        Random r = new Random(8);
        OnnxModelBuilder b = new OnnxModelBuilder(13);
        b.input("X", "T", "N", 2);
        b.input("state", 2, 1, H);
        b.initializerLongs("axis0", new long[] {0}, 1);
        for (int k = 0; k < 2; k++) {
            b.initializerLongs("i" + k, new long[] {k});
            b.node("Gather", "g" + k, List.of("state", "i" + k), List.of("s" + k), attr("axis", 0L));
            b.node("Unsqueeze", "u" + k, List.of("s" + k, "axis0"), List.of("init" + k));
        }
        b.initializer("W", OnnxModelBuilder.random(r, 4 * H * 2, 0.7f), 1, 4 * H, 2);
        b.initializer("R", OnnxModelBuilder.random(r, 4 * H * H, 0.7f), 1, 4 * H, H);
        b.node("LSTM", "rnn", List.of("X", "W", "R", "", "", "init0", "init1"), List.of("Y", "Y_h", "Y_c"),
                attr("hidden_size", (long) H));
        b.node("Concat", "pack", List.of("Y_h", "Y_c"), List.of("stateN"), attr("axis", 0L));
        b.output("Y", "T", 1, "N", H);
        b.output("stateN", 2, 1, H);
        Network network = OnnxImporter.read(b.build(), "streaming.onnx", ImportOptions.defaults());
        compiled = NetworkCompiler.compile(network, ProcessorConfig.defaults().with("maxSequenceLength", "4"),
                "streaming.onnx", "test", false);
    }

    private static Simulator load(CompiledNetwork network) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ElfImageWriter.write(network, out);
        return Simulator.load(ImageReader.read(out.toByteArray(), "streaming.elf"));
    }

    private static CompiledNetwork withInputPort(PortSpec port) {
        ImageMetadata m = compiled.metadata();
        return TestImages.withMetadata(compiled, new ImageMetadata(m.formatVersion(), m.compilerVersion(),
                m.networkName(), m.dataType(), m.frameLimit(), m.input(), m.output(), m.hostLayer(), m.processor(),
                m.memoryMap(), m.contentSha256(), List.of(port), m.stateOutputs()));
    }

    private static Tensor x(int batch) {
        return new Tensor(new int[] {2, batch, 2}, new float[2 * batch * 2]);
    }

    @Test
    void portsThatDoNotFitTheImageAreRefusedWhenLoading() {
        PortSpec good = compiled.metadata().stateInputs().get(0);
        SimulationException missing = assertThrows(SimulationException.class, () -> load(withInputPort(
                new PortSpec(good.name(), "input.nowhere", good.shape(), good.pieces()))));
        assertEquals("port 'state': the memory map has no symbol 'input.nowhere'", missing.reason());
        SimulationException beyond = assertThrows(SimulationException.class, () -> load(withInputPort(
                new PortSpec(good.name(), good.symbol(), good.shape(), List.of(new PortSpec.Piece(4, 1, H),
                        good.pieces().get(1))))));
        assertEquals("port 'state': a piece of 3 elements from 4 with stride 1 does not lie inside its tensor of 6"
                + " elements", beyond.reason());
    }

    @Test
    void aRunByNameSaysWhichTensorIsWrong() throws Exception {
        Simulator sim = load(compiled);
        assertEquals(List.of("X", "state"), sim.inputNames());
        assertEquals(List.of("Y", "stateN"), sim.outputNames());
        Tensor state = new Tensor(new int[] {2, 1, H}, new float[2 * H]);
        Map<String, Tensor> unknown = new LinkedHashMap<>(Map.of("X", x(1), "state", state, "h0", state));
        assertEquals("input tensor h0", assertThrows(SimulationException.class, () -> sim.run(unknown, false))
                .location());
        SimulationException noMain = assertThrows(SimulationException.class, () -> sim.run(Map.of("state", state),
                false));
        assertEquals("missing: the main input is needed", noMain.reason());
        SimulationException noState = assertThrows(SimulationException.class, () -> sim.run(Map.of("X", x(1)), false));
        assertEquals("input tensor state", noState.location());
        SimulationException shape = assertThrows(SimulationException.class, () -> sim.run(Map.of("X", x(1),
                "state", new Tensor(new int[] {1, 2, H}, new float[2 * H])), false));
        assertEquals("shape [1, 2, 3] is not the declared [2, 1, 3]", shape.reason());
        SimulationException batch = assertThrows(SimulationException.class, () -> sim.run(Map.of("X", x(2),
                "state", state), false));
        assertEquals("the batch holds 2 sequences, but an image with state ports runs one sequence at a time",
                batch.reason());
        // after a run that reset, a run that keeps its state needs no state input
        sim.run(Map.of("X", x(1), "state", state), false);
        assertEquals(List.of("Y", "stateN"), List.copyOf(sim.run(Map.of("X", x(1)), true).keySet()));
    }
}
