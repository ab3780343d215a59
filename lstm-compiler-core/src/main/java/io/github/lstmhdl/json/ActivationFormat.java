package io.github.lstmhdl.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lstmhdl.ir.Activation;
import io.github.lstmhdl.ir.ActivationLayer;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.InvalidNetworkException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The elementwise activations {@code relu}, {@code sigmoid} and {@code tanh} (a type and a name), and
 * {@code elu} and {@code prelu}, which add their parameter: {@code alpha} (ELU) or {@code slope}
 * (PReLU), either one number for every feature or the name of a .npy file of [features] values.
 */
final class ActivationFormat implements LayerFormat<ActivationLayer> {
    static final ActivationFormat INSTANCE = new ActivationFormat();

    private static final Set<String> FIELDS = Set.of("type", "name");

    private ActivationFormat() {
    }

    @Override
    public List<String> types() {
        return Arrays.stream(Activation.values()).map(ActivationFormat::type).toList();
    }

    /** The JSON type of an activation. */
    private static String type(Activation a) {
        return switch (a) {
            case RELU -> "relu";
            case SIGMOID -> "sigmoid";
            case TANH -> "tanh";
            case ELU -> "elu";
            case PRELU -> "prelu";
            case GELU -> "gelu";
            case GELU_TANH -> "geluTanh";
        };
    }

    /** The field that holds a parameterized activation's parameter. */
    private static String parameterField(Activation a) {
        return a == Activation.ELU ? "alpha" : "slope";
    }

    @Override
    public ActivationLayer read(String type, LayerReading in, JsonFields f) throws InvalidNetworkException {
        Activation activation = Arrays.stream(Activation.values()).filter(a -> type(a).equals(type)).findFirst()
                .orElseThrow();
        if (!activation.parameterized()) {
            f.allowOnly(FIELDS, "a " + type + " layer");
            return new ActivationLayer(in.name(f), f.path(), in.features(), activation);
        }
        String field = parameterField(activation);
        f.allowOnly(Set.of("type", "name", field), "a " + type + " layer");
        String name = in.name(f);
        int features = in.features();
        JsonNode v = f.require(field);
        FloatTensor parameters;
        if (v.isNumber()) {
            float p = (float) v.doubleValue();
            if (!Float.isFinite(p)) {
                throw f.error(field, "must be a finite float32 number, not " + v);
            }
            float[] all = new float[features];
            Arrays.fill(all, p);
            parameters = FloatTensor.of(all, features);
        } else {
            parameters = in.weights().load(f.requireString(field), f.path(field), "the " + field + " of '" + name
                    + "' (" + features + " features)", new long[] {features}, List.of(new long[] {features}));
            int bad = parameters.firstNonFinite();
            if (bad >= 0) {
                throw f.error(field, "element " + bad + " is not finite");
            }
        }
        return new ActivationLayer(name, f.path(), features, activation, parameters);
    }

    @Override
    public void write(ActivationLayer a, ObjectNode node, LayerWriting out) throws IOException {
        node.put("type", type(a.activation()));
        node.put("name", a.name());
        if (a.activation().parameterized()) {
            float[] p = a.parameters().toArray();
            boolean uniform = true;
            for (float x : p) {
                uniform &= Float.floatToIntBits(x) == Float.floatToIntBits(p[0]);
            }
            String field = parameterField(a.activation());
            if (uniform) {
                node.put(field, p[0]);
            } else {
                node.put(field, out.weightFile(a.name(), field, a.parameters()));
            }
        }
    }
}
