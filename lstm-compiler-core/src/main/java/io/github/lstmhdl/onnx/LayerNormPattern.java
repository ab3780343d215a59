package io.github.lstmhdl.onnx;

import io.github.lstmhdl.onnx.OnnxProto.Attribute;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises the layer normalization that exporters write as separate nodes (PyTorch before opset 17,
 * Keras):
 *
 * <pre>
 * m = ReduceMean(x)   d = Sub(x, m)   v = ReduceMean(Pow(d, 2) or Mul(d, d))
 * y = Div(d, Sqrt(Add(v, epsilon)))   [Mul(y, scale)]   [Add(y, offset)]
 * </pre>
 *
 * and replaces the chain by one {@code LayerNormalization} node in the importer's own form (the
 * attribute {@value #DECOMPOSED} set, inputs x, scale, offset, epsilon, exponent, and the two
 * ReduceMeans' axes inputs, "" where absent), placed where the chain's last node stood. The chain is
 * matched by structure only: every intermediate value must be read by the chain alone and be no graph
 * output; the translator ({@link NormOps}) then checks the values (constants, the exponent 2, axes
 * over the features).
 */
final class LayerNormPattern {
    /** The attribute that marks the importer's form of a recognised chain. */
    static final String DECOMPOSED = "lstmhdl.decomposed";

    private final Map<String, List<Node>> readers = new HashMap<>();
    private final Set<String> graphOutputs;

    private LayerNormPattern(List<Node> order, Set<String> graphOutputs) {
        this.graphOutputs = graphOutputs;
        for (Node n : order) {
            for (String in : new LinkedHashSet<>(n.inputs())) {
                readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
    }

    /** {@code order} with every recognised chain replaced by one node (the same list when there is none). */
    static List<Node> fuse(List<Node> order, Set<String> graphOutputs) {
        if (order.stream().noneMatch(n -> n.opType().equals("ReduceMean"))) {
            return order;
        }
        LayerNormPattern p = new LayerNormPattern(order, graphOutputs);
        Set<Node> removed = new HashSet<>();
        Map<Node, Node> replaced = new HashMap<>();
        for (Node n : order) {
            if (n.opType().equals("ReduceMean") && !removed.contains(n)) {
                p.match(n).ifPresent(m -> {
                    removed.addAll(m.chain());
                    replaced.put(m.chain().get(m.chain().size() - 1), m.fused());
                });
            }
        }
        if (replaced.isEmpty()) {
            return order;
        }
        List<Node> out = new ArrayList<>();
        for (Node n : order) {
            if (replaced.containsKey(n)) {
                out.add(replaced.get(n));
            } else if (!removed.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /** A matched chain (its nodes in order) and the node that replaces it. */
    private record Match(List<Node> chain, Node fused) {
    }

    private Optional<Match> match(Node mean) {
        String x = mean.input(0);
        List<Node> chain = new ArrayList<>(List.of(mean));
        Node sub = soleReader(mean, "Sub");
        if (sub == null || !sub.input(0).equals(x) || !sub.input(1).equals(out(mean))) {
            return Optional.empty();
        }
        chain.add(sub);
        String d = out(sub);
        List<Node> dReaders = readers.getOrDefault(d, List.of());
        if (dReaders.size() != 2 || graphOutputs.contains(d)) {
            return Optional.empty();
        }
        Node square = dReaders.stream().filter(r -> r.opType().equals("Pow") && r.input(0).equals(d)
                || r.opType().equals("Mul") && r.input(0).equals(d) && r.input(1).equals(d)).findFirst().orElse(null);
        Node div = dReaders.stream().filter(r -> r.opType().equals("Div") && r.input(0).equals(d)).findFirst()
                .orElse(null);
        if (square == null || div == null) {
            return Optional.empty();
        }
        chain.add(square);
        Node variance = soleReader(square, "ReduceMean");
        if (variance == null || !sameReduction(mean, variance)) {
            return Optional.empty();
        }
        chain.add(variance);
        Node addEps = soleReader(variance, "Add");
        if (addEps == null) {
            return Optional.empty();
        }
        chain.add(addEps);
        String epsilon = other(addEps, out(variance));
        Node sqrt = soleReader(addEps, "Sqrt");
        if (sqrt == null || !div.input(1).equals(out(sqrt)) || !soleReadBy(out(sqrt), div)) {
            return Optional.empty();
        }
        chain.add(sqrt);
        chain.add(div);
        Node last = div;
        String scale = "";
        String offset = "";
        Node mul = soleReader(div, "Mul");
        if (mul != null && !other(mul, out(div)).isEmpty()) {
            scale = other(mul, out(div));
            chain.add(mul);
            last = mul;
        }
        Node add = soleReader(last, "Add");
        if (add != null && !other(add, out(last)).isEmpty()) {
            offset = other(add, out(last));
            chain.add(add);
            last = add;
        }
        String exponent = square.opType().equals("Pow") ? square.input(1) : "";
        Map<String, Attribute> attributes = new LinkedHashMap<>(mean.attributes());
        attributes.put(DECOMPOSED, new Attribute(DECOMPOSED, Attribute.INT, 0f, 1, null, null, List.of(), List.of(),
                List.of()));
        Node fused = new Node(mean.name(), "LayerNormalization", "", List.of(x, scale, offset, epsilon, exponent,
                mean.input(1), variance.input(1)), List.of(out(last)), attributes, mean.index());
        return Optional.of(new Match(chain, fused));
    }

    private static String out(Node n) {
        return n.outputs().isEmpty() ? "" : n.outputs().get(0);
    }

    /** The input of a binary node that is not {@code known} ("" when both are it). */
    private static String other(Node n, String known) {
        if (n.inputs().size() != 2) {
            return "";
        }
        return n.input(0).equals(known) ? (n.input(1).equals(known) ? "" : n.input(1))
                : n.input(1).equals(known) ? n.input(0) : "";
    }

    /** The one reader of {@code n}'s single output, when it has op type {@code op} and the output is no graph output. */
    private Node soleReader(Node n, String op) {
        if (n.outputs().size() != 1 || graphOutputs.contains(out(n))) {
            return null;
        }
        List<Node> r = readers.getOrDefault(out(n), List.of());
        return r.size() == 1 && r.get(0).opType().equals(op) ? r.get(0) : null;
    }

    private boolean soleReadBy(String value, Node reader) {
        List<Node> r = readers.getOrDefault(value, List.of());
        return r.size() == 1 && r.get(0) == reader && !graphOutputs.contains(value);
    }

    /** Both ReduceMeans have the same attributes (axes, keepdims) and both or neither has an axes input. */
    private static boolean sameReduction(Node a, Node b) {
        return a.attribute("axes").map(Attribute::ints).equals(b.attribute("axes").map(Attribute::ints))
                && a.attribute("keepdims").map(Attribute::i).equals(b.attribute("keepdims").map(Attribute::i))
                && a.input(1).isEmpty() == b.input(1).isEmpty();
    }
}
