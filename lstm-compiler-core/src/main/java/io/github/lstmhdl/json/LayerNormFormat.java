package io.github.lstmhdl.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.LayerNormLayer;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The {@code layerNormalization} layer: {@code scale} and {@code offset} (.npy files of [features]
 * values, MATLAB's Scale and Offset) and {@code epsilon} (a number, default 1e-5).
 */
final class LayerNormFormat implements LayerFormat<LayerNormLayer> {
    static final LayerNormFormat INSTANCE = new LayerNormFormat();
    static final String TYPE = "layerNormalization";
    private static final float DEFAULT_EPSILON = 1e-5f;

    private static final Set<String> FIELDS = Set.of("type", "name", "scale", "offset", "epsilon");

    private LayerNormFormat() {
    }

    @Override
    public List<String> types() {
        return List.of(TYPE);
    }

    @Override
    public LayerNormLayer read(String type, LayerReading in, JsonFields f) throws InvalidNetworkException {
        f.allowOnly(FIELDS, "a layerNormalization layer");
        String name = in.name(f);
        int features = in.features();
        FloatTensor scale = vector(in, f, name, "scale", features);
        FloatTensor offset = vector(in, f, name, "offset", features);
        float epsilon = DEFAULT_EPSILON;
        if (f.has("epsilon")) {
            JsonNode v = f.require("epsilon");
            epsilon = (float) v.doubleValue();
            if (!v.isNumber() || !(epsilon >= 0) || Float.isInfinite(epsilon)) {
                throw f.error("epsilon", "must be a finite float32 number ≥ 0, not " + v);
            }
        }
        return new LayerNormLayer(name, f.path(), features, scale, offset, epsilon);
    }

    private static FloatTensor vector(LayerReading in, JsonFields f, String name, String field, int features)
            throws InvalidNetworkException {
        FloatTensor t = in.weights().load(f.requireString(field), f.path(field), "the " + field + " of '" + name
                + "' (" + features + " features)", new long[] {features}, List.of(new long[] {features}));
        if (t.firstNonFinite() >= 0) {
            throw f.error(field, "element " + t.firstNonFinite() + " is not finite");
        }
        return t;
    }

    @Override
    public void write(LayerNormLayer l, ObjectNode node, LayerWriting out) throws IOException {
        node.put("type", TYPE);
        node.put("name", l.name());
        node.put("scale", out.weightFile(l.name(), "scale", l.scale()));
        node.put("offset", out.weightFile(l.name(), "offset", l.offset()));
        node.put("epsilon", l.epsilon());
    }
}
