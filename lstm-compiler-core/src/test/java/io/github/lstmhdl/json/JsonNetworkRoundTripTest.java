package io.github.lstmhdl.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.LstmLayer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.ir.SequenceInput;
import io.github.lstmhdl.layout.Axis;
import io.github.lstmhdl.npy.Npy;
import io.github.lstmhdl.source.ImportOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing any network to the native format and reading it back gives an equal network. */
class JsonNetworkRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void classifierRoundTrips() throws Exception {
        Network network = new RandomNetworks(7).classifier("speech");
        Path file = dir.resolve("speech.lstm.json");
        JsonNetworkWriter.write(network, file);
        Network back = JsonNetworkImporter.read(file, ImportOptions.defaults());
        assertEquals(network, back);
        String json = Files.readString(file);
        assertFalse(json.contains("\"name\" : \"speech\""), "the name follows from the file name:\n" + json);
        assertTrue(json.contains("\"outputMode\" : \"last\""), "MATLAB's 'last' for a reverse layer:\n" + json);
        assertArrayEquals(new int[] {2, 16, 5}, Npy.readHeader(dir.resolve("lstm_2_W.npy")).shape());
        assertArrayEquals(new int[] {2, 12}, Npy.readHeader(dir.resolve("lstm_2_P.npy")).shape());
        assertArrayEquals(new int[] {2, 4}, Npy.readHeader(dir.resolve("lstm_2_h0.npy")).shape());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(20, files.count(), "JSON + 19 weight files, no temporary files");
        }
    }

    @Test
    void sequenceToSequenceRoundTripsUnderAnotherName() throws Exception {
        Network network = new RandomNetworks(8).sequenceToSequence("translator");
        Path file = dir.resolve("sub/folder/other.lstm.json");
        JsonNetworkWriter.write(network, file);
        Network back = JsonNetworkImporter.read(file, ImportOptions.defaults());
        assertEquals(network, back);
        assertEquals(List.of(Axis.TIME, Axis.FEATURE), back.output().axes());
        assertFalse(back.input().hasFixedLength());
        assertTrue(Files.readString(file).contains("\"name\" : \"translator\""));
    }

    /**
     * ELU and PReLU keep their parameters (one number when uniform, a .npy file per feature otherwise),
     * GELU its kind, layer normalization its scale, offset and epsilon.
     */
    @Test
    void parameterizedActivationsRoundTrip() throws Exception {
        float[] uniform = {0.25f, 0.25f, 0.25f};
        Network network = io.github.lstmhdl.testing.RandomNetworks.builder(3, 4, 0)
                .lstm("lstm_1", 3, Direction.FORWARD, OutputMode.SEQUENCE, false, false)
                .parameterized("prelu_1", io.github.lstmhdl.ir.Activation.PRELU).fc("fc_1", 3)
                .build("acts");
        List<io.github.lstmhdl.ir.Layer> layers = new java.util.ArrayList<>(network.layers());
        layers.add(new io.github.lstmhdl.ir.ActivationLayer("elu_1", "", 3, io.github.lstmhdl.ir.Activation.ELU,
                FloatTensor.of(uniform, 3)));
        layers.add(new io.github.lstmhdl.ir.ActivationLayer("gelu_1", "", 3, io.github.lstmhdl.ir.Activation.GELU));
        layers.add(new io.github.lstmhdl.ir.LayerNormLayer("layernorm_1", "", 3, FloatTensor.of(new float[] {1, 2, 3}, 3),
                FloatTensor.of(new float[] {-1, 0, 0.5f}, 3), 1e-3f));
        network = new Network("acts", network.input(), layers, network.output());
        Path file = dir.resolve("acts.lstm.json");
        JsonNetworkWriter.write(network, file);
        Network back = JsonNetworkImporter.read(file, ImportOptions.defaults());
        for (int i = 1; i < layers.size(); i++) {
            io.github.lstmhdl.ir.ActivationLayer expected = layers.get(i) instanceof io.github.lstmhdl.ir.ActivationLayer a
                    ? a : null;
            if (expected != null) {
                io.github.lstmhdl.ir.ActivationLayer read = (io.github.lstmhdl.ir.ActivationLayer) back.layers().get(i);
                assertEquals(expected.activation(), read.activation());
                assertEquals(expected.parameters(), read.parameters(), expected.name());
            }
        }
        io.github.lstmhdl.ir.LayerNormLayer norm = (io.github.lstmhdl.ir.LayerNormLayer) back.layers().get(layers.size() - 1);
        assertEquals(FloatTensor.of(new float[] {1, 2, 3}, 3), norm.scale());
        assertEquals(FloatTensor.of(new float[] {-1, 0, 0.5f}, 3), norm.offset());
        assertEquals(1e-3f, norm.epsilon());
        String json = Files.readString(file);
        assertTrue(json.contains("\"alpha\" : 0.25"), json);
        assertTrue(json.contains("\"type\" : \"gelu\"") && json.contains("\"type\" : \"layerNormalization\""),
                json);
        assertTrue(json.contains("\"slope\" : \"prelu_1_slope.npy\""), json);
    }

    @Test
    void everyOutputModeAndDirectionRoundTrips() throws Exception {
        RandomNetworks random = new RandomNetworks(9);
        int i = 0;
        for (Direction direction : Direction.values()) {
            for (OutputMode mode : OutputMode.values()) {
                LstmLayer lstm = random.lstm("l", 1, direction, mode, 2, 3, false, false);
                Network network = new Network("n", new SequenceInput("in", 2, 5, 1, List.of(Axis.TIME, Axis.FEATURE)),
                        List.of(lstm), new io.github.lstmhdl.ir.NetworkOutput("l",
                                mode.isSequence() ? List.of(Axis.TIME, Axis.FEATURE) : List.of(Axis.FEATURE)));
                Path file = dir.resolve("m" + i++ + ".lstm.json");
                JsonNetworkWriter.write(network, file);
                assertEquals(network, JsonNetworkImporter.read(file, ImportOptions.defaults()), direction + " " + mode);
            }
        }
    }

    /**
     * Non-default LSTM activations (f, g, h per direction) round-trip in the optional 'activations' field,
     * which the writer leaves out for the defaults; a name that is no LSTM activation is an error there.
     */
    @Test
    void lstmActivationsRoundTrip() throws Exception {
        RandomNetworks random = new RandomNetworks(11);
        LstmLayer plain = random.lstm("l", 1, Direction.BIDIRECTIONAL, OutputMode.SEQUENCE, 2, 3, false, false);
        List<io.github.lstmhdl.ir.Activation> acts = List.of(io.github.lstmhdl.ir.Activation.RELU,
                io.github.lstmhdl.ir.Activation.TANH, io.github.lstmhdl.ir.Activation.TANH,
                io.github.lstmhdl.ir.Activation.SIGMOID, io.github.lstmhdl.ir.Activation.RELU,
                io.github.lstmhdl.ir.Activation.RELU);
        LstmLayer lstm = new LstmLayer("l", plain.origin(), plain.direction(), plain.outputMode(), plain.directions(),
                acts);
        Network network = new Network("n", new SequenceInput("in", 2, 5, 1, List.of(Axis.TIME, Axis.FEATURE)),
                List.of(lstm), new io.github.lstmhdl.ir.NetworkOutput("l", List.of(Axis.TIME, Axis.FEATURE)));
        Path file = dir.resolve("acts.lstm.json");
        JsonNetworkWriter.write(network, file);
        assertEquals(network, JsonNetworkImporter.read(file, ImportOptions.defaults()));
        String json = Files.readString(file);
        assertTrue(json.replaceAll("\\s", "").contains(
                "\"activations\":[\"relu\",\"tanh\",\"tanh\",\"sigmoid\",\"relu\",\"relu\"]"), json);

        Network defaults = new Network("n", network.input(), List.of(plain), network.output());
        Path plainFile = dir.resolve("plain.lstm.json");
        JsonNetworkWriter.write(defaults, plainFile);
        assertFalse(Files.readString(plainFile).contains("activations"), "no field for the defaults");

        Files.writeString(file, json.replace("\"sigmoid\"", "\"hardSigmoid\""));
        io.github.lstmhdl.ir.InvalidNetworkException e = assertThrows(io.github.lstmhdl.ir.InvalidNetworkException.class,
                () -> JsonNetworkImporter.read(file, ImportOptions.defaults()));
        assertTrue(e.getMessage().contains("activations") && e.getMessage().contains("\"hardSigmoid\""),
                e.getMessage());
    }

    @Test
    void normalizesWhatTheFormatDoesNotCarry() throws Exception {
        RandomNetworks random = new RandomNetworks(10);
        LstmLayer lstm = new LstmLayer("lstm_1", "node_7", Direction.BIDIRECTIONAL, OutputMode.SEQUENCE, List.of(
                random.direction(2, 3, true, true), random.direction(2, 3, false, false)));
        Network onnxLike = new Network("m", new SequenceInput("input.1", 2, 0, 0,
                List.of(Axis.TIME, Axis.BATCH, Axis.FEATURE)), List.of(lstm),
                new io.github.lstmhdl.ir.NetworkOutput("Y", List.of(Axis.TIME, Axis.DIRECTION, Axis.BATCH, Axis.FEATURE)));
        Path file = dir.resolve("m.lstm.json");
        JsonNetworkWriter.write(onnxLike, file);
        Network back = JsonNetworkImporter.read(file, ImportOptions.defaults());
        assertEquals("input", back.input().name());
        assertEquals(List.of(Axis.TIME, Axis.FEATURE), back.input().axes());
        LstmLayer read = (LstmLayer) back.layers().get(0);
        assertEquals(lstm.directions().get(0), read.directions().get(0));
        assertEquals(Optional.of(FloatTensor.zeros(9)), read.directions().get(1).peepholes());
        assertEquals(lstm.directions().get(1).inputWeights(), read.directions().get(1).inputWeights());
    }

    @Test
    void readsMatlabStackedBidirectionalWeightsAndColumnVectors() throws Exception {
        RandomNetworks random = new RandomNetworks(11);
        FloatTensor w = random.tensor(16, 3);   // 8H x D, forward rows first, H = 2
        FloatTensor r = random.tensor(16, 2);
        FloatTensor b = random.tensor(16, 1);   // MATLAB's column vector
        Npy.write(dir.resolve("w.npy"), w.shape(), w.toArray());
        Npy.write(dir.resolve("r.npy"), r.shape(), r.toArray());
        Npy.write(dir.resolve("b.npy"), b.shape(), b.toArray());
        Files.writeString(dir.resolve("bi.lstm.json"), """
                {"format": "lstm-hdl/1", "layers": [
                  {"type": "sequenceInput", "name": "in", "inputSize": 3},
                  {"type": "lstm", "name": "bl", "hiddenUnits": 2, "direction": "bidirectional",
                   "outputMode": "last",
                   "inputWeights": "w.npy", "recurrentWeights": "r.npy", "bias": "b.npy"}]}
                """, StandardCharsets.UTF_8);
        Network n = JsonNetworkImporter.read(dir.resolve("bi.lstm.json"), ImportOptions.defaults());
        LstmLayer l = (LstmLayer) n.layers().get(0);
        assertEquals(OutputMode.LAST_STEP, l.outputMode(), "MATLAB's 'last' of a BiLSTM is the last time step");
        assertEquals(List.of(Axis.FEATURE), n.output().axes());
        float[] all = w.toArray();
        for (int k = 0; k < 2; k++) {
            FloatTensor part = l.directions().get(k).inputWeights();
            assertArrayEquals(new int[] {8, 3}, part.shape());
            for (int i = 0; i < 24; i++) {
                assertEquals(all[k * 24 + i], part.get(i), "gate rows are taken as stored, i, f, g, o");
            }
            assertArrayEquals(new int[] {8}, l.directions().get(k).bias().shape());
            assertEquals(b.get(k * 8 + 5), l.directions().get(k).bias().get(5));
        }
        assertEquals("bi", n.name());
        assertEquals(1, n.input().batchSize());
    }

    /** The example of docs/formats.md, with random weights of the documented shapes. */
    @Test
    void documentedExampleReads() throws Exception {
        RandomNetworks random = new RandomNetworks(13);
        int[][] shapes = {{256, 13}, {256, 64}, {256}, {128, 64}, {128, 32}, {128}, {12, 32}, {12}};
        String[] names = {"lstm_1_W", "lstm_1_R", "lstm_1_b", "lstm_2_W", "lstm_2_R", "lstm_2_b", "fc_W", "fc_b"};
        for (int i = 0; i < names.length; i++) {
            FloatTensor t = random.tensor(shapes[i]);
            Npy.write(dir.resolve(names[i] + ".npy"), t.shape(), t.toArray());
        }
        Files.writeString(dir.resolve("kws.lstm.json"), """
                {
                  "format": "lstm-hdl/1",
                  "layers": [
                    {"type": "sequenceInput", "name": "in", "inputSize": 13, "sequenceLength": 49},
                    {"type": "lstm", "name": "lstm_1", "hiddenUnits": 64, "outputMode": "sequence",
                     "inputWeights": "lstm_1_W.npy", "recurrentWeights": "lstm_1_R.npy", "bias": "lstm_1_b.npy"},
                    {"type": "lstm", "name": "lstm_2", "hiddenUnits": 32, "outputMode": "last",
                     "inputWeights": "lstm_2_W.npy", "recurrentWeights": "lstm_2_R.npy", "bias": "lstm_2_b.npy"},
                    {"type": "fullyConnected", "name": "fc", "outputSize": 12, "weights": "fc_W.npy", "bias": "fc_b.npy"},
                    {"type": "softmax", "name": "softmax"}
                  ]
                }
                """);
        Network n = JsonNetworkImporter.read(dir.resolve("kws.lstm.json"), ImportOptions.defaults());
        assertEquals("kws", n.name());
        assertEquals(49, n.input().sequenceLength());
        assertEquals(12, n.outputSize());
        assertFalse(n.outputIsSequence());
        assertEquals(OutputMode.LAST_STATE, ((LstmLayer) n.layers().get(1)).outputMode());
        assertEquals("softmax", n.output().name());
        assertEquals(Npy.read(dir.resolve("lstm_1_R.npy")),
                ((LstmLayer) n.layers().get(0)).directions().get(0).recurrentWeights());
    }

    @Test
    void writerRejectsAFileNameWithoutTheSuffix() {
        Network network = new RandomNetworks(12).sequenceToSequence("x");
        assertThrows(IllegalArgumentException.class, () -> JsonNetworkWriter.write(network, dir.resolve("x.json")));
        assertThrows(IllegalArgumentException.class, () -> JsonNetworkWriter.write(network, dir.resolve(".lstm.json")));
    }
}
