package io.github.lstmhdl.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.FullyConnectedLayer;
import io.github.lstmhdl.ir.InvalidNetworkException;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/** The {@code fullyConnected} layer: weights outputSize×features and a bias of outputSize (or outputSize×1). */
final class FullyConnectedFormat implements LayerFormat<FullyConnectedLayer> {
    static final FullyConnectedFormat INSTANCE = new FullyConnectedFormat();
    static final String TYPE = "fullyConnected";

    private static final Set<String> FIELDS = Set.of("type", "name", "outputSize", "weights", "bias");

    private FullyConnectedFormat() {
    }

    @Override
    public List<String> types() {
        return List.of(TYPE);
    }

    @Override
    public FullyConnectedLayer read(String type, LayerReading in, JsonFields f) throws InvalidNetworkException {
        f.allowOnly(FIELDS, "a fullyConnected layer");
        String name = in.name(f);
        long out = f.requirePositiveInt("outputSize", in.maxElements());
        long features = in.features();
        String of = " of '" + name + "'";
        FloatTensor w = in.weights().load(f.requireString("weights"), f.path("weights"),
                "the weights" + of + " (outputSize " + out + " x " + features + " features from '" + in.previous()
                        + "')",
                new long[] {out, features}, List.of(new long[] {out, features}));
        FloatTensor b = in.weights().load(f.requireString("bias"), f.path("bias"), "the bias" + of,
                new long[] {out}, List.of(new long[] {out}, new long[] {out, 1}));
        return new FullyConnectedLayer(name, f.path(), w, b);
    }

    @Override
    public void write(FullyConnectedLayer fc, ObjectNode node, LayerWriting out) throws IOException {
        node.put("type", TYPE);
        node.put("name", fc.name());
        node.put("outputSize", fc.outputSize());
        node.put("weights", out.weightFile(fc.name(), "W", fc.weights()));
        node.put("bias", out.weightFile(fc.name(), "b", fc.bias()));
    }
}
