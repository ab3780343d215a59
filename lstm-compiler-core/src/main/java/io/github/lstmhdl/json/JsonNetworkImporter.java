package io.github.lstmhdl.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.lstmhdl.ir.Activation;
import io.github.lstmhdl.ir.ActivationLayer;
import io.github.lstmhdl.ir.Axis;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.FullyConnectedLayer;
import io.github.lstmhdl.ir.GruLayer;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.LstmDirection;
import io.github.lstmhdl.ir.LstmLayer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.NetworkOutput;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.ir.SequenceInput;
import io.github.lstmhdl.ir.SoftmaxLayer;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.source.SourceFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
public final class JsonNetworkImporter {

    /** A network description is small; weights live in .npy files. */
    static final long MAX_JSON_BYTES = 16L << 20;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final Set<String> NETWORK_FIELDS = Set.of("format", "name", "layers");
    private static final Set<String> INPUT_FIELDS = Set.of("type", "name", "inputSize", "sequenceLength");
    private static final Set<String> LSTM_FIELDS = Set.of("type", "name", "hiddenUnits", "outputMode", "direction",
            "inputWeights", "recurrentWeights", "bias", "peepholes", "initialHiddenState", "initialCellState");
    private static final Set<String> GRU_FIELDS = Set.of("type", "name", "hiddenUnits", "outputMode", "direction",
            "resetGateMode", "inputWeights", "recurrentWeights", "bias", "initialHiddenState");
    private static final Set<String> FC_FIELDS = Set.of("type", "name", "outputSize", "weights", "bias");
    private static final Set<String> PLAIN_FIELDS = Set.of("type", "name");

    /** How the layer of one JSON type is read: one entry per type, the only place that maps a type to its reader. */
    @FunctionalInterface
    private interface LayerReader {
        Layer read(JsonNetworkImporter importer, JsonFields f) throws InvalidNetworkException;
    }

    /** The layer types after the first layer (the {@code sequenceInput}), in the order messages list them. */
    private static final Map<String, LayerReader> READERS = readers();

    /** Every known type, for messages: the sequence input first. */
    private static final List<String> TYPES = types();

    private static Map<String, LayerReader> readers() {
        Map<String, LayerReader> m = new LinkedHashMap<>();
        m.put(NativeFormat.LSTM, JsonNetworkImporter::lstm);
        m.put(NativeFormat.GRU, JsonNetworkImporter::gru);
        m.put(NativeFormat.FULLY_CONNECTED, JsonNetworkImporter::fullyConnected);
        m.put(NativeFormat.RELU, (importer, f) -> importer.activation(f, Activation.RELU));
        m.put(NativeFormat.SIGMOID, (importer, f) -> importer.activation(f, Activation.SIGMOID));
        m.put(NativeFormat.TANH, (importer, f) -> importer.activation(f, Activation.TANH));
        m.put(NativeFormat.SOFTMAX, (importer, f) -> importer.softmax(f, false));
        m.put(NativeFormat.LOG_SOFTMAX, (importer, f) -> importer.softmax(f, true));
        return Collections.unmodifiableMap(m);
    }

    private static List<String> types() {
        List<String> types = new ArrayList<>();
        types.add(NativeFormat.SEQUENCE_INPUT);
        types.addAll(READERS.keySet());
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
        Layer layer = READERS.get(type).read(this, f);
        features = layer.outputSize();
        previous = layer.name();
        return layer;
    }

    /**
     * What the fields of a recurrent layer ({@code type} lstm or gru) share: its name, which must
     * follow a sequence, H, the direction and the direction's spelling of the JSON output mode.
     */
    private record Recurrent(String name, long h, Direction direction, OutputMode mode, long d, String of,
            String from) {
    }

    /** The shared fields; {@code hasCell}: the kind has a cell state, so {@code "lastCell"} is a mode of it. */
    private Recurrent recurrent(JsonFields f, String type, boolean hasCell) throws InvalidNetworkException {
        String name = name(f);
        if (!sequence) {
            throw new InvalidNetworkException(file, f.path(), type + " layer '" + name + "' needs a sequence, but '"
                    + previous + "' before it outputs one vector per sequence");
        }
        long h = f.requirePositiveInt("hiddenUnits", maxElements);
        String directionValue = f.optionalString("direction").orElse("forward");
        Direction direction = NativeFormat.direction(directionValue).orElseThrow(() -> f.error("direction",
                "unknown direction \"" + directionValue + "\"; use " + NativeFormat.DIRECTIONS));
        String modeValue = f.optionalString("outputMode").orElse("sequence");
        OutputMode mode = NativeFormat.outputMode(modeValue, direction)
                .filter(m -> hasCell || m != OutputMode.LAST_CELL)
                .orElseThrow(() -> f.error("outputMode", "unknown outputMode \"" + modeValue + "\"" + (hasCell
                        ? "; use " + NativeFormat.OUTPUT_MODES
                        : " for a " + type + " layer (it has no cell state); use \"sequence\", \"last\", \"lastState\""
                                + " or \"lastStep\"")));
        long d = features;
        return new Recurrent(name, h, direction, mode, d, " of '" + name + "'",
                " (it receives " + d + " features from '" + previous + "' and has " + h + " hidden units)");
    }

    private LstmLayer lstm(JsonFields f) throws InvalidNetworkException {
        f.allowOnly(LSTM_FIELDS, "an lstm layer");
        Recurrent header = recurrent(f, "lstm", true);
        String name = header.name();
        long h = header.h();
        Direction direction = header.direction();
        OutputMode mode = header.mode();
        long d = header.d();
        String of = header.of();
        String from = header.from();
        int dirs = direction.count();
        // each parameter is read per direction, so a bidirectional one is never held whole and split
        List<FloatTensor> w = lstmParameter(f, "inputWeights", "input weights" + of + from, dirs, 4 * h, d);
        List<FloatTensor> r = lstmParameter(f, "recurrentWeights", "recurrent weights" + of, dirs, 4 * h, h);
        List<FloatTensor> b = lstmParameter(f, "bias", "bias" + of, dirs, 4 * h);
        Optional<List<FloatTensor>> p = optionalLstmParameter(f, "peepholes", "peepholes" + of, dirs, 3 * h);
        Optional<List<FloatTensor>> h0 = optionalLstmParameter(f, "initialHiddenState", "initial hidden state" + of,
                dirs, h);
        Optional<List<FloatTensor>> c0 = optionalLstmParameter(f, "initialCellState", "initial cell state" + of,
                dirs, h);
        List<LstmDirection> parameters = new ArrayList<>();
        for (int k = 0; k < dirs; k++) {
            int dir = k;
            parameters.add(new LstmDirection(w.get(dir), r.get(dir), b.get(dir), p.map(t -> t.get(dir)),
                    h0.map(t -> t.get(dir)), c0.map(t -> t.get(dir))));
        }
        sequence = mode.isSequence();
        try {
            return new LstmLayer(name, f.path(), direction, mode, parameters);
        } catch (IllegalArgumentException e) {
            throw new InvalidNetworkException(file, f.path(), e.getMessage());
        }
    }

    /**
     * A GRU in MATLAB's conventions: gate order reset, update, candidate (the IR's is update, reset,
     * candidate, as ONNX's), and {@code resetGateMode} as MATLAB's ResetGateMode:
     * {@code after-multiplication} (the default) is ONNX linear_before_reset=1 with the bias as Wb and
     * a zero Rb; {@code recurrent-bias-after-multiplication} the same with a 6H bias [Wb ; Rb];
     * {@code before-multiplication} is linear_before_reset=0 with the bias as Wb.
     */
    private GruLayer gru(JsonFields f) throws InvalidNetworkException {
        f.allowOnly(GRU_FIELDS, "a gru layer");
        Recurrent header = recurrent(f, "gru", false);
        String resetValue = f.optionalString("resetGateMode").orElse(NativeFormat.RESET_AFTER);
        if (!List.of(NativeFormat.RESET_AFTER, NativeFormat.RESET_BEFORE, NativeFormat.RESET_AFTER_RECURRENT_BIAS)
                .contains(resetValue)) {
            throw f.error("resetGateMode", "unknown resetGateMode \"" + resetValue + "\"; use "
                    + NativeFormat.RESET_GATE_MODES);
        }
        boolean recurrentBias = resetValue.equals(NativeFormat.RESET_AFTER_RECURRENT_BIAS);
        long h = header.h();
        int dirs = header.direction().count();
        List<FloatTensor> w = lstmParameter(f, "inputWeights", "input weights" + header.of() + header.from(), dirs,
                3 * h, header.d());
        List<FloatTensor> r = lstmParameter(f, "recurrentWeights", "recurrent weights" + header.of(), dirs, 3 * h, h);
        List<FloatTensor> b = lstmParameter(f, "bias", "bias" + header.of() + " (resetGateMode \"" + resetValue
                + "\")", dirs, (recurrentBias ? 6 : 3) * h);
        Optional<List<FloatTensor>> h0 = optionalLstmParameter(f, "initialHiddenState",
                "initial hidden state" + header.of(), dirs, h);
        List<GruLayer.Parameters> parameters = new ArrayList<>();
        int hs = (int) h;
        for (int k = 0; k < dirs; k++) {
            float[] bias = b.get(k).toArray();
            FloatTensor wb = FloatTensor.of(java.util.Arrays.copyOf(bias, 3 * hs), 3 * hs);
            FloatTensor rb = recurrentBias
                    ? FloatTensor.of(java.util.Arrays.copyOfRange(bias, 3 * hs, 6 * hs), 3 * hs)
                    : FloatTensor.zeros(3 * hs);
            int dir = k;
            parameters.add(new GruLayer.Parameters(NativeFormat.swapResetAndUpdate(w.get(k)),
                    NativeFormat.swapResetAndUpdate(r.get(k)), NativeFormat.swapResetAndUpdate(wb),
                    NativeFormat.swapResetAndUpdate(rb), h0.map(t -> t.get(dir))));
        }
        sequence = header.mode().isSequence();
        try {
            return new GruLayer(header.name(), f.path(), header.direction(), header.mode(),
                    !resetValue.equals(NativeFormat.RESET_BEFORE), parameters);
        } catch (IllegalArgumentException e) {
            throw new InvalidNetworkException(file, f.path(), e.getMessage());
        }
    }

    private FullyConnectedLayer fullyConnected(JsonFields f) throws InvalidNetworkException {
        f.allowOnly(FC_FIELDS, "a fullyConnected layer");
        String name = name(f);
        long out = f.requirePositiveInt("outputSize", maxElements);
        long in = features;
        String of = " of '" + name + "'";
        FloatTensor w = weights.load(f.requireString("weights"), f.path("weights"),
                "the weights" + of + " (outputSize " + out + " x " + in + " features from '" + previous + "')",
                new long[] {out, in}, List.of(new long[] {out, in}));
        FloatTensor b = weights.load(f.requireString("bias"), f.path("bias"), "the bias" + of,
                new long[] {out}, List.of(new long[] {out}, new long[] {out, 1}));
        return new FullyConnectedLayer(name, f.path(), w, b);
    }

    private ActivationLayer activation(JsonFields f, Activation activation) throws InvalidNetworkException {
        f.allowOnly(PLAIN_FIELDS, "a " + activation.name().toLowerCase(java.util.Locale.ROOT) + " layer");
        return new ActivationLayer(name(f), f.path(), features, activation);
    }

    private SoftmaxLayer softmax(JsonFields f, boolean logarithmic) throws InvalidNetworkException {
        f.allowOnly(PLAIN_FIELDS, "a softmax layer");
        return new SoftmaxLayer(name(f), f.path(), features, logarithmic);
    }

    /** The layer's name: required, a valid component name, not used by an earlier layer. */
    private String name(JsonFields f) throws InvalidNetworkException {
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

    /**
     * One LSTM parameter for all directions, shaped [dirs, rows, cols...]; a unidirectional one as
     * [rows, cols...]. A bidirectional parameter may also be stacked MATLAB-style ([2·rows, cols...]);
     * a vector may also be a column ([n, 1]).
     */
    private List<FloatTensor> lstmParameter(JsonFields f, String field, String what, int dirs, long... perDirection)
            throws InvalidNetworkException {
        List<long[]> accepted = new ArrayList<>();
        long[] stacked = perDirection.clone();
        stacked[0] *= dirs;
        long[] shape = dirs == 1 ? perDirection : prepend(dirs, perDirection);
        accepted.add(shape);
        if (dirs > 1) {
            accepted.add(stacked);
        }
        if (perDirection.length == 1) {
            accepted.add(new long[] {stacked[0], 1});
        }
        return weights.loadSplit(f.requireString(field), f.path(field), what, shape, accepted, dirs);
    }

    private Optional<List<FloatTensor>> optionalLstmParameter(JsonFields f, String field, String what, int dirs,
            long... perDirection) throws InvalidNetworkException {
        return f.has(field) ? Optional.of(lstmParameter(f, field, what, dirs, perDirection)) : Optional.empty();
    }

    private static long[] prepend(long first, long[] rest) {
        long[] shape = new long[rest.length + 1];
        shape[0] = first;
        System.arraycopy(rest, 0, shape, 1, rest.length);
        return shape;
    }
}
