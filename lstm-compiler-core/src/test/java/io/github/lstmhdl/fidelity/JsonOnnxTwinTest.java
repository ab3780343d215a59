package io.github.lstmhdl.fidelity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.ImageReader;
import io.github.lstmhdl.image.LoadedImage;
import io.github.lstmhdl.ir.ActivationLayer;
import io.github.lstmhdl.ir.FullyConnectedLayer;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.LstmLayer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.SoftmaxLayer;
import io.github.lstmhdl.json.JsonNetworkImporter;
import io.github.lstmhdl.json.JsonNetworkWriter;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.onnx.OnnxImporter;
import io.github.lstmhdl.sim.Simulator;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same network as ONNX and as the native JSON format gives identical output bytes: a random ONNX
 * model (from {@link RandomOnnxFidelityTest}'s generator) is imported, exported with
 * {@link JsonNetworkWriter} and re-imported; both networks must agree in everything the formats both
 * carry (layers, names, sizes, weights, output modes; not origins, input names or axes), compile to the
 * same FC weight and instruction bytes with the same configuration, and their simulated images must
 * return bit-identical floats on the same input.
 */
class JsonOnnxTwinTest {

    static IntStream cases() {
        return IntStream.range(0, 12);
    }

    @ParameterizedTest(name = "random case {0}")
    @MethodSource("cases")
    void jsonAndOnnxTwinsGiveIdenticalBytes(int index, @TempDir Path dir) throws Exception {
        RandomOnnxFidelityTest.Case c = RandomOnnxFidelityTest.generate(index);
        Network onnx = OnnxImporter.read(c.model(), "twin.onnx", ImportOptions.defaults().withOutput(c.output()));
        Path jsonFile = dir.resolve("twin.lstm.json");
        JsonNetworkWriter.write(onnx, jsonFile);
        Network json = JsonNetworkImporter.read(jsonFile, ImportOptions.defaults());

        assertEquals(withoutOrigins(onnx.layers()), withoutOrigins(json.layers()), c.toString());
        assertEquals(onnx.input().featureSize(), json.input().featureSize());
        assertEquals(onnx.outputIsSequence(), json.outputIsSequence());
        assertEquals(onnx.outputSize(), json.outputSize());

        int t = c.timeSteps();
        ProcessorConfig config = Fidelity.configs(t).get(index % 2);
        LoadedImage fromOnnx = ImageReader.read(Fidelity.imageBytes(onnx, config, "twin.onnx"), "onnx.elf");
        LoadedImage fromJson = ImageReader.read(Fidelity.imageBytes(json, config, "twin.lstm.json"), "json.elf");
        assertArrayEquals(fromOnnx.content(RegionKind.FC_WEIGHT_DATA), fromJson.content(RegionKind.FC_WEIGHT_DATA),
                "FC weight region bytes");
        assertTrue(fromOnnx.content(RegionKind.FC_WEIGHT_DATA).length > 0, "an empty weight region proves nothing");
        assertArrayEquals(fromOnnx.content(RegionKind.INSTRUCTION_DATA),
                fromJson.content(RegionKind.INSTRUCTION_DATA), "instruction bytes");

        float[] x = OnnxModelBuilder.random(new Random(2000L + index), t * onnx.input().featureSize(), 1.5f);
        float[] a = Simulator.load(fromOnnx).predict(x, t);
        float[] b = Simulator.load(fromJson).predict(x, t);
        assertTrue(Arrays.equals(a, b), "outputs differ in their bits: " + c);
        int bad = 0;
        for (float f : a) {
            bad += Float.isFinite(f) ? 0 : 1;
        }
        assertEquals(0, bad, "non-finite outputs");
    }

    /** The layers with their origins blanked: ONNX origins are node names, JSON origins are JSON paths. */
    private static List<Layer> withoutOrigins(List<Layer> layers) {
        return layers.stream().map(JsonOnnxTwinTest::withoutOrigin).toList();
    }

    private static Layer withoutOrigin(Layer l) {
        if (l instanceof LstmLayer x) {
            return new LstmLayer(x.name(), "", x.direction(), x.outputMode(), x.directions());
        }
        if (l instanceof FullyConnectedLayer x) {
            return new FullyConnectedLayer(x.name(), "", x.weights(), x.bias());
        }
        if (l instanceof ActivationLayer x) {
            return new ActivationLayer(x.name(), "", x.size(), x.activation());
        }
        SoftmaxLayer x = (SoftmaxLayer) l;
        return new SoftmaxLayer(x.name(), "", x.size(), x.logarithmic());
    }
}
