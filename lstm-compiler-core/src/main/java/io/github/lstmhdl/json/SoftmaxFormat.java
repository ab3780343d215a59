package io.github.lstmhdl.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.SoftmaxLayer;
import java.util.List;
import java.util.Set;

/** The {@code softmax} and {@code logSoftmax} layers: a type and a name. */
final class SoftmaxFormat implements LayerFormat<SoftmaxLayer> {
    static final SoftmaxFormat INSTANCE = new SoftmaxFormat();
    static final String SOFTMAX = "softmax";
    static final String LOG_SOFTMAX = "logSoftmax";

    private static final Set<String> FIELDS = Set.of("type", "name");

    private SoftmaxFormat() {
    }

    @Override
    public List<String> types() {
        return List.of(SOFTMAX, LOG_SOFTMAX);
    }

    @Override
    public SoftmaxLayer read(String type, LayerReading in, JsonFields f) throws InvalidNetworkException {
        f.allowOnly(FIELDS, "a softmax layer");
        return new SoftmaxLayer(in.name(f), f.path(), in.features(), type.equals(LOG_SOFTMAX));
    }

    @Override
    public void write(SoftmaxLayer s, ObjectNode node, LayerWriting out) {
        node.put("type", s.logarithmic() ? LOG_SOFTMAX : SOFTMAX);
        node.put("name", s.name());
    }
}
