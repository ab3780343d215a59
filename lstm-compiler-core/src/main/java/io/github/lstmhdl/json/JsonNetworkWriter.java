package io.github.lstmhdl.json;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lstmhdl.image.RegionContent;
import io.github.lstmhdl.ir.ActivationLayer;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.FullyConnectedLayer;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.LstmDirection;
import io.github.lstmhdl.ir.GruLayer;
import io.github.lstmhdl.ir.LstmLayer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.SequenceInput;
import io.github.lstmhdl.ir.SoftmaxLayer;
import io.github.lstmhdl.npy.Npy;
import io.github.lstmhdl.output.OutputWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

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
     *                                  batch, so its initial states are one vector [H] per direction)
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
        Path target = jsonFile.toAbsolutePath();
        Path folder = target.getParent();
        Files.createDirectories(folder);
        new Export(network, folder).write(target, NativeFormat.baseName(fileName.toString()));
    }

    /** The state of one export: the weight file names taken so far (case-insensitively). */
    private static final class Export {
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

        /** The layer's JSON object: one case per layer kind, so a kind without a native form does not build. */
        private ObjectNode layer(Layer layer) throws IOException {
            ObjectNode node = MAPPER.createObjectNode();
            layer.accept(new Layer.Cases<Void, IOException>() {
                @Override
                public Void lstm(LstmLayer lstm) throws IOException {
                    Export.this.lstm(node, lstm);
                    return null;
                }

                @Override
                public Void gru(GruLayer gru) throws IOException {
                    Export.this.gru(node, gru);
                    return null;
                }

                @Override
                public Void fullyConnected(FullyConnectedLayer fc) throws IOException {
                    node.put("type", NativeFormat.FULLY_CONNECTED);
                    node.put("name", fc.name());
                    node.put("outputSize", fc.outputSize());
                    node.put("weights", weightFile(fc.name(), "W", fc.weights()));
                    node.put("bias", weightFile(fc.name(), "b", fc.bias()));
                    return null;
                }

                @Override
                public Void activation(ActivationLayer a) {
                    node.put("type", switch (a.activation()) {
                        case RELU -> NativeFormat.RELU;
                        case SIGMOID -> NativeFormat.SIGMOID;
                        case TANH -> NativeFormat.TANH;
                    });
                    node.put("name", a.name());
                    return null;
                }

                @Override
                public Void softmax(SoftmaxLayer s) {
                    node.put("type", s.logarithmic() ? NativeFormat.LOG_SOFTMAX : NativeFormat.SOFTMAX);
                    node.put("name", s.name());
                    return null;
                }
            });
            return node;
        }

        private void lstm(ObjectNode node, LstmLayer lstm) throws IOException {
            String name = lstm.name();
            List<LstmDirection> dirs = lstm.directions();
            int h = lstm.hiddenSize();
            node.put("type", NativeFormat.LSTM);
            node.put("name", name);
            node.put("hiddenUnits", h);
            node.put("outputMode", NativeFormat.outputModeName(lstm.outputMode(), lstm.direction()));
            node.put("direction", NativeFormat.directionName(lstm.direction()));
            node.put("inputWeights", weightFile(name, "W", stack(dirs, d -> Optional.of(d.inputWeights()), 0)));
            node.put("recurrentWeights", weightFile(name, "R", stack(dirs, d -> Optional.of(d.recurrentWeights()), 0)));
            node.put("bias", weightFile(name, "b", stack(dirs, d -> Optional.of(d.bias()), 0)));
            if (dirs.stream().anyMatch(d -> d.peepholes().isPresent())) {
                node.put("peepholes", weightFile(name, "P", stack(dirs, LstmDirection::peepholes, 3 * h)));
            }
            if (dirs.stream().anyMatch(d -> d.initialHidden().isPresent())) {
                node.put("initialHiddenState", weightFile(name, "h0", stack(dirs, LstmDirection::initialHidden, h)));
            }
            if (dirs.stream().anyMatch(d -> d.initialCell().isPresent())) {
                node.put("initialCellState", weightFile(name, "c0", stack(dirs, LstmDirection::initialCell, h)));
            }
        }

        /**
         * A GRU in MATLAB's terms (gate order reset, update, candidate): a layer that resets before
         * the multiplication is {@code before-multiplication} with the bias Wb + Rb (3H, as the lowering
         * sums them); one that resets after it is {@code after-multiplication} with Wb (3H) when Rb is
         * zero, else {@code recurrent-bias-after-multiplication} with [Wb ; Rb] (6H).
         */
        private void gru(ObjectNode node, GruLayer gru) throws IOException {
            String name = gru.name();
            List<GruLayer.Parameters> dirs = gru.directions();
            int h = gru.hiddenSize();
            boolean recurrentBias = gru.resetAfter() && dirs.stream().anyMatch(d -> anyNonZero(d.recurrentBias()));
            node.put("type", NativeFormat.GRU);
            node.put("name", name);
            node.put("hiddenUnits", h);
            node.put("outputMode", NativeFormat.outputModeName(gru.outputMode(), gru.direction()));
            node.put("direction", NativeFormat.directionName(gru.direction()));
            node.put("resetGateMode", !gru.resetAfter() ? NativeFormat.RESET_BEFORE
                    : recurrentBias ? NativeFormat.RESET_AFTER_RECURRENT_BIAS : NativeFormat.RESET_AFTER);
            List<FloatTensor> w = new ArrayList<>();
            List<FloatTensor> r = new ArrayList<>();
            List<FloatTensor> b = new ArrayList<>();
            List<FloatTensor> h0 = new ArrayList<>();
            for (GruLayer.Parameters d : dirs) {
                w.add(NativeFormat.swapResetAndUpdate(d.inputWeights()));
                r.add(NativeFormat.swapResetAndUpdate(d.recurrentWeights()));
                float[] wb = NativeFormat.swapResetAndUpdate(d.inputBias()).toArray();
                float[] rb = NativeFormat.swapResetAndUpdate(d.recurrentBias()).toArray();
                float[] bias = java.util.Arrays.copyOf(wb, recurrentBias ? 6 * h : 3 * h);
                for (int j = 0; j < 3 * h; j++) {
                    if (recurrentBias) {
                        bias[3 * h + j] = rb[j];
                    } else if (!gru.resetAfter()) {
                        bias[j] = wb[j] + rb[j];
                    }
                }
                b.add(FloatTensor.of(bias, bias.length));
                h0.add(d.initialHidden().orElseGet(() -> FloatTensor.zeros(h)));
            }
            node.put("inputWeights", weightFile(name, "W", stackTensors(w)));
            node.put("recurrentWeights", weightFile(name, "R", stackTensors(r)));
            node.put("bias", weightFile(name, "b", stackTensors(b)));
            if (dirs.stream().anyMatch(d -> d.initialHidden().isPresent())) {
                node.put("initialHiddenState", weightFile(name, "h0", stackTensors(h0)));
            }
        }

        /**
         * One parameter of every direction: itself for one direction, [2, ...] for two; an absent
         * vector parameter becomes zeros of {@code absentLength}.
         */
        private static FloatTensor stack(List<LstmDirection> dirs,
                Function<LstmDirection, Optional<FloatTensor>> parameter, int absentLength) {
            List<FloatTensor> parts = new ArrayList<>();
            for (LstmDirection d : dirs) {
                parts.add(parameter.apply(d).orElseGet(() -> FloatTensor.zeros(absentLength)));
            }
            return stackTensors(parts);
        }

        private static boolean anyNonZero(FloatTensor t) {
            for (float v : t.toArray()) {
                if (v != 0f) {
                    return true;
                }
            }
            return false;
        }

        /** Tensors of equal shape, one per direction: the one itself, or [2, ...] for two. */
        private static FloatTensor stackTensors(List<FloatTensor> parts) {
            if (parts.size() == 1) {
                return parts.get(0);
            }
            int n = parts.get(0).size();
            float[] data = new float[n * parts.size()];
            for (int k = 0; k < parts.size(); k++) {
                parts.get(k).copyTo(0, data, k * n, n);
            }
            int[] inner = parts.get(0).shape();
            int[] shape = new int[inner.length + 1];
            shape[0] = parts.size();
            System.arraycopy(inner, 0, shape, 1, inner.length);
            return FloatTensor.of(data, shape);
        }

        /** Writes one tensor as {@code <layer>_<param>.npy} and returns the file name. */
        private String weightFile(String layer, String param, FloatTensor tensor) throws IOException {
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
