package io.github.lstmhdl.onnx;

import static io.github.lstmhdl.onnx.NodeChains.other;
import static io.github.lstmhdl.onnx.NodeChains.out;

import io.github.lstmhdl.onnx.OnnxProto.Attribute;
import io.github.lstmhdl.onnx.NodeChains.Match;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * attribute {@value NodeChains#DECOMPOSED} set, inputs x, scale, offset, epsilon, exponent, and the two
 * ReduceMeans' axes inputs, "" where absent), placed where the chain's last node stood. The chain is
 * matched by structure only: every intermediate value must be read by the chain alone and be no graph
 * output; the translator ({@link NormOps}) then checks the values (constants, the exponent 2, axes
 * over the features).
 */
final class LayerNormPattern {
    /** The attribute that marks the importer's form of a recognised chain. */
    static final String DECOMPOSED = NodeChains.DECOMPOSED;

    private final NodeChains g;

    private LayerNormPattern(NodeChains g) {
        this.g = g;
    }

    /** {@code order} with every recognised chain replaced by one node (the same list when there is none). */
    static List<Node> fuse(List<Node> order, Set<String> graphOutputs) {
        return NodeChains.fuse(order, graphOutputs, "ReduceMean", g -> new LayerNormPattern(g)::match);
    }

    private Optional<Match> match(Node mean) {
        String x = mean.input(0);
        List<Node> chain = new ArrayList<>(List.of(mean));
        Node sub = g.soleReader(mean, "Sub");
        if (sub == null || !sub.input(0).equals(x) || !sub.input(1).equals(out(mean))) {
            return Optional.empty();
        }
        chain.add(sub);
        String d = out(sub);
        List<Node> dReaders = g.readers(d);
        if (dReaders.size() != 2 || g.isGraphOutput(d)) {
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
        Node variance = g.soleReader(square, "ReduceMean");
        if (variance == null || !sameReduction(mean, variance)) {
            return Optional.empty();
        }
        chain.add(variance);
        Node addEps = g.soleReader(variance, "Add");
        if (addEps == null) {
            return Optional.empty();
        }
        chain.add(addEps);
        String epsilon = other(addEps, out(variance));
        Node sqrt = g.soleReader(addEps, "Sqrt");
        if (sqrt == null || !div.input(1).equals(out(sqrt)) || !g.soleReadBy(out(sqrt), div)) {
            return Optional.empty();
        }
        chain.add(sqrt);
        chain.add(div);
        Node last = div;
        String scale = "";
        String offset = "";
        Node mul = g.soleReader(div, "Mul");
        if (mul != null && !other(mul, out(div)).isEmpty()) {
            scale = other(mul, out(div));
            chain.add(mul);
            last = mul;
        }
        Node add = g.soleReader(last, "Add");
        if (add != null && !other(add, out(last)).isEmpty()) {
            offset = other(add, out(last));
            chain.add(add);
            last = add;
        }
        String exponent = square.opType().equals("Pow") ? square.input(1) : "";
        Map<String, Attribute> attributes = new LinkedHashMap<>(mean.attributes());
        attributes.put(DECOMPOSED, NodeChains.flag(DECOMPOSED, 1));
        Node fused = new Node(mean.name(), "LayerNormalization", "", List.of(x, scale, offset, epsilon, exponent,
                mean.input(1), variance.input(1)), List.of(out(last)), attributes, mean.index());
        return Optional.of(new Match(chain, fused));
    }

    /** Both ReduceMeans have the same attributes (axes, keepdims) and both or neither has an axes input. */
    private static boolean sameReduction(Node a, Node b) {
        return a.attribute("axes").map(Attribute::ints).equals(b.attribute("axes").map(Attribute::ints))
                && a.attribute("keepdims").map(Attribute::i).equals(b.attribute("keepdims").map(Attribute::i))
                && a.input(1).isEmpty() == b.input(1).isEmpty();
    }
}
