package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.onnx.OnnxProto.Graph;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import io.github.lstmhdl.onnx.OnnxProto.Tensor;
import io.github.lstmhdl.onnx.OnnxProto.ValueInfo;
import io.github.lstmhdl.source.ImportOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The tensors of a graph by name (the node producing each, the initializers, the declared inputs) and
 * the nodes an output depends on in a topological order. Built once per import, so that every later
 * question about a name is one lookup and the whole import stays linear in the graph's size.
 */
final class GraphIndex {
    private final String file;
    private final Graph graph;
    final Map<String, Node> producer = new HashMap<>();
    final Map<String, Tensor> initializers = new LinkedHashMap<>();
    final Map<String, ValueInfo> inputs = new LinkedHashMap<>();

    /** Indexes {@code graph}; rejects a tensor produced twice and a binding that names no graph input. */
    GraphIndex(String file, Graph graph, ImportOptions options) throws InvalidNetworkException {
        this.file = file;
        this.graph = graph;
        for (Node n : graph.nodes()) {
            for (String o : n.outputs()) {
                if (!o.isEmpty() && producer.put(o, n) != null) {
                    throw fail(Nodes.at(n), "tensor '" + o + "' is produced by more than one node");
                }
            }
        }
        for (Tensor t : graph.initializers()) {
            initializers.put(t.name(), t);
        }
        for (ValueInfo v : graph.inputs()) {
            inputs.put(v.name(), v);
        }
        for (String bound : options.bindings().keySet()) {
            if (!inputs.containsKey(bound)) {
                throw fail("", "the binding '" + bound + "' names no graph input; graph inputs: " + inputs.keySet());
            }
        }
    }

    private InvalidNetworkException fail(String location, String reason) {
        return new InvalidNetworkException(file, location, reason);
    }

    /**
     * The nodes the output depends on, in a topological order (file order where free). Nodes are
     * tracked by their index in the file: hashing a node record would hash all its inputs, outputs and
     * attributes each time.
     */
    List<Node> neededNodes(String output) throws InvalidNetworkException {
        return neededNodes(List.of(output));
    }

    /** The nodes that any of {@code outputs} needs, in an order that respects their dependencies. */
    List<Node> neededNodes(List<String> outputs) throws InvalidNetworkException {
        List<Node> all = graph.nodes();
        boolean[] needed = new boolean[all.size()];
        int neededCount = 0;
        Deque<String> todo = new ArrayDeque<>();
        outputs.forEach(todo::push);
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String t = todo.pop();
            if (!seen.add(t)) {
                continue;
            }
            Node p = producer.get(t);
            if (p == null) {
                if (!initializers.containsKey(t) && !inputs.containsKey(t)) {
                    throw fail("tensor '" + t + "'", "tensor '" + t + "' is used but is neither produced by a node, nor"
                            + " an initializer, nor a graph input (missing initializer?)");
                }
                continue;
            }
            if (!needed[p.index()]) {
                needed[p.index()] = true;
                neededCount++;
                for (String i : p.inputs()) {
                    if (!i.isEmpty()) {
                        todo.push(i);
                    }
                }
            }
        }
        // Kahn's algorithm, stable by file order: pending[k] counts the distinct needed producers that
        // node k still waits for
        int[] pending = new int[all.size()];
        Map<String, List<Node>> consumers = new HashMap<>();
        for (Node n : all) {
            if (!needed[n.index()]) {
                continue;
            }
            Set<String> distinct = new HashSet<>(); // a node may use one tensor twice
            for (String i : n.inputs()) {
                Node p = i.isEmpty() ? null : producer.get(i);
                if (p != null && needed[p.index()] && distinct.add(i)) {
                    pending[n.index()]++;
                    consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
                }
            }
        }
        PriorityQueue<Node> ready = new PriorityQueue<>((a, b) -> Integer.compare(a.index(), b.index()));
        for (Node n : all) {
            if (needed[n.index()] && pending[n.index()] == 0) {
                ready.add(n);
            }
        }
        List<Node> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            Node n = ready.poll();
            order.add(n);
            for (String o : n.outputs()) {
                for (Node c : consumers.getOrDefault(o, List.of())) {
                    if (--pending[c.index()] == 0) {
                        ready.add(c);
                    }
                }
            }
        }
        if (order.size() != neededCount) {
            throw fail("graph", "the graph has a cycle");
        }
        return order;
    }
}
