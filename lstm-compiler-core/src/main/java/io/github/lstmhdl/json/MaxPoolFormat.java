package io.github.lstmhdl.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.MaxPoolLayer;
import java.util.List;
import java.util.Set;

/** The {@code maxPool1d} layer: kernelSize and the optional window fields ({@link WindowFields}); no weights. */
final class MaxPoolFormat implements LayerFormat<MaxPoolLayer> {
    static final MaxPoolFormat INSTANCE = new MaxPoolFormat();
    static final String TYPE = "maxPool1d";

    private static final Set<String> FIELDS = WindowFields.with("type", "name", "kernelSize");

    private MaxPoolFormat() {
    }

    @Override
    public List<String> types() {
        return List.of(TYPE);
    }

    @Override
    public MaxPoolLayer read(String type, LayerReading in, JsonFields f) throws InvalidNetworkException {
        f.allowOnly(FIELDS, "a maxPool1d layer");
        String name = in.name(f);
        in.requireSequence(f, name, "the maxPool1d");
        int k = f.requirePositiveInt("kernelSize", in.maxElements());
        WindowFields window = WindowFields.read(f, in.maxElements());
        return new MaxPoolLayer(name, f.path(), in.features(), k, window.stride(), window.dilation(),
                window.padBefore(), window.padAfter(), window.padMode(), window.padValue());
    }

    @Override
    public void write(MaxPoolLayer pool, ObjectNode node, LayerWriting out) {
        node.put("type", TYPE);
        node.put("name", pool.name());
        node.put("kernelSize", pool.kernelSize());
        WindowFields.write(pool, node);
    }
}
