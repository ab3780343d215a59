package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.onnx.OnnxProto.Attribute;
import io.github.lstmhdl.onnx.OnnxProto.Model;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import io.github.lstmhdl.onnx.OnnxProto.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test helper: the recurrent nodes of one op type in a real ONNX model, with their attributes and
 * their initializer inputs decoded, read with the importer's own wire reader and tensor decoder, so
 * that a test can rebuild each node as a model of its own (the graph cut at the node's input and
 * outputs). Inputs that are computed in the model (not initializers) are left out.
 */
public final class RecurrentNodes {
    private RecurrentNodes() {
    }

    /** An initializer's values and shape. */
    public record Values(float[] data, long[] shape) {
    }

    /**
     * One node: its name, the integer and string attributes, the string-list attributes, and the
     * initializer for each input index that has one.
     */
    public record RecurrentNode(String name, Map<String, Long> ints, Map<String, String> strings,
            Map<String, List<String>> stringLists, Map<Integer, Values> initializers) {
    }

    /** The nodes of {@code opType} in file order. */
    public static List<RecurrentNode> read(Path model, String opType) throws IOException, InvalidNetworkException {
        String file = model.getFileName().toString();
        ModelBytes bytes = ModelBytes.of(Files.readAllBytes(model));
        Model m = new OnnxWireReader(file).readModel(bytes);
        TensorDecoder decoder = new TensorDecoder(file, model.getParent(), Long.MAX_VALUE / 8, bytes);
        Map<String, Tensor> inits = new HashMap<>();
        for (Tensor t : m.graph().initializers()) {
            inits.put(t.name(), t);
        }
        List<RecurrentNode> nodes = new ArrayList<>();
        for (Node n : m.graph().nodes()) {
            if (!n.opType().equals(opType)) {
                continue;
            }
            Map<String, Long> ints = new LinkedHashMap<>();
            Map<String, String> strings = new LinkedHashMap<>();
            Map<String, List<String>> lists = new LinkedHashMap<>();
            for (Attribute a : n.attributes().values()) {
                switch (a.type()) {
                    case Attribute.INT -> ints.put(a.name(), a.i());
                    case Attribute.STRING -> strings.put(a.name(), a.s().toString(StandardCharsets.UTF_8));
                    case Attribute.STRINGS -> lists.put(a.name(),
                            a.strings().stream().map(s -> s.toString(StandardCharsets.UTF_8)).toList());
                    default -> { }
                }
            }
            Map<Integer, Values> values = new LinkedHashMap<>();
            for (int i = 1; i < n.inputs().size(); i++) {
                Tensor t = inits.get(n.inputs().get(i));
                if (t != null) {
                    Constant c = decoder.decode(t, n.label());
                    values.put(i, new Values(c.floats(), java.util.Arrays.stream(c.shape()).asLongStream().toArray()));
                }
            }
            nodes.add(new RecurrentNode(n.label(), ints, strings, lists, values));
        }
        return nodes;
    }
}
