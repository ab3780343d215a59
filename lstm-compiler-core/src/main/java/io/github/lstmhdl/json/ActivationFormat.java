package io.github.lstmhdl.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lstmhdl.ir.Activation;
import io.github.lstmhdl.ir.ActivationLayer;
import io.github.lstmhdl.ir.InvalidNetworkException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The elementwise activations {@code relu}, {@code sigmoid} and {@code tanh}: a type and a name. */
final class ActivationFormat implements LayerFormat<ActivationLayer> {
    static final ActivationFormat INSTANCE = new ActivationFormat();

    private static final Set<String> FIELDS = Set.of("type", "name");

    private ActivationFormat() {
    }

    @Override
    public List<String> types() {
        return List.of(type(Activation.RELU), type(Activation.SIGMOID), type(Activation.TANH));
    }

    /** The JSON type of an activation: its name in lower case. */
    private static String type(Activation a) {
        return switch (a) {
            case RELU -> "relu";
            case SIGMOID -> "sigmoid";
            case TANH -> "tanh";
        };
    }

    @Override
    public ActivationLayer read(String type, LayerReading in, JsonFields f) throws InvalidNetworkException {
        Activation activation = Activation.valueOf(type.toUpperCase(Locale.ROOT));
        f.allowOnly(FIELDS, "a " + type + " layer");
        return new ActivationLayer(in.name(f), f.path(), in.features(), activation);
    }

    @Override
    public void write(ActivationLayer a, ObjectNode node, LayerWriting out) {
        node.put("type", type(a.activation()));
        node.put("name", a.name());
    }
}
