package io.github.lstmhdl.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lstmhdl.ir.Activation;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.LstmDirection;
import io.github.lstmhdl.ir.LstmLayer;
import io.github.lstmhdl.ir.OutputMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code lstm} layer: MATLAB's lstmLayer with its weight layout (input weights 4H×D, recurrent
 * weights 4H×H, bias 4H, gate order i, f, g, o, which is the model's canonical order), optional
 * peepholes 3H and initial states H, per direction. The optional {@code activations} lists the functions
 * f, g, h ({@code sigmoid}, {@code tanh} or {@code relu}) of each direction in turn; absent, they are
 * sigmoid, tanh, tanh, and the writer leaves the field out for those.
 */
final class LstmFormat implements LayerFormat<LstmLayer> {
    static final LstmFormat INSTANCE = new LstmFormat();
    static final String TYPE = "lstm";

    private static final Set<String> FIELDS = Set.of("type", "name", "hiddenUnits", "outputMode", "direction",
            "inputWeights", "recurrentWeights", "bias", "peepholes", "initialHiddenState", "initialCellState", "activations");

    private LstmFormat() {
    }

    @Override
    public List<String> types() {
        return List.of(TYPE);
    }

    @Override
    public LstmLayer read(String type, LayerReading in, JsonFields f) throws InvalidNetworkException {
        f.allowOnly(FIELDS, "an lstm layer");
        String name = in.name(f);
        in.requireSequence(f, name, "lstm");
        long h = f.requirePositiveInt("hiddenUnits", in.maxElements());
        Direction direction = NativeFormat.direction(f);
        OutputMode mode = NativeFormat.outputMode(f, direction, TYPE, true);
        long d = in.features();
        String of = " of '" + name + "'";
        String from = " (it receives " + d + " features from '" + in.previous() + "' and has " + h + " hidden units)";
        int dirs = direction.count();
        List<FloatTensor> w = in.perDirection(f, "inputWeights", "input weights" + of + from, dirs, 4 * h, d);
        List<FloatTensor> r = in.perDirection(f, "recurrentWeights", "recurrent weights" + of, dirs, 4 * h, h);
        List<FloatTensor> b = in.perDirection(f, "bias", "bias" + of, dirs, 4 * h);
        Optional<List<FloatTensor>> p = in.optionalPerDirection(f, "peepholes", "peepholes" + of, dirs, 3 * h);
        Optional<List<FloatTensor>> h0 = in.optionalPerDirection(f, "initialHiddenState",
                "initial hidden state" + of, dirs, h);
        Optional<List<FloatTensor>> c0 = in.optionalPerDirection(f, "initialCellState", "initial cell state" + of,
                dirs, h);
        List<LstmDirection> parameters = new ArrayList<>();
        for (int k = 0; k < dirs; k++) {
            int dir = k;
            parameters.add(new LstmDirection(w.get(dir), r.get(dir), b.get(dir), p.map(t -> t.get(dir)),
                    h0.map(t -> t.get(dir)), c0.map(t -> t.get(dir))));
        }
        List<Activation> activations = activations(f, dirs);
        try {
            return new LstmLayer(name, f.path(), direction, mode, parameters, activations);
        } catch (IllegalArgumentException e) {
            throw new InvalidNetworkException(in.file(), f.path(), e.getMessage());
        }
    }

    /** The optional {@code activations} field: 3 names per direction, or null (the defaults) when absent. */
    private static List<Activation> activations(JsonFields f, int dirs) throws InvalidNetworkException {
        if (!f.has("activations")) {
            return null;
        }
        JsonNode v = f.require("activations");
        if (!v.isArray() || v.size() != 3 * dirs) {
            throw f.error("activations", "expected an array of " + 3 * dirs + " activation names (f, g, h per"
                    + " direction) but found " + (v.isArray() ? v.size() + " entries" : JsonFields.kind(v)));
        }
        List<Activation> out = new ArrayList<>();
        for (JsonNode e : v) {
            Activation a = null;
            for (Activation c : LSTM_ACTIVATIONS) {
                if (e.isTextual() && e.textValue().equals(name(c))) {
                    a = c;
                }
            }
            if (a == null) {
                throw f.error("activations", "an LSTM activation is 'sigmoid', 'tanh' or 'relu', not " + e);
            }
            out.add(a);
        }
        return out;
    }

    private static final List<Activation> LSTM_ACTIVATIONS = List.of(Activation.SIGMOID, Activation.TANH,
            Activation.RELU);

    private static String name(Activation a) {
        return a.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void write(LstmLayer lstm, ObjectNode node, LayerWriting out) throws IOException {
        String name = lstm.name();
        List<LstmDirection> dirs = lstm.directions();
        int h = lstm.hiddenSize();
        node.put("type", TYPE);
        node.put("name", name);
        node.put("hiddenUnits", h);
        node.put("outputMode", NativeFormat.outputModeName(lstm.outputMode(), lstm.direction()));
        node.put("direction", NativeFormat.directionName(lstm.direction()));
        node.put("inputWeights", out.weightFile(name, "W", stack(dirs, d -> Optional.of(d.inputWeights()), 0)));
        node.put("recurrentWeights", out.weightFile(name, "R", stack(dirs, d -> Optional.of(d.recurrentWeights()), 0)));
        node.put("bias", out.weightFile(name, "b", stack(dirs, d -> Optional.of(d.bias()), 0)));
        if (dirs.stream().anyMatch(d -> d.peepholes().isPresent())) {
            node.put("peepholes", out.weightFile(name, "P", stack(dirs, LstmDirection::peepholes, 3 * h)));
        }
        if (dirs.stream().anyMatch(d -> d.initialHidden().isPresent())) {
            node.put("initialHiddenState", out.weightFile(name, "h0", stack(dirs, LstmDirection::initialHidden, h)));
        }
        if (dirs.stream().anyMatch(d -> d.initialCell().isPresent())) {
            node.put("initialCellState", out.weightFile(name, "c0", stack(dirs, LstmDirection::initialCell, h)));
        }
        if (!lstm.defaultActivations()) {
            ArrayNode acts = node.putArray("activations");
            for (Activation a : lstm.activations()) {
                acts.add(name(a));
            }
        }
    }

    /** One parameter of every direction; an absent vector parameter becomes zeros of {@code absentLength}. */
    private static FloatTensor stack(List<LstmDirection> dirs, Function<LstmDirection, Optional<FloatTensor>> parameter,
            int absentLength) {
        List<FloatTensor> parts = new ArrayList<>();
        for (LstmDirection d : dirs) {
            parts.add(parameter.apply(d).orElseGet(() -> FloatTensor.zeros(absentLength)));
        }
        return LayerWriting.stacked(parts);
    }
}
