package io.github.lstmhdl.onnx;

import io.github.lstmhdl.onnx.OnnxProto.Attribute;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What the recognisers of decomposed ops ({@link LayerNormPattern}, {@link GeluPattern}) share: who
 * reads each value and who writes it, the structural tests on a chain (a value read by one node only,
 * never a graph output), and the replacement of every matched chain by one node in the node order.
 */
final class NodeChains {
    /** The attribute that marks a node the importer made from a recognised chain. */
    static final String DECOMPOSED = "lstmhdl.decomposed";

    private final Map<String, List<Node>> readers = new HashMap<>();
    private final Map<String, Node> writers = new HashMap<>();
    private final Set<String> graphOutputs;

    NodeChains(List<Node> order, Set<String> graphOutputs) {
        this.graphOutputs = graphOutputs;
        for (Node n : order) {
            for (String in : new LinkedHashSet<>(n.inputs())) {
                readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
            for (String o : n.outputs()) {
                writers.put(o, n);
            }
        }
    }

    /** A matched chain (its nodes, the last one last) and the node that replaces it. */
    record Match(List<Node> chain, Node fused) {
    }

    /**
     * {@code order} with the chain that {@code match} finds from each node of op type {@code start}
     * replaced by its fused node at the place of the chain's last node; the same list when none matches.
     */
    static List<Node> fuse(List<Node> order, Set<String> graphOutputs, String start,
            Function<NodeChains, Function<Node, Optional<Match>>> match) {
        if (order.stream().noneMatch(n -> n.opType().equals(start))) {
            return order;
        }
        NodeChains chains = new NodeChains(order, graphOutputs);
        Function<Node, Optional<Match>> matcher = match.apply(chains);
        Set<Node> removed = new HashSet<>();
        Map<Node, Node> replaced = new HashMap<>();
        for (Node n : order) {
            if (n.opType().equals(start) && !removed.contains(n)) {
                matcher.apply(n).ifPresent(m -> {
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

    /** The nodes that read {@code value}. */
    List<Node> readers(String value) {
        return readers.getOrDefault(value, List.of());
    }

    /** The node that writes {@code value}, or null (a graph input or an initializer). */
    Node writer(String value) {
        return writers.get(value);
    }

    boolean isGraphOutput(String value) {
        return graphOutputs.contains(value);
    }

    static String out(Node n) {
        return n.outputs().isEmpty() ? "" : n.outputs().get(0);
    }

    /** The input of a binary node that is not {@code known} ("" when both are it, or it is neither). */
    static String other(Node n, String known) {
        if (n.inputs().size() != 2) {
            return "";
        }
        return n.input(0).equals(known) ? (n.input(1).equals(known) ? "" : n.input(1))
                : n.input(1).equals(known) ? n.input(0) : "";
    }

    /** The one reader of {@code n}'s single output when it has op type {@code op} and the output is no graph output. */
    Node soleReader(Node n, String op) {
        if (n.outputs().size() != 1 || graphOutputs.contains(out(n))) {
            return null;
        }
        List<Node> r = readers(out(n));
        return r.size() == 1 && r.get(0).opType().equals(op) ? r.get(0) : null;
    }

    /** Whether {@code value} is read by {@code reader} alone and is no graph output. */
    boolean soleReadBy(String value, Node reader) {
        List<Node> r = readers(value);
        return r.size() == 1 && r.get(0) == reader && !graphOutputs.contains(value);
    }

    /** An INT attribute for a fused node. */
    static Attribute flag(String name, long value) {
        return new Attribute(name, Attribute.INT, 0f, value, null, null, List.of(), List.of(), List.of());
    }
}
