package io.github.lstmhdl.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.NetworkOutput;
import io.github.lstmhdl.ir.RecurrentLayer;
import io.github.lstmhdl.ir.SequenceInput;
import io.github.lstmhdl.layout.Axis;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.source.SourceFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a native network file ({@code <name>.lstm.json} with {@code .npy} weights beside it) into a
 * validated {@link Network}. The format is documented in {@code docs/formats.md}: layers in the
 * toolbox's terms, MATLAB's weight layout (input weights 4H×D, recurrent weights 4H×H, bias 4H, gate
 * order i, f, g, o, which is the model's canonical order, so nothing is reordered).
 *
 * <p>Every problem is an {@link InvalidNetworkException} naming the network file, the JSON path of the
 * offending value (such as {@code $.layers[1].recurrentWeights}) and the reason: malformed JSON (with
 * line and column), an unknown field or layer type, a missing or mistyped field, an invalid or
 * duplicate layer name, sizes that do not fit the previous layer, and weight files that are missing,
 * outside the network's folder, malformed, of the wrong shape or holding NaN or infinity. Sizes are
 * checked against the {@code .npy} headers and the size limit of the {@link ImportOptions} before any
 * weight data is read. JSON is parsed with Jackson's tree model, with duplicate keys and trailing
 * content rejected; the fields of every object are checked against the fields its layer type knows, so
 * a misspelt field is an error rather than a silently applied default.
 *
 * <p>The network's input has axes [TIME, FEATURE] and batch size 1; its output, named after the last
 * layer, has axes [TIME, FEATURE] when the last LSTM returns a sequence and [FEATURE] otherwise.
 */
public final class JsonNetworkImporter implements LayerReading {

    /** A network description is small; weights live in .npy files. */
    static final long MAX_JSON_BYTES = 16L << 20;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final Set<String> NETWORK_FIELDS = Set.of("format", "name", "layers");
    private static final Set<String> INPUT_FIELDS = Set.of("type", "name", "inputSize", "sequenceLength");
    /** Every known type, for messages: the sequence input first. */
    private static final List<String> TYPES = types();

    private static List<String> types() {
        List<String> types = new ArrayList<>();
        types.add(NativeFormat.SEQUENCE_INPUT);
        types.addAll(LayerFormats.types());
        return List.copyOf(types);
    }

    private final String file;
    private final long maxElements;
    private final WeightFiles weights;
    private final Map<String, String> namePaths = new HashMap<>();
    private int features;
    private boolean sequence = true;
    private String previous;

    private JsonNetworkImporter(String file, Path folder, ImportOptions options, SourceFiles sources) {
        this.file = file;
        this.maxElements = options.maxElements();
        this.weights = new WeightFiles(file, folder, options.maxElements(), sources);
    }

    /**
     * Reads and validates a native network file.
     *
     * @param file    the {@code .lstm.json} file; weight file names inside it are resolved against its
     *                folder and may not leave it
     * @param options the size limit ({@link ImportOptions#maxElements()}); bindings and output selection
     *                do not apply to this format
     * @return the network, named after the file (without {@code .lstm.json}) unless the file's
     *         {@code name} field says otherwise
     * @throws InvalidNetworkException for every malformed, inconsistent or unreadable input
     */
    public static Network read(Path file, ImportOptions options) throws InvalidNetworkException {
        return read(file, options, new SourceFiles());
    }

    /**
     * Reads a native network file as {@link #read(Path, ImportOptions)} does, telling {@code sources} of
     * the network file and of every weight file before each is read.
     *
     * @throws InvalidNetworkException for every malformed, inconsistent or unreadable input
     */
    public static Network read(Path file, ImportOptions options, SourceFiles sources) throws InvalidNetworkException {
        java.util.Objects.requireNonNull(options, "options");
        java.util.Objects.requireNonNull(sources, "sources");
        String display = file.toString();
        Path fileName = file.getFileName();
        if (fileName == null || !NativeFormat.hasSuffix(fileName.toString())
                || NativeFormat.baseName(fileName.toString()).isEmpty()) {
            throw new InvalidNetworkException(display, "", "a native network file's name must end with "
                    + NativeFormat.SUFFIX + " after a network name");
        }
        Path folder = file.toAbsolutePath().getParent();
        sources.reading(file);
        JsonNode root = parse(file, display);
        return new JsonNetworkImporter(display, folder, options, sources)
                .network(root, NativeFormat.baseName(fileName.toString()));
    }

    private static JsonNode parse(Path file, String display) throws InvalidNetworkException {
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                throw new InvalidNetworkException(display, "", Files.exists(file) ? "not a regular file"
                        : "the file does not exist");
            }
            if (Files.size(file) > MAX_JSON_BYTES) {
                throw new InvalidNetworkException(display, "", "the file has " + Files.size(file)
                        + " bytes, more than the " + MAX_JSON_BYTES + " that a network description may have"
                        + " (weights belong in .npy files)");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidNetworkException(display, "", "cannot read the file: " + e, e);
        }
        try {
            JsonNode root = MAPPER.readTree(bytes);
            if (root == null || root.isMissingNode()) {
                throw new InvalidNetworkException(display, "", "the file is empty; expected a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
            String what = e.getOriginalMessage();
            if (what != null && what.startsWith("Trailing token")) {
                what = "unexpected content after the end of the top-level JSON object";
            }
            throw new InvalidNetworkException(display, where, "malformed JSON: " + what, e);
        } catch (IOException e) {
            throw new InvalidNetworkException(display, "", "cannot read the file: " + e, e);
        }
    }

    private Network network(JsonNode root, String defaultName) throws InvalidNetworkException {
        JsonFields top = JsonFields.of(root, "$", file);
        top.allowOnly(NETWORK_FIELDS, "the network");
        String format = top.requireString("format");
        if (!format.equals(NativeFormat.FORMAT)) {
            throw top.error("format", "unsupported format \"" + format + "\"; this compiler reads \""
                    + NativeFormat.FORMAT + "\"");
        }
        String name = top.optionalString("name").orElse(defaultName);
        if (name.isBlank()) {
            throw top.error("name", "the network name must not be blank");
        }
        JsonNode list = top.require("layers");
        if (!list.isArray() || list.isEmpty()) {
            throw top.error("layers", "'layers' must be a non-empty array of layers, not " + JsonFields.kind(list)
                    + (list.isArray() ? " without elements" : ""));
        }
        SequenceInput input = null;
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonFields layer = JsonFields.of(list.get(i), top.path("layers") + "[" + i + "]", file);
            String type = layer.requireString("type");
            if (!TYPES.contains(type)) {
                throw layer.error("type", "unknown layer type \"" + type + "\" (known types: "
                        + String.join(", ", TYPES) + ")");
            }
            if ((i == 0) != type.equals(NativeFormat.SEQUENCE_INPUT)) {
                throw layer.error("type", i == 0
                        ? "the first layer must be a " + NativeFormat.SEQUENCE_INPUT + ", not " + type
                        : "only the first layer may be a " + NativeFormat.SEQUENCE_INPUT);
            }
            if (i == 0) {
                input = sequenceInput(layer);
            } else {
                layers.add(layer(layer, type));
            }
        }
        if (layers.isEmpty()) {
            throw top.error("layers", "the network has an input but no layer after it");
        }
        Layer last = layers.get(layers.size() - 1);
        List<Axis> axes = sequence ? List.of(Axis.TIME, Axis.FEATURE) : List.of(Axis.FEATURE);
        try {
            return new Network(name, input, layers, new NetworkOutput(last.name(), axes));
        } catch (IllegalArgumentException e) {
            throw top.error("layers", e.getMessage());
        }
    }

    private SequenceInput sequenceInput(JsonFields f) throws InvalidNetworkException {
        f.allowOnly(INPUT_FIELDS, "a " + NativeFormat.SEQUENCE_INPUT + " layer");
        String name = name(f);
        features = f.requirePositiveInt("inputSize", maxElements);
        int length = f.optionalPositiveInt("sequenceLength", Integer.MAX_VALUE).orElse(SequenceInput.DYNAMIC);
        previous = name;
        return new SequenceInput(name, features, length, 1, List.of(Axis.TIME, Axis.FEATURE));
    }

    private Layer layer(JsonFields f, String type) throws InvalidNetworkException {
        Layer layer = LayerFormats.forType(type).orElseThrow().read(type, this, f);
        features = layer.outputSize();
        previous = layer.name();
        if (layer instanceof RecurrentLayer recurrent) {
            sequence = recurrent.outputMode().isSequence();
        }
        return layer;
    }

    @Override
    public String file() {
        return file;
    }

    @Override
    public int features() {
        return features;
    }

    @Override
    public String previous() {
        return previous;
    }

    @Override
    public boolean sequence() {
        return sequence;
    }

    @Override
    public long maxElements() {
        return maxElements;
    }

    @Override
    public WeightFiles weights() {
        return weights;
    }

    @Override
    public String name(JsonFields f) throws InvalidNetworkException {
        String name = f.requireString("name");
        if (!Network.NAME_PATTERN.matcher(name).matches()) {
            throw f.error("name", "layer name \"" + name + "\" must be 1 to 64 letters, digits or '_'"
                    + " and not start with a digit (it names generated components and symbols)");
        }
        String earlier = namePaths.putIfAbsent(name, f.path());
        if (earlier != null) {
            throw f.error("name", "layer name \"" + name + "\" is already used by " + earlier);
        }
        return name;
    }
}
