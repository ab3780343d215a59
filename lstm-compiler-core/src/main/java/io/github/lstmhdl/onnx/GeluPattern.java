package io.github.lstmhdl.onnx;

import static io.github.lstmhdl.onnx.NodeChains.other;
import static io.github.lstmhdl.onnx.NodeChains.out;

import io.github.lstmhdl.onnx.NodeChains.Match;
import io.github.lstmhdl.onnx.OnnxProto.Attribute;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises the GELU that PyTorch writes before opset 20, {@code Mul(Mul(x, Add(Erf(Div(x, √2)), 1)), 0.5)}
 * (also {@code Mul(x, 1/√2)} for the Div and either operand order of the Adds and Muls), and replaces
 * the chain by one {@code Gelu} node in the importer's own form (the attribute {@value NodeChains#DECOMPOSED};
 * inputs x, the scale of x before Erf, the 1, the 0.5; the attribute {@value #DIVIDES} 1 for a Div),
 * where the chain's last node stood. The chain is matched by structure only (every intermediate value
 * read by the chain alone, no graph output); {@link ActivationOps} checks the constants.
 */
final class GeluPattern {
    static final String DIVIDES = "lstmhdl.divides";

    private final NodeChains g;

    private GeluPattern(NodeChains g) {
        this.g = g;
    }

    /** {@code order} with every recognised chain replaced by one node (the same list when there is none). */
    static List<Node> fuse(List<Node> order, Set<String> graphOutputs) {
        return NodeChains.fuse(order, graphOutputs, "Erf", g -> new GeluPattern(g)::match);
    }

    /** The chain scale, erf, add, mul, half through {@code erf}. */
    private Optional<Match> match(Node erf) {
        Node scale = g.writer(erf.input(0));
        if (scale == null || !(scale.opType().equals("Div") || scale.opType().equals("Mul"))
                || !g.soleReadBy(out(scale), erf)) {
            return Optional.empty();
        }
        String x = scale.input(0);
        Node add = g.soleReader(erf, "Add");
        Node mul = add == null ? null : g.soleReader(add, "Mul");
        if (mul == null || !other(mul, out(add)).equals(x)) {
            return Optional.empty();
        }
        Node half = g.soleReader(mul, "Mul");
        if (half == null || other(half, out(mul)).isEmpty() || other(add, out(erf)).isEmpty()) {
            return Optional.empty();
        }
        Map<String, Attribute> attributes = new HashMap<>();
        attributes.put(NodeChains.DECOMPOSED, NodeChains.flag(NodeChains.DECOMPOSED, 1));
        attributes.put(DIVIDES, NodeChains.flag(DIVIDES, scale.opType().equals("Div") ? 1 : 0));
        Node fused = new Node(scale.name(), "Gelu", "", List.of(x, scale.input(1), other(add, out(erf)),
                other(half, out(mul))), List.of(out(half)), attributes, scale.index());
        return Optional.of(new Match(List.of(scale, erf, add, mul, half), fused));
    }
}
