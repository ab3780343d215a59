package io.github.lstmhdl.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.NetworkOutput;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.ir.SequenceInput;
import io.github.lstmhdl.ir.SoftmaxLayer;
import io.github.lstmhdl.layout.Axis;
import io.github.lstmhdl.npy.Npy;
import io.github.lstmhdl.source.ImportOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every class of bad input gives an {@link InvalidNetworkException} whose message names the network
 * file and the JSON path (or line and column) of the problem.
 */
class JsonNetworkImporterErrorsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path root;
    Path dir;
    Path file;

    /** in(3) -> lstm_1 (H 4, sequence) -> lstm_2 (H 2, last) -> fc (3) -> sm, written by the writer. */
    @BeforeEach
    void writeValidNetwork() throws Exception {
        dir = Files.createDirectories(root.resolve("net"));
        file = dir.resolve("net.lstm.json");
        RandomNetworks random = new RandomNetworks(3);
        Network network = new Network("net", new SequenceInput("in", 3, 0, 1, List.of(Axis.TIME, Axis.FEATURE)),
                List.of(random.lstm("lstm_1", 1, Direction.FORWARD, OutputMode.SEQUENCE, 3, 4, true, true),
                        random.lstm("lstm_2", 2, Direction.FORWARD, OutputMode.LAST_STATE, 4, 2, false, false),
                        random.fc("fc", 3, 2, 3),
                        new SoftmaxLayer("sm", RandomNetworks.origin(4), 3, false)),
                new NetworkOutput("sm", List.of(Axis.FEATURE)));
        JsonNetworkWriter.write(network, file);
        assertEquals(network, JsonNetworkImporter.read(file, ImportOptions.defaults()), "the fixture itself is valid");
    }

    private void edit(Consumer<ObjectNode> change) throws Exception {
        ObjectNode tree = (ObjectNode) MAPPER.readTree(file.toFile());
        change.accept(tree);
        Files.writeString(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree));
    }

    private static ObjectNode layer(ObjectNode tree, int i) {
        return (ObjectNode) tree.get("layers").get(i);
    }

    private InvalidNetworkException rejects(String location, String... fragments) {
        return rejects(file, ImportOptions.defaults(), location, fragments);
    }

    private static InvalidNetworkException rejects(Path network, ImportOptions options, String location,
            String... fragments) {
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                () -> JsonNetworkImporter.read(network, options));
        assertEquals(network.toString(), e.file());
        assertEquals(location, e.location(), e.getMessage());
        assertTrue(e.getMessage().startsWith(network + ": " + (location.isEmpty() ? "" : location + ": ")), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + e.getMessage() + "' should contain '" + f + "'");
        }
        return e;
    }

    // ---- JSON syntax and structure ----

    @Test
    void malformedJsonGivesLineAndColumn() throws Exception {
        Files.writeString(file, "{\n  \"format\": \"lstm-hdl/1\",\n  \"layers\": [ {\"type\": }\n]}\n");
        rejects("line 3, column 24", "malformed JSON", "expected a value");
        Files.writeString(file, "{\"format\": \"lstm-hdl/1\", \"layers\": [");
        rejects("line 1, column 37", "malformed JSON");
        Files.writeString(file, "{\"format\": \"lstm-hdl/1\", \"format\": \"lstm-hdl/1\"}");
        rejects("line 1, column 34", "Duplicate field 'format'");
        Files.writeString(file, "{\"format\": \"lstm-hdl/1\"} {}");
        rejects("line 1, column 26", "malformed JSON: unexpected content after the end");
        Files.writeString(file, "");
        rejects("", "empty");
        Files.writeString(file, "[1, 2]");
        rejects("$", "expected a JSON object, not an array");
    }

    @Test
    void deepNestingAndNullLayersAreErrors() throws Exception {
        Files.writeString(file, "[".repeat(5000));
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                () -> JsonNetworkImporter.read(file, ImportOptions.defaults()));
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains("malformed JSON"), e.getMessage());
        writeValidNetwork();
        edit(t -> ((ArrayNode) t.get("layers")).set(2, MAPPER.getNodeFactory().nullNode()));
        rejects("$.layers[2]", "expected a JSON object, not null");
    }

    @Test
    void wrongFormatTagAndLayerList() throws Exception {
        edit(t -> t.put("format", "lstm-hdl/2"));
        rejects("$.format", "unsupported format \"lstm-hdl/2\"");
        edit(t -> t.remove("format"));
        rejects("$", "the required field 'format' is missing");
        edit(t -> { t.put("format", "lstm-hdl/1"); t.putArray("layers"); });
        rejects("$.layers", "non-empty array");
        edit(t -> t.put("layers", "lstm"));
        rejects("$.layers", "non-empty array", "the string \"lstm\"");
        edit(t -> { ArrayNode a = t.putArray("layers"); a.addObject().put("type", "sequenceInput").put("name", "in").put("inputSize", 2); });
        rejects("$.layers", "no layer after it");
        edit(t -> ((ArrayNode) t.get("layers")).set(0, MAPPER.getNodeFactory().numberNode(3)));
        rejects("$.layers[0]", "expected a JSON object, not the number 3");
    }

    @Test
    void unknownLayerType() throws Exception {
        edit(t -> layer(t, 1).put("type", "rnn"));
        rejects("$.layers[1].type", "unknown layer type \"rnn\"", "lstm", "gru", "fullyConnected");
    }

    @Test
    void unknownFieldIsATypo() throws Exception {
        edit(t -> layer(t, 1).put("hiddenUnit", 4));
        rejects("$.layers[1].hiddenUnit", "unknown field 'hiddenUnit'", "hiddenUnits");
        edit(t -> { layer(t, 1).remove("hiddenUnit"); t.put("description", "x"); });
        rejects("$.description", "unknown field 'description' in the network");
        edit(t -> { t.remove("description"); layer(t, 4).put("size", 3); });
        rejects("$.layers[4].size", "unknown field 'size' in a softmax layer");
    }

    @Test
    void missingFieldsAreNamed() throws Exception {
        for (String field : List.of("hiddenUnits", "inputWeights", "recurrentWeights", "bias", "name", "type")) {
            writeValidNetwork();
            edit(t -> layer(t, 1).remove(field));
            rejects("$.layers[1]", "the required field '" + field + "' is missing");
        }
        writeValidNetwork();
        edit(t -> layer(t, 0).remove("inputSize"));
        rejects("$.layers[0]", "'inputSize' is missing");
        writeValidNetwork();
        edit(t -> layer(t, 3).putNull("outputSize"));
        rejects("$.layers[3]", "'outputSize' is missing");
    }

    @Test
    void wrongValueTypesAndRanges() throws Exception {
        edit(t -> layer(t, 1).put("hiddenUnits", "4"));
        rejects("$.layers[1].hiddenUnits", "must be a positive integer, not the string \"4\"");
        edit(t -> layer(t, 1).put("hiddenUnits", 4.5));
        rejects("$.layers[1].hiddenUnits", "positive integer", "4.5");
        edit(t -> layer(t, 1).put("hiddenUnits", -4));
        rejects("$.layers[1].hiddenUnits", "positive integer, not -4");
        edit(t -> layer(t, 1).put("hiddenUnits", new java.math.BigInteger("99999999999999999999999")));
        rejects("$.layers[1].hiddenUnits", "positive integer");
        edit(t -> layer(t, 1).put("hiddenUnits", 5_000_000_000L));
        rejects("$.layers[1].hiddenUnits", "more than the limit");
        edit(t -> { layer(t, 1).put("hiddenUnits", 4); layer(t, 1).put("outputMode", "all"); });
        rejects("$.layers[1].outputMode", "unknown outputMode \"all\"", "\"sequence\"");
        edit(t -> { layer(t, 1).put("outputMode", "sequence"); layer(t, 1).put("direction", "backward"); });
        rejects("$.layers[1].direction", "unknown direction \"backward\"", "\"reverse\"");
        edit(t -> { layer(t, 1).put("direction", "forward"); layer(t, 1).put("bias", 3); });
        rejects("$.layers[1].bias", "'bias' must be a string, not the number 3");
        edit(t -> { layer(t, 1).put("bias", "lstm_1_b.npy"); layer(t, 0).put("sequenceLength", 0); });
        rejects("$.layers[0].sequenceLength", "positive integer, not 0");
        edit(t -> { layer(t, 0).remove("sequenceLength"); t.put("name", " "); });
        rejects("$.name", "blank");
    }

    @Test
    void hugeDeclaredSizesFailBeforeAnythingIsRead() throws Exception {
        edit(t -> layer(t, 1).put("hiddenUnits", 1 << 27));
        rejects("$.layers[1].inputWeights", "more than the limit of " + ImportOptions.DEFAULT_MAX_ELEMENTS);
        writeValidNetwork();
        rejects(file, ImportOptions.defaults().withMaxElements(50), "$.layers[1].recurrentWeights", "limit of 50");
    }

    @Test
    void layerOrderRules() throws Exception {
        edit(t -> layer(t, 0).put("type", "relu"));
        rejects("$.layers[0].type", "the first layer must be a sequenceInput");
        writeValidNetwork();
        edit(t -> ((ArrayNode) t.get("layers")).add(layer(t, 0).deepCopy().put("name", "in2")));
        rejects("$.layers[5].type", "only the first layer may be a sequenceInput");
        writeValidNetwork();
        // lstm_2 returns one vector: an LSTM after it has no sequence
        edit(t -> ((ArrayNode) t.get("layers")).insert(3, layer(t, 2).deepCopy().put("name", "lstm_3")));
        rejects("$.layers[3]", "lstm layer 'lstm_3' needs a sequence", "'lstm_2'");
    }

    @Test
    void layerNamesMustBeValidAndUnique() throws Exception {
        edit(t -> layer(t, 3).put("name", "lstm_1"));
        rejects("$.layers[3].name", "\"lstm_1\" is already used by $.layers[1]");
        edit(t -> layer(t, 3).put("name", "in"));
        rejects("$.layers[3].name", "already used by $.layers[0]");
        edit(t -> layer(t, 3).put("name", "fc.1"));
        rejects("$.layers[3].name", "\"fc.1\" must be 1 to 64 letters");
        edit(t -> layer(t, 3).put("name", "1fc"));
        rejects("$.layers[3].name", "not start with a digit");
    }

    // ---- weight files ----

    @Test
    void missingWeightFile() throws Exception {
        Files.delete(dir.resolve("lstm_1_R.npy"));
        rejects("$.layers[1].recurrentWeights", "weight file 'lstm_1_R.npy' does not exist");
        edit(t -> layer(t, 1).put("recurrentWeights", ""));
        rejects("$.layers[1].recurrentWeights", "empty");
        edit(t -> layer(t, 1).put("recurrentWeights", "sub"));
        Files.createDirectory(dir.resolve("sub"));
        rejects("$.layers[1].recurrentWeights", "not a regular file");
    }

    @Test
    void weightPathsMayNotEscapeTheFolder() throws Exception {
        Files.copy(dir.resolve("lstm_1_R.npy"), root.resolve("outside.npy"));
        edit(t -> layer(t, 1).put("recurrentWeights", "../outside.npy"));
        rejects("$.layers[1].recurrentWeights", "escapes the network file's folder");
        edit(t -> layer(t, 1).put("recurrentWeights", "sub/../../outside.npy"));
        rejects("$.layers[1].recurrentWeights", "escapes");
        edit(t -> layer(t, 1).put("recurrentWeights", root.resolve("outside.npy").toAbsolutePath().toString()));
        rejects("$.layers[1].recurrentWeights", "must be a path relative to the network file's folder");
        edit(t -> layer(t, 1).put("recurrentWeights", "bad\u0000name.npy"));
        rejects("$.layers[1].recurrentWeights", "not a valid file name");
    }

    @Test
    void symbolicLinkOutOfTheFolderIsRejected() throws Exception {
        Files.copy(dir.resolve("lstm_1_R.npy"), root.resolve("outside.npy"));
        Path link = dir.resolve("link.npy");
        try {
            Files.createSymbolicLink(link, root.resolve("outside.npy"));
        } catch (UnsupportedOperationException | java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "symbolic links are not available here: " + e);
        }
        edit(t -> layer(t, 1).put("recurrentWeights", "link.npy"));
        rejects("$.layers[1].recurrentWeights", "links to a file outside");
    }

    @Test
    void subfolderInsideTheNetworkFolderIsFine() throws Exception {
        Files.createDirectory(dir.resolve("w"));
        Files.move(dir.resolve("lstm_1_R.npy"), dir.resolve("w/r.npy"));
        edit(t -> layer(t, 1).put("recurrentWeights", "w/./r.npy"));
        JsonNetworkImporter.read(file, ImportOptions.defaults());
    }

    @Test
    void wrongWeightShape() throws Exception {
        Npy.write(dir.resolve("lstm_1_R.npy"), new int[] {16, 3}, new float[48]);
        rejects("$.layers[1].recurrentWeights", "has shape [16, 3]", "must have shape [16, 4]");
        writeValidNetwork();
        Npy.write(dir.resolve("lstm_1_W.npy"), new int[] {4, 16}, new float[64]);
        rejects("$.layers[1].inputWeights", "[4, 16]", "[16, 3]");
        writeValidNetwork();
        Npy.write(dir.resolve("lstm_1_P.npy"), new int[] {16}, new float[16]);
        rejects("$.layers[1].peepholes", "[12] or [12, 1]");
        writeValidNetwork();
        Npy.write(dir.resolve("fc_b.npy"), new int[] {}, new float[1]);
        rejects("$.layers[3].bias", "has shape []", "[3]");
    }

    @Test
    void sizeMismatchBetweenLayers() throws Exception {
        // lstm_1's hidden size changes to 5: lstm_2's input weights [8 x 4] no longer fit ...
        edit(t -> layer(t, 1).put("hiddenUnits", 5));
        rejects("$.layers[1].inputWeights", "[20, 3]");
        // ... and fc's weights must match lstm_2's 2 features
        writeValidNetwork();
        Npy.write(dir.resolve("fc_W.npy"), new int[] {3, 4}, new float[12]);
        rejects("$.layers[3].weights", "has shape [3, 4]", "[3, 2]", "2 features from 'lstm_2'");
        writeValidNetwork();
        edit(t -> layer(t, 3).put("outputSize", 5));
        rejects("$.layers[3].weights", "has shape [3, 2]", "[5, 2]");
        writeValidNetwork();
        edit(t -> layer(t, 0).put("inputSize", 7));
        rejects("$.layers[1].inputWeights", "receives 7 features from 'in'", "[16, 7]");
    }

    @Test
    void nonFiniteWeights() throws Exception {
        float[] b = Npy.read(dir.resolve("lstm_1_b.npy")).toArray();
        b[5] = Float.NaN;
        Npy.write(dir.resolve("lstm_1_b.npy"), new int[] {16}, b);
        rejects("$.layers[1].bias", "lstm_1_b.npy", "NaN at flat index 5");
        b[5] = 0;
        Npy.write(dir.resolve("lstm_1_b.npy"), new int[] {16}, b);
        float[] w = Npy.read(dir.resolve("fc_W.npy")).toArray();
        w[3] = Float.NEGATIVE_INFINITY;
        Npy.write(dir.resolve("fc_W.npy"), new int[] {3, 2}, w);
        rejects("$.layers[3].weights", "-Infinity", "index [1, 1]", "finite");
    }

    @Test
    void truncatedWeightFile() throws Exception {
        byte[] bytes = Files.readAllBytes(dir.resolve("lstm_1_R.npy"));
        Files.write(dir.resolve("lstm_1_R.npy"), Arrays.copyOf(bytes, bytes.length - 7));
        rejects("$.layers[1].recurrentWeights", "weight file 'lstm_1_R.npy'", "truncated");
        Files.write(dir.resolve("lstm_1_R.npy"), Arrays.copyOf(bytes, 20));
        rejects("$.layers[1].recurrentWeights", "truncated");
        Files.write(dir.resolve("lstm_1_R.npy"), "not numpy".getBytes(StandardCharsets.US_ASCII));
        rejects("$.layers[1].recurrentWeights", "not a .npy file");
    }

    @Test
    void lyingNpyHeaderWithHugeShape() throws Exception {
        // the header says [4096, 4096, 4096] (2^36 floats) in a file of a few hundred bytes
        byte[] header = Npy.toBytes(new int[] {16, 4}, new float[64]);
        int headerLength = Npy.readHeader(dir.resolve("lstm_1_R.npy")).dataOffset() - 10;
        String text = new String(header, 10, headerLength, StandardCharsets.ISO_8859_1)
                .replace("(16, 4)", "(4096, 4096, 4096)");
        ByteBuffer b = ByteBuffer.allocate(10 + text.length() + 256).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header, 0, 8).putShort((short) text.length()).put(text.getBytes(StandardCharsets.ISO_8859_1));
        Files.write(dir.resolve("lstm_1_R.npy"), b.array());
        rejects("$.layers[1].recurrentWeights", "lstm_1_R.npy", "more elements than one array can hold");
        // a plausible shape that the file does not hold
        Files.write(dir.resolve("lstm_1_R.npy"), Arrays.copyOf(header, header.length - 64 * 4 + 8));
        rejects("$.layers[1].recurrentWeights", "truncated", "256 data bytes");
    }

    // ---- the file itself ----

    @Test
    void networkFileProblems() throws Exception {
        Path json = dir.resolve("net.json");
        Files.copy(file, json);
        rejects(json, ImportOptions.defaults(), "", ".lstm.json");
        rejects(dir.resolve("gone.lstm.json"), ImportOptions.defaults(), "", "does not exist");
        Path big = dir.resolve("big.lstm.json");
        Files.write(big, new byte[(int) JsonNetworkImporter.MAX_JSON_BYTES + 1]);
        rejects(big, ImportOptions.defaults(), "", "weights belong in .npy files");
    }

    @Test
    void nameDefaultsToTheFileName() throws Exception {
        Path renamed = dir.resolve("My-Net.v2.lstm.json");
        Files.copy(file, renamed);
        assertEquals("My-Net.v2", JsonNetworkImporter.read(renamed, ImportOptions.defaults()).name());
        edit(t -> t.put("name", "kws"));
        assertEquals("kws", JsonNetworkImporter.read(file, ImportOptions.defaults()).name());
    }
}
