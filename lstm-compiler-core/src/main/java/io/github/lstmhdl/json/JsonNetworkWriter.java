package io.github.lstmhdl.json;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lstmhdl.image.RegionContent;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.SequenceInput;
import io.github.lstmhdl.npy.Npy;
import io.github.lstmhdl.output.OutputWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Exports a {@link Network}, whatever format it came from, to the native format: the
 * {@code .lstm.json} file and one float32 {@code .npy} file per weight tensor beside it, named
 * {@code <layer>_<param>.npy} (params {@code W}, {@code R}, {@code b}, {@code P}, {@code h0},
 * {@code c0}; fully connected {@code W}, {@code b}). Reading the result back with
 * {@link JsonNetworkImporter} gives the same layers, weights and sizes.
 *
 * <p>What the native format does not carry is normalized: the input becomes [TIME, FEATURE] with batch
 * size 1, the output is named after the last layer, layer origins become JSON paths, an input name
 * that is not a valid layer name is replaced, and a bidirectional layer whose peepholes or initial
 * states are given for only one direction gets zeros for the other (numerically the same).
 *
 * <p>Weight files are written first and the JSON file last, each to a temporary file moved over the
 * target, so a reader never sees a JSON file whose weights are missing or half written. Existing files
 * of the same names are replaced.
 */
public final class JsonNetworkWriter {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private JsonNetworkWriter() {
    }

    /**
     * Writes {@code network} to {@code jsonFile} and its weights beside it.
     *
     * @param jsonFile the target; its name must end with {@code .lstm.json}; missing folders are created
     * @throws IllegalArgumentException when the file name lacks the {@code .lstm.json} suffix, or the network
     *                                  has per-sequence initial states [B, H] (the native format has no
     *                                  batch, so its initial states are one vector [H] per direction), or
     *                                  state ports (the native format has one input and one output)
     * @throws IOException              when a file cannot be written
     */
    public static void write(Network network, Path jsonFile) throws IOException {
        Path fileName = jsonFile.getFileName();
        if (fileName == null || !NativeFormat.hasSuffix(fileName.toString())
                || NativeFormat.baseName(fileName.toString()).isEmpty()) {
            throw new IllegalArgumentException("a native network file's name must end with " + NativeFormat.SUFFIX
                    + ", not " + jsonFile);
        }
        if (network.stateBatch() != 0) {
            throw new IllegalArgumentException("network '" + network.name() + "' has initial states that differ"
                    + " between the " + network.stateBatch() + " sequences of its batch; the native format has no"
                    + " batch and keeps one initial state per direction");
        }
        if (!network.ports().isEmpty()) {
            throw new IllegalArgumentException("network '" + network.name() + "' has state ports (graph inputs or"
                    + " outputs of recurrent state); the native format has one input and one output");
        }
        Path target = jsonFile.toAbsolutePath();
        Path folder = target.getParent();
        Files.createDirectories(folder);
        new Export(network, folder).write(target, NativeFormat.baseName(fileName.toString()));
    }

    /** The state of one export: the weight file names taken so far (case-insensitively). */
    private static final class Export implements LayerWriting {
        private final Network network;
        private final Path folder;
        private final Set<String> takenFiles = new HashSet<>();

        Export(Network network, Path folder) {
            this.network = network;
            this.folder = folder;
        }

        void write(Path target, String defaultName) throws IOException {
            ObjectNode root = MAPPER.createObjectNode();
            root.put("format", NativeFormat.FORMAT);
            if (!network.name().equals(defaultName)) {
                root.put("name", network.name());
            }
            ArrayNode layers = root.putArray("layers");
            layers.add(input(network.input()));
            for (Layer layer : network.layers()) {
                layers.add(layer(layer));
            }
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"));
            String text = MAPPER.writer(printer).writeValueAsString(root) + "\n";
            writeAtomically(target, text.getBytes(StandardCharsets.UTF_8));
        }

        private ObjectNode input(SequenceInput input) {
            ObjectNode node = MAPPER.createObjectNode();
            node.put("type", NativeFormat.SEQUENCE_INPUT);
            node.put("name", inputName(input.name()));
            node.put("inputSize", input.featureSize());
            if (input.hasFixedLength()) {
                node.put("sequenceLength", input.sequenceLength());
            }
            return node;
        }

        /** The input's name where it is a valid, unused layer name; else "input", "input_2", ... */
        private String inputName(String name) {
            Set<String> used = new HashSet<>();
            network.layers().forEach(l -> used.add(l.name()));
            if (Network.NAME_PATTERN.matcher(name).matches() && !used.contains(name)) {
                return name;
            }
            String candidate = "input";
            for (int i = 2; used.contains(candidate); i++) {
                candidate = "input_" + i;
            }
            return candidate;
        }

        /** The layer's JSON object, written by its kind's format. */
        private ObjectNode layer(Layer layer) throws IOException {
            ObjectNode node = MAPPER.createObjectNode();
            LayerFormats.write(layer, node, this);
            return node;
        }

        @Override
        public String weightFile(String layer, String param, FloatTensor tensor) throws IOException {
            String base = layer + "_" + param;
            String name = base + ".npy";
            // layer names may differ only in case: keep the files apart on case-insensitive file systems
            for (int i = 2; !takenFiles.add(name.toLowerCase(Locale.ROOT)); i++) {
                name = base + "_" + i + ".npy";
            }
            Npy.write(folder.resolve(name), tensor.shape(), tensor.toArray());
            return name;
        }

        private static void writeAtomically(Path target, byte[] bytes) throws IOException {
            OutputWriter.write(target, RegionContent.of(bytes));
        }
    }
}
