package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.LayerOutput;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.StateKind;
import io.github.lstmhdl.ir.StatePiece;
import io.github.lstmhdl.ir.StatePort;
import io.github.lstmhdl.ir.StatePorts;
import io.github.lstmhdl.ir.StateRef;
import io.github.lstmhdl.onnx.OnnxProto.Dim;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import io.github.lstmhdl.onnx.OnnxProto.ValueInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Explicit recurrent state through the graph (docs/formats.md, "State ports"): turns state graph inputs
 * into {@link StateTensor}s, moves their element codes through the data-movement ops, records which
 * graph-input elements a recurrent node reads as its initial states, gives the final states (Y_h, Y_c)
 * that only state outputs need codes of their own, and in the end describes the network's
 * {@link StatePorts}.
 *
 * <p>An element code is {@code source << 32 | index}: element {@code index} of source {@code source},
 * which is a state graph input (index = its flat element index) or one final state of one direction of a
 * recurrent node (index = j, 0 ≤ j &lt; H).
 */
final class StatePlumbing {
    /** The ops that move state elements without computing. */
    static final Set<String> MOVEMENT = Set.of("Identity", "Transpose", "Squeeze", "Unsqueeze", "Reshape", "Slice",
            "Gather", "Concat", "Flatten");

    /** Where codes come from: a state graph input, or a final state of a recurrent node's direction. */
    private record Source(String input, int[] shape, String node, int direction, StateKind kind, int size) {
    }

    /** An initial state that a recurrent node reads from a state graph input. */
    private record Binding(String node, int direction, StateKind kind, String input, long offset, long stride) {
    }

    private final String file;
    private final List<Source> sources = new ArrayList<>();
    private final List<Binding> bindings = new ArrayList<>();

    StatePlumbing(String file) {
        this.file = file;
    }

    /**
     * The tensors among {@code order}'s values whose every use moves them into one of {@code outputs}:
     * each consumer is a data-movement op whose result is such a tensor too, or the tensor is itself one
     * of the outputs.
     */
    static Set<String> movementOnly(List<Node> order, List<String> outputs) {
        Map<String, List<Node>> consumers = new HashMap<>();
        for (Node n : order) {
            for (String i : n.inputs()) {
                consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
            }
        }
        Set<String> result = new HashSet<>();
        for (int k = order.size() - 1; k >= 0; k--) { // consumers come later in the order
            for (String t : order.get(k).outputs()) {
                List<Node> uses = consumers.getOrDefault(t, List.of());
                boolean ok = outputs.contains(t) || !uses.isEmpty();
                for (Node u : uses) {
                    ok &= MOVEMENT.contains(u.opType()) && result.contains(u.outputs().get(0));
                }
                if (ok) {
                    result.add(t);
                }
            }
        }
        return result;
    }

    private static long code(int source, long index) {
        return (long) source << 32 | index;
    }

    private static int source(long code) {
        return (int) (code >>> 32);
    }

    private static long index(long code) {
        return code & 0xffff_ffffL;
    }

    /**
     * The state tensor of an open graph input: its declared shape, a dimension the model leaves symbolic
     * taken as 1 (the batch of a streaming export).
     */
    StateTensor input(ValueInfo v) throws InvalidNetworkException {
        List<Dim> dims = v.shape().orElseThrow(() -> new InvalidNetworkException(file, "graph input '" + v.name() + "'",
                "a state input needs a declared shape"));
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            long d = dims.get(i).known() ? dims.get(i).value() : 1;
            if (d < 1 || d > 1 << 24) {
                throw new InvalidNetworkException(file, "graph input '" + v.name() + "'", "dimension " + i + " ("
                        + d + ") is not a usable state size");
            }
            shape[i] = (int) d;
        }
        int id = sources.size();
        sources.add(new Source(v.name(), shape, null, 0, null, 0));
        long[] codes = new long[(int) Constant.count(shape)];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = code(id, i);
        }
        return new StateTensor(Constant.ofLongs(codes, shape));
    }

    /**
     * A data-movement node over state tensors: the same op on the codes. Concat takes only state tensors;
     * the other ops a state tensor as input 0 and constants elsewhere. {@code Shape} and {@code Size} of a
     * state tensor are constants of its (fixed) shape.
     */
    Value move(ConstantFolder folder, Node n, OpTable.Support.Handled op, List<Value> in)
            throws InvalidNetworkException {
        NodeContext c = new NodeContext(file, n, null);
        if ((n.opType().equals("Shape") || n.opType().equals("Size")) && in.get(0) instanceof StateTensor s) {
            return folder.fold(n, op.folding(), List.of(s.codes()));
        }
        if (!MOVEMENT.contains(n.opType())) {
            throw c.fail("op " + n.opType() + " computes on recurrent state that a graph input or a final state"
                    + " carries; only data movement (" + String.join(", ", new TreeSet<>(MOVEMENT))
                    + ") may lie between a state port and a recurrent node");
        }
        List<Constant> cs = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            Value v = in.get(i);
            boolean data = i == 0 || n.opType().equals("Concat");
            if (v instanceof StateTensor s && data) {
                cs.add(s.codes());
            } else if (v instanceof Constant k && !data) {
                cs.add(k);
            } else if (v == null && !data) {
                cs.add(null);
            } else {
                throw c.fail("input " + i + " ('" + n.inputs().get(i) + "') must be "
                        + (data ? "recurrent state like the others" : "constant"));
            }
        }
        return new StateTensor(folder.fold(n, op.folding(), cs));
    }

    /**
     * Records that direction {@code k} of the recurrent node {@code n} starts from the state
     * {@code [k, 0, :]} of {@code state} (the node's initial_h or initial_c, [dirs, batch, H]), which must
     * be H elements of one state graph input at a constant stride.
     */
    void bindInitial(NodeContext c, Node n, StateTensor state, StateKind kind, int directions, int h, String what)
            throws InvalidNetworkException {
        int[] shape = state.shape();
        if (shape.length != 3 || shape[0] != directions || shape[1] != 1 || shape[2] != h) {
            throw c.fail(what + " comes from a state graph input with shape " + Arrays.toString(shape) + "; a state"
                    + " port needs [" + directions + ", 1, " + h + "] (one sequence per run)");
        }
        long[] codes = state.codes().longs();
        for (int k = 0; k < directions; k++) {
            int base = k * h;
            int src = source(codes[base]);
            Source s = sources.get(src);
            long offset = index(codes[base]);
            long stride = h > 1 ? index(codes[base + 1]) - offset : 1;
            boolean ok = s.input() != null && stride >= 1;
            for (int j = 0; ok && j < h; j++) {
                ok = source(codes[base + j]) == src && index(codes[base + j]) == offset + j * stride;
            }
            if (!ok) {
                throw c.fail(what + " is not one vector of a state graph input at a constant stride (direction "
                        + k + ")");
            }
            bindings.add(new Binding(n.label(), k, kind, s.input(), offset, stride));
        }
    }

    /** The final state {@code kind} of every direction of node {@code n} as a state tensor [dirs, 1, H]. */
    StateTensor finalState(Node n, StateKind kind, int directions, int h) {
        long[] codes = new long[directions * h];
        for (int k = 0; k < directions; k++) {
            int id = sources.size();
            sources.add(new Source(null, null, n.label(), k, kind, h));
            for (int j = 0; j < h; j++) {
                codes[k * h + j] = code(id, j);
            }
        }
        return new StateTensor(Constant.ofLongs(codes, directions, 1, h));
    }

    /**
     * The network with its ports: the state inputs that some recurrent node reads (in the graph's order),
     * the state outputs {@code outputs} (graph output name to its state tensor, in order) and the outputs
     * of earlier layers {@code layerOutputs}.
     *
     * @throws InvalidNetworkException for a state output that holds a graph input's elements or parts of
     *                                 final states, or ports that the network rejects
     */
    Network withPorts(Network network, List<ValueInfo> graphInputs, Map<String, StateTensor> outputs,
            List<LayerOutput> layerOutputs) throws InvalidNetworkException {
        if (bindings.isEmpty() && outputs.isEmpty() && layerOutputs.isEmpty()) {
            return network;
        }
        List<Layer> layers = network.layers();
        List<StatePort> ins = new ArrayList<>();
        for (ValueInfo v : graphInputs) {
            List<StatePiece> pieces = new ArrayList<>();
            int[] shape = null;
            for (Binding b : bindings) {
                if (b.input().equals(v.name())) {
                    pieces.add(new StatePiece(new StateRef(layerIndex(layers, b.node()), b.direction(), b.kind()),
                            b.offset(), b.stride()));
                }
            }
            for (Source s : sources) {
                if (v.name().equals(s.input())) {
                    shape = s.shape();
                }
            }
            if (!pieces.isEmpty()) {
                pieces.sort(Comparator.comparingLong(StatePiece::offset));
                ins.add(new StatePort(v.name(), shape, pieces));
            }
        }
        List<StatePort> outs = new ArrayList<>();
        for (Map.Entry<String, StateTensor> e : outputs.entrySet()) {
            outs.add(outputPort(layers, e.getKey(), e.getValue()));
        }
        try {
            return network.withPorts(new StatePorts(ins, outs, layerOutputs));
        } catch (IllegalArgumentException ex) {
            throw new InvalidNetworkException(file, "graph", ex.getMessage());
        }
    }

    private StatePort outputPort(List<Layer> layers, String name, StateTensor t) throws InvalidNetworkException {
        String where = "graph output '" + name + "'";
        long[] codes = t.codes().longs();
        Map<Integer, long[]> positions = new TreeMap<>();
        for (int e = 0; e < codes.length; e++) {
            Source s = sources.get(source(codes[e]));
            if (s.node() == null) {
                throw new InvalidNetworkException(file, where, "element " + e + " is graph input '" + s.input()
                        + "' passed through; a state output must hold final states (Y_h, Y_c) only");
            }
            long[] at = positions.computeIfAbsent(source(codes[e]), k -> filled(s.size()));
            at[(int) index(codes[e])] = e;
        }
        List<StatePiece> pieces = new ArrayList<>();
        Map<Integer, long[]> ordered = new LinkedHashMap<>();
        positions.entrySet().stream().sorted(Comparator.comparingLong(x -> x.getValue()[0]))
                .forEach(x -> ordered.put(x.getKey(), x.getValue()));
        for (Map.Entry<Integer, long[]> p : ordered.entrySet()) {
            Source s = sources.get(p.getKey());
            long[] at = p.getValue();
            long stride = at.length > 1 ? at[1] - at[0] : 1;
            boolean ok = stride >= 1;
            for (int j = 0; ok && j < at.length; j++) {
                ok = at[j] >= 0 && at[j] == at[0] + j * stride;
            }
            if (!ok) {
                throw new InvalidNetworkException(file, where, "the final " + (s.kind() == StateKind.HIDDEN ? "hidden"
                        : "cell") + " state of node '" + s.node() + "' is not held whole at a constant stride");
            }
            pieces.add(new StatePiece(new StateRef(layerIndex(layers, s.node()), s.direction(), s.kind()), at[0],
                    stride));
        }
        return new StatePort(name, t.shape(), pieces);
    }

    private static long[] filled(int n) {
        long[] a = new long[n];
        Arrays.fill(a, -1);
        return a;
    }

    private int layerIndex(List<Layer> layers, String node) throws InvalidNetworkException {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).origin().equals(node)) {
                return i;
            }
        }
        throw new InvalidNetworkException(file, "node '" + node + "'", "its state is a graph port, but the node is"
                + " not a layer of the network the main output needs");
    }
}
