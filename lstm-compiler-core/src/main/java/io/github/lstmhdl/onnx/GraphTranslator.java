package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.Sizes;
import io.github.lstmhdl.ir.Activation;
import io.github.lstmhdl.ir.ActivationLayer;
import io.github.lstmhdl.ir.Axis;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.FullyConnectedLayer;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.LstmLayer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.NetworkOutput;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.ir.SequenceInput;
import io.github.lstmhdl.ir.SoftmaxLayer;
import io.github.lstmhdl.onnx.ConstantFolder.Ctx;
import io.github.lstmhdl.onnx.Flow.Ax;
import io.github.lstmhdl.onnx.Flow.Role;
import io.github.lstmhdl.onnx.OnnxProto.Dim;
import io.github.lstmhdl.onnx.OnnxProto.Graph;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import io.github.lstmhdl.onnx.OnnxProto.Tensor;
import io.github.lstmhdl.onnx.OnnxProto.ValueInfo;
import io.github.lstmhdl.source.ImportOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Translates a decoded ONNX graph into a {@link Network}: selects the output, finds the nodes it
 * depends on, folds every node whose inputs are constant, and matches the nodes on the dynamic path
 * from the sequence input into layers, tracking what each axis of each dynamic tensor means.
 */
final class GraphTranslator {
    /** The ops that {@link #inputRoles} follows from the sequence input to the first LSTM. */
    private static final Set<String> ROLE_PATH = Set.of("LSTM", "Transpose", "Identity", "Dropout", "Cast");
    private static final Set<String> RECURRENT_CONTROL = Set.of("Loop", "Scan", "If");
    private static final Set<String> NOT_YET = Set.of("GRU", "RNN");
    private static final Set<String> DYNAMIC_OPS = Set.of("Identity", "Dropout", "Cast", "Transpose", "Squeeze",
            "Unsqueeze", "Reshape", "Flatten", "Slice", "Gather", "LSTM", "Gemm", "MatMul", "Add", "Relu", "Sigmoid",
            "Tanh", "Softmax", "LogSoftmax", "Shape", "Size");

    /**
     * How a user binds a graph input to a constant: the CLI's {@code --bind} and the Java API (the Maven
     * plugin has no binding parameter). Messages name both, because CLI users see them too.
     */
    private static final String BIND_INPUT = "CLI: --bind NAME=FILE.pb|FILE.npy; Java API: ImportOptions.withBindings";
    /** How a user picks one of several graph outputs: the CLI's {@code --output-name} and the Java API. */
    private static final String CHOOSE_OUTPUT = "CLI: --output-name NAME; Java API: ImportOptions.withOutput";

    private final String file;
    private final String networkName;
    private final Graph graph;
    private final ImportOptions options;
    private final TensorDecoder decoder;
    private final ConstantFolder folder;
    private final LstmConverter lstm;
    private final long opset;

    GraphTranslator(String file, String networkName, Graph graph, long opset, ImportOptions options,
            TensorDecoder decoder) {
        this.file = file;
        this.networkName = networkName;
        this.graph = graph;
        this.options = options;
        this.decoder = decoder;
        this.folder = new ConstantFolder(file, opset, decoder, options.maxElements());
        this.lstm = new LstmConverter(file, options.maxElements(), decoder.budget());
        this.opset = opset;
    }

    private InvalidNetworkException fail(String location, String reason) {
        return new InvalidNetworkException(file, location, reason);
    }

    private static String at(Node n) {
        return "node '" + n.label() + "' (" + n.opType() + ")";
    }

    Network translate() throws InvalidNetworkException {
        ValueInfo output = chooseOutput();
        Map<String, Node> producer = new HashMap<>();
        for (Node n : graph.nodes()) {
            for (String o : n.outputs()) {
                if (!o.isEmpty() && producer.put(o, n) != null) {
                    throw fail(at(n), "tensor '" + o + "' is produced by more than one node");
                }
            }
        }
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        for (Tensor t : graph.initializers()) {
            initializers.put(t.name(), t);
        }
        Map<String, ValueInfo> inputs = new LinkedHashMap<>();
        for (ValueInfo v : graph.inputs()) {
            inputs.put(v.name(), v);
        }
        for (String bound : options.bindings().keySet()) {
            if (!inputs.containsKey(bound)) {
                throw fail("", "the binding '" + bound + "' names no graph input; graph inputs: " + inputs.keySet());
            }
        }
        List<Node> order = neededNodes(output.name(), producer, initializers, inputs);
        rejectUnsupported(order);

        // Graph inputs the output depends on that have no value yet.
        Set<String> used = new HashSet<>();
        used.add(output.name());
        for (Node n : order) {
            used.addAll(n.inputs());
        }
        List<ValueInfo> open = new ArrayList<>();
        for (ValueInfo v : graph.inputs()) {
            if (used.contains(v.name()) && !initializers.containsKey(v.name())
                    && !options.bindings().containsKey(v.name())) {
                open.add(v);
            }
        }
        ValueInfo sequence = chooseSequence(open, order);

        ValueTable values = new ValueTable();
        Role[] roles = inputRoles(sequence, order);
        Flow start = startFlow(sequence, roles);
        values.put(sequence.name(), start);

        // the last node that reads each value: a constant is dropped after it, so a decoded initializer
        // is not held beside the weights converted from it (an LSTM's gate blocks are reordered copies)
        Map<String, Integer> lastUse = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            for (String name : order.get(i).inputs()) {
                lastUse.put(name, i);
            }
        }
        for (int i = 0; i < order.size(); i++) {
            Node n = order.get(i);
            List<Object> in = new ArrayList<>();
            for (String name : n.inputs()) {
                in.add(name.isEmpty() ? null : value(name, values, initializers, inputs, n));
            }
            release(n, i, lastUse, output.name(), values);
            boolean dynamic = in.stream().anyMatch(v -> v instanceof Flow);
            if (!dynamic) {
                if (n.opType().equals("LSTM")) {
                    throw fail(at(n), "the LSTM's input X does not depend on the sequence input");
                }
                List<Constant> cs = new ArrayList<>();
                for (Object o : in) {
                    cs.add((Constant) o);
                }
                Constant result = folder.fold(n, cs);
                if (!n.outputs().isEmpty()) {
                    values.put(n.outputs().get(0), result);
                }
            } else {
                translateDynamic(n, in, values);
            }
        }
        Object result = values.get(output.name());
        if (result == null) {
            result = value(output.name(), values, initializers, inputs, null);
        }
        if (!(result instanceof Flow flow)) {
            throw fail("output '" + output.name() + "'", "the output does not depend on the sequence input");
        }
        return build(sequence, roles, flow, output);
    }

    /** Forgets the constants that node {@code i} (whose inputs are already fetched) reads last. */
    private static void release(Node n, int i, Map<String, Integer> lastUse, String output, ValueTable values) {
        for (String name : n.inputs()) {
            if (lastUse.get(name) == i && !name.equals(output) && values.get(name) instanceof Constant) {
                values.remove(name);
            }
        }
    }

    private ValueInfo chooseOutput() throws InvalidNetworkException {
        List<ValueInfo> outs = graph.outputs();
        if (outs.isEmpty()) {
            throw fail("graph", "the graph declares no outputs");
        }
        if (options.outputName().isPresent()) {
            String want = options.outputName().get();
            for (ValueInfo v : outs) {
                if (v.name().equals(want)) {
                    return v;
                }
            }
            throw fail("graph", "there is no graph output '" + want + "'; outputs: " + names(outs));
        }
        if (outs.size() > 1) {
            throw fail("graph", "the graph has " + outs.size() + " outputs " + names(outs)
                    + "; choose one (" + CHOOSE_OUTPUT + ")");
        }
        return outs.get(0);
    }

    private static List<String> names(List<ValueInfo> vs) {
        return vs.stream().map(ValueInfo::name).toList();
    }

    /**
     * The nodes the output depends on, in a topological order (file order where free). Nodes are
     * tracked by their index in the file: hashing a node record would hash all its inputs, outputs and
     * attributes each time.
     */
    private List<Node> neededNodes(String output, Map<String, Node> producer, Map<String, Tensor> initializers,
            Map<String, ValueInfo> inputs) throws InvalidNetworkException {
        List<Node> all = graph.nodes();
        boolean[] needed = new boolean[all.size()];
        int neededCount = 0;
        Deque<String> todo = new ArrayDeque<>();
        todo.push(output);
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

    private void rejectUnsupported(List<Node> order) throws InvalidNetworkException {
        List<Node> byFile = new ArrayList<>(order);
        byFile.sort((a, b) -> Integer.compare(a.index(), b.index()));
        for (Node n : byFile) {
            if (RECURRENT_CONTROL.contains(n.opType())) {
                throw fail(at(n), "op " + n.opType() + " is not supported: recurrent layers must be exported as"
                        + " ONNX LSTM/GRU nodes, not as " + n.opType() + " control flow");
            }
        }
        for (Node n : byFile) {
            if (NOT_YET.contains(n.opType())) {
                throw fail(at(n), "op " + n.opType() + " is not supported yet (only LSTM is)");
            }
        }
        for (Node n : byFile) {
            boolean defaultDomain = n.domain().isEmpty() || n.domain().equals("ai.onnx");
            if (!defaultDomain || !(ConstantFolder.FOLDABLE.contains(n.opType()) || DYNAMIC_OPS.contains(n.opType()))) {
                throw fail(at(n), "op " + (defaultDomain ? "" : n.domain() + ".") + n.opType() + " is not supported");
            }
        }
    }

    private ValueInfo chooseSequence(List<ValueInfo> open, List<Node> order) throws InvalidNetworkException {
        if (open.isEmpty()) {
            throw fail("graph", "the output does not depend on any graph input");
        }
        Map<String, String> weightUse = new HashMap<>();
        for (Node n : order) {
            for (int i = 1; i < n.inputs().size(); i++) {
                if (!n.inputs().get(i).isEmpty()) {
                    weightUse.putIfAbsent(n.inputs().get(i), "input " + i + " of " + at(n));
                }
            }
        }
        // the tensors that some LSTM reads other than as X, found once rather than per open input
        Set<String> lstmOperands = new HashSet<>();
        for (Node n : order) {
            if (n.opType().equals("LSTM")) {
                for (int i = 0; i < n.inputs().size(); i++) {
                    if (n.inputs().indexOf(n.inputs().get(i)) > 0) {
                        lstmOperands.add(n.inputs().get(i));
                    }
                }
            }
        }
        ValueInfo sequence = null;
        for (ValueInfo v : open) {
            boolean feedsLstmWeight = lstmOperands.contains(v.name());
            if (!feedsLstmWeight) {
                sequence = v;
                break;
            }
        }
        if (sequence == null) {
            sequence = open.get(0);
        }
        Map<String, Node> lensReaders = new HashMap<>();
        for (Node n : order) {
            if (n.opType().equals("LSTM") && n.inputs().size() > 4) {
                lensReaders.putIfAbsent(n.inputs().get(4), n);
            }
        }
        for (ValueInfo v : open) {
            if (v != sequence && lensReaders.containsKey(v.name())) {
                rejectRunTimeSequenceLens(v, lensReaders.get(v.name()));
            }
        }
        for (ValueInfo v : open) {
            if (v != sequence) {
                throw fail("graph input '" + v.name() + "'", "graph input '" + v.name() + "' needs a value: it is "
                        + weightUse.getOrDefault(v.name(), "used") + "; only the sequence '" + sequence.name()
                        + "' may stay a run-time input, bind the others (" + BIND_INPUT + ")");
            }
        }
        return sequence;
    }

    /**
     * An open graph input that an LSTM ({@code n}, the first in order) reads as sequence_lens (input 4) would give each sequence of the
     * batch its own length at run time, which the processor does not support: say so rather than ask
     * for a value.
     */
    private void rejectRunTimeSequenceLens(ValueInfo v, Node n) throws InvalidNetworkException {
        throw fail(at(n), "input 4 (sequence_lens) is the graph input '" + v.name() + "', which stays open"
                + " until run time: variable sequence_lens is not supported. Leave sequence_lens out, or"
                + " bind it to a constant equal to the sequence length for every batch entry ("
                + BIND_INPUT + ")");
    }

    private Object value(String name, ValueTable values, Map<String, Tensor> initializers,
            Map<String, ValueInfo> inputs, Node user) throws InvalidNetworkException {
        Object v = values.get(name);
        if (v != null) {
            return v;
        }
        Constant c;
        if (options.bindings().containsKey(name)) {
            FloatTensor t = options.bindings().get(name);
            decoder.budget().charge(t.size(), Float.BYTES, "graph input '" + name + "'");
            c = Constant.ofFloats(t.toArray(), t.shape());
            ValueInfo declared = inputs.get(name);
            if (declared != null && declared.shape().isPresent()) {
                List<Dim> dims = declared.shape().get();
                boolean ok = dims.size() == t.rank();
                for (int i = 0; ok && i < dims.size(); i++) {
                    ok = !dims.get(i).known() || dims.get(i).value() == t.dim(i);
                }
                if (!ok) {
                    throw fail("graph input '" + name + "'", "the bound value has shape " + Arrays.toString(t.shape())
                            + " but the graph declares " + dims);
                }
            }
        } else if (initializers.containsKey(name)) {
            c = decoder.decode(initializers.get(name), "initializer '" + name + "'");
        } else {
            throw fail(user == null ? "tensor '" + name + "'" : at(user), "tensor '" + name + "' has no value");
        }
        if (c.isFloat()) {
            for (int i = 0; i < c.floats().length; i++) {
                if (!Float.isFinite(c.floats()[i])) {
                    throw fail("tensor '" + name + "'", "tensor '" + name + "' holds a non-finite value ("
                            + c.floats()[i] + ") at flat index " + i);
                }
            }
        }
        values.put(name, c);
        return c;
    }

    /**
     * What each axis of the sequence input means, found by following Transposes from the input to the
     * first LSTM's X; [TIME, BATCH, FEATURE] when no LSTM is reached.
     */
    private Role[] inputRoles(ValueInfo sequence, List<Node> order) throws InvalidNetworkException {
        int rank = sequence.shape().map(List::size).orElse(3);
        if (rank != 3) {
            throw fail("graph input '" + sequence.name() + "'", "the sequence input must have rank 3"
                    + " ([time, batch, feature] or [batch, time, feature]), not " + rank);
        }
        // the nodes by the tensor they read as input 0, in order: one lookup per hop, not a scan of the
        // graph (a chain of n Identity nodes took n² steps)
        Map<String, List<Node>> readers = new HashMap<>();
        for (Node n : order) {
            if (!n.inputs().isEmpty()) {
                readers.computeIfAbsent(n.inputs().get(0), k -> new ArrayList<>()).add(n);
            }
        }
        int[] origin = {0, 1, 2};
        String current = sequence.name();
        while (true) {
            Node n = null;
            for (Node r : readers.getOrDefault(current, List.of())) {
                if (ROLE_PATH.contains(r.opType())) {
                    n = r;
                    break;
                }
            }
            if (n == null) {
                break;
            }
            switch (n.opType()) {
                case "LSTM" -> {
                    int layout = lstm.layout(n);
                    Role[] at = layout == 0 ? new Role[] {Role.TIME, Role.BATCH, Role.FEATURE}
                            : new Role[] {Role.BATCH, Role.TIME, Role.FEATURE};
                    Role[] roles = new Role[3];
                    for (int i = 0; i < 3; i++) {
                        roles[origin[i]] = at[i];
                    }
                    return roles;
                }
                case "Transpose" -> {
                    Ctx c = folder.ctx(n);
                    int[] p = folder.permutation(c, c.ints("perm"), 3);
                    int[] next = new int[3];
                    for (int i = 0; i < 3; i++) {
                        next[i] = origin[p[i]];
                    }
                    origin = next;
                }
                default -> {
                    // Identity, Dropout, Cast: the axes keep their meaning
                }
            }
            current = n.outputs().isEmpty() ? "" : n.outputs().get(0);
        }
        return new Role[] {Role.TIME, Role.BATCH, Role.FEATURE};
    }

    private Flow startFlow(ValueInfo sequence, Role[] roles) {
        List<Ax> axes = new ArrayList<>();
        List<Dim> dims = sequence.shape().orElse(List.of());
        for (int i = 0; i < roles.length; i++) {
            Dim d = i < dims.size() ? dims.get(i) : new Dim(0, "", false);
            long dim;
            if (d.known() && d.value() > 0) {
                dim = d.value();
            } else {
                dim = roles[i] == Role.BATCH ? 1 : Ax.DYNAMIC;
            }
            axes.add(new Ax(roles[i], dim));
        }
        return new Flow(LayerChain.EMPTY, axes, 0);
    }

    // ---------------------------------------------------------------------------------------------
    // Dynamic nodes

    private void translateDynamic(Node n, List<Object> in, ValueTable values) throws InvalidNetworkException {
        Ctx c = folder.ctx(n);
        Object first = in.isEmpty() ? null : in.get(0);
        for (int i = 1; i < in.size(); i++) {
            if (in.get(i) instanceof Flow && !(n.opType().equals("Add") && i == 1 && !(first instanceof Flow))) {
                throw fail(at(n), "input " + i + " ('" + n.inputs().get(i) + "') depends on the sequence input; only"
                        + " input 0 may (two dynamic operands are not supported)");
            }
        }
        if (!(first instanceof Flow)) {
            if (n.opType().equals("Add") && in.size() == 2 && in.get(1) instanceof Flow f) {
                put(n, values, addBias(n, f, (Constant) first));
                return;
            }
            throw fail(at(n), "only input 0 may depend on the sequence input");
        }
        Flow x = (Flow) first;
        switch (n.opType()) {
            case "Identity", "Dropout" -> put(n, values, x);
            case "Cast" -> {
                long to = c.intAttr("to", 0);
                if (to != OnnxProto.FLOAT && to != OnnxProto.DOUBLE) {
                    throw fail(at(n), "casting the data path to type " + to + " is not supported");
                }
                put(n, values, x);
            }
            case "Shape" -> {
                long[] dims = x.dims();
                for (int i = 0; i < dims.length; i++) {
                    if (dims[i] == Ax.DYNAMIC) {
                        dims[i] = Constant.UNKNOWN;
                    }
                }
                put(n, values, folder.shapeOf(c, dims));
            }
            case "Size" -> {
                long size = 1;
                for (long d : x.dims()) {
                    if (d == Ax.DYNAMIC) {
                        throw fail(at(n), "Size depends on the dynamic sequence length");
                    }
                    size = Sizes.times(size, d);
                }
                if (size > options.maxElements()) {
                    throw fail(at(n), "the input's size " + Arrays.toString(x.dims()) + " exceeds the limit of "
                            + options.maxElements() + " elements");
                }
                put(n, values, Constant.ofLongs(new long[] {size}));
            }
            case "Transpose" -> {
                int[] p = folder.permutation(c, c.ints("perm"), x.rank());
                List<Ax> axes = new ArrayList<>();
                for (int i : p) {
                    axes.add(x.axes().get(i));
                }
                put(n, values, x.withAxes(axes));
            }
            case "Squeeze" -> put(n, values, squeeze(c, x, folder.axes(c, constants(in), 1)));
            case "Unsqueeze" -> {
                long[] axesArg = folder.axes(c, constants(in), 1);
                int[] shape = folder.unsqueezeShape(c, new int[x.rank()], axesArg);
                List<Ax> axes = new ArrayList<>();
                int j = 0;
                for (int s : shape) {
                    axes.add(s == 1 ? new Ax(Role.UNIT, 1) : x.axes().get(j++));
                }
                put(n, values, x.withAxes(axes));
            }
            case "Reshape" -> put(n, values, reshape(c, x, constant(c, in, 1, "shape")));
            case "Flatten" -> {
                long axisAttr = c.intAttr("axis", 1);
                int axis = (int) (axisAttr < 0 ? axisAttr + x.rank() : axisAttr);
                if (axis < 0 || axis > x.rank()) {
                    throw c.fail("axis " + axisAttr + " is out of range");
                }
                List<List<Integer>> groups = List.of(range(0, axis), range(axis, x.rank()));
                put(n, values, regroup(c, x, groups));
            }
            case "Slice" -> put(n, values, slice(c, x, in));
            case "Gather" -> put(n, values, gather(c, x, constant(c, in, 1, "indices")));
            case "LSTM" -> lstmNode(n, x, in, values);
            case "Gemm" -> put(n, values, gemm(c, x, in, values));
            case "MatMul" -> {
                Constant b = constant(c, in, 1, "B");
                requireFeatureLast(c, x);
                if (b.rank() != 2 || b.shape()[0] != x.features() || !b.isFloat()) {
                    throw c.fail("the weight matrix must be a float [" + x.features() + ", N] matrix, not " + b);
                }
                int k = b.shape()[0];
                int m = b.shape()[1];
                chargeCopy(c, in, 1, values, (long) m * k, "input B");
                float[] w = new float[m * k];
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < m; j++) {
                        w[j * k + i] = b.floats()[i * m + j];
                    }
                }
                Layer fc = new FullyConnectedLayer("fc", n.label(), FloatTensor.of(w, m, k), FloatTensor.zeros(m));
                put(n, values, x.plus(fc, withFeature(x, m)));
            }
            case "Add" -> put(n, values, addBias(n, x, constant(c, in, 1, "B")));
            case "Relu" -> put(n, values, x.plus(new ActivationLayer("relu", n.label(), need(c, x), Activation.RELU), x.axes()));
            case "Sigmoid" -> put(n, values,
                    x.plus(new ActivationLayer("sigmoid", n.label(), need(c, x), Activation.SIGMOID), x.axes()));
            case "Tanh" -> put(n, values, x.plus(new ActivationLayer("tanh", n.label(), need(c, x), Activation.TANH), x.axes()));
            case "Softmax", "LogSoftmax" -> put(n, values, softmax(c, x));
            default -> throw fail(at(n), "op " + n.opType() + " is not supported on the data path");
        }
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> l = new ArrayList<>();
        for (int i = from; i < to; i++) {
            l.add(i);
        }
        return l;
    }

    private static void put(Node n, ValueTable values, Object v) {
        if (!n.outputs().isEmpty() && !n.outputs().get(0).isEmpty()) {
            values.put(n.outputs().get(0), v);
        }
    }

    private static List<Constant> constants(List<Object> in) {
        List<Constant> cs = new ArrayList<>();
        for (Object o : in) {
            cs.add(o instanceof Constant c ? c : null);
        }
        return cs;
    }

    private Constant constant(Ctx c, List<Object> in, int i, String what) throws InvalidNetworkException {
        if (i >= in.size() || in.get(i) == null) {
            throw c.fail("input " + what + " is missing");
        }
        return (Constant) in.get(i);
    }

    private int need(Ctx c, Flow x) throws InvalidNetworkException {
        if (x.layers().isEmpty()) {
            throw c.fail("an activation directly on the network input is not supported");
        }
        return x.features();
    }

    private Flow squeeze(Ctx c, Flow x, long[] axesArg) throws InvalidNetworkException {
        boolean[] drop = new boolean[x.rank()];
        if (axesArg == null || axesArg.length == 0) {
            for (int i = 0; i < x.rank(); i++) {
                drop[i] = x.axes().get(i).dim() == 1;
            }
        } else {
            for (long a : axesArg) {
                int ax = folder.axis(c, a, x.rank());
                if (x.axes().get(ax).dim() != 1) {
                    throw c.fail("cannot squeeze axis " + a + " (" + x.axes().get(ax) + "): its size is not 1");
                }
                drop[ax] = true;
            }
        }
        List<Ax> axes = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            if (!drop[i]) {
                axes.add(x.axes().get(i));
            } else if (x.axes().get(i).role() == Role.FEATURE) {
                throw c.fail("squeezing away the feature axis is not supported");
            }
        }
        return x.withAxes(axes);
    }

    /** Reshape of a dynamic tensor: the target must regroup axes without mixing their meanings. */
    private Flow reshape(Ctx c, Flow x, Constant shape) throws InvalidNetworkException {
        long[] t = shape.toLongs();
        boolean allowZero = c.intAttr("allowzero", 0) == 1;
        long[] src = x.dims();
        long[] target = new long[t.length];
        int infer = -1;
        long knownTarget = 1;
        for (int i = 0; i < t.length; i++) {
            long d = t[i];
            if (d == 0 && !allowZero) {
                if (i >= src.length) {
                    throw c.fail("target dimension " + i + " copies a dimension that the input does not have");
                }
                d = src[i];
            } else if (d == Constant.UNKNOWN) {
                d = Ax.DYNAMIC;
            } else if (d == -1) {
                if (infer >= 0) {
                    throw c.fail("more than one -1 in the target shape");
                }
                infer = i;
                continue;
            } else if (d < 0) {
                throw c.fail("invalid target dimension " + d);
            }
            target[i] = d;
            if (d != Ax.DYNAMIC) {
                knownTarget = Sizes.times(knownTarget, d);
                if (knownTarget > options.maxElements()) {
                    throw c.fail("the target shape is too large");
                }
            }
        }
        if (infer >= 0) {
            long knownSrc = 1;
            int dynSrc = 0;
            for (long d : src) {
                if (d == Ax.DYNAMIC) {
                    dynSrc++;
                } else {
                    knownSrc = Sizes.times(knownSrc, d);
                }
            }
            int dynTarget = 0;
            for (int i = 0; i < t.length; i++) {
                if (i != infer && target[i] == Ax.DYNAMIC) {
                    dynTarget++;
                }
            }
            if (dynSrc != dynTarget) {
                throw c.fail("the inferred dimension would depend on the dynamic sequence length");
            }
            if (knownTarget == 0 || knownSrc % knownTarget != 0) {
                throw c.fail("cannot reshape " + x.axes() + " to " + Arrays.toString(t));
            }
            target[infer] = knownSrc / knownTarget;
        }
        // Group consecutive source axes whose product gives each target dimension.
        List<List<Integer>> groups = new ArrayList<>();
        int s = 0;
        for (long d : target) {
            List<Integer> g = new ArrayList<>();
            if (d == 1) {
                if (s < src.length && src[s] == 1) {
                    g.add(s++);
                }
            } else if (d == Ax.DYNAMIC) {
                while (s < src.length && src[s] == 1) {
                    g.add(s++);
                }
                if (s >= src.length || src[s] != Ax.DYNAMIC) {
                    throw c.fail("cannot reshape " + x.axes() + " to " + Arrays.toString(t));
                }
                g.add(s++);
            } else {
                long prod = 1;
                while (s < src.length && prod != d) {
                    if (src[s] == Ax.DYNAMIC) {
                        throw c.fail("the reshape would mix the dynamic sequence axis with others");
                    }
                    prod = Sizes.times(prod, src[s]);
                    g.add(s++);
                    if (prod > d) {
                        break;
                    }
                }
                if (prod != d) {
                    throw c.fail("cannot reshape " + x.axes() + " to " + Arrays.toString(t)
                            + " without mixing the meanings of axes");
                }
            }
            groups.add(g);
        }
        if (groups.isEmpty()) {
            throw c.fail("reshaping the data path to a scalar is not supported");
        }
        while (s < src.length) {
            if (src[s] != 1) {
                throw c.fail("cannot reshape " + x.axes() + " to " + Arrays.toString(t));
            }
            groups.get(groups.size() - 1).add(s++);
        }
        return regroup(c, x, groups);
    }

    /** Merges each group of consecutive axes into one axis. */
    private Flow regroup(Ctx c, Flow x, List<List<Integer>> groups) throws InvalidNetworkException {
        List<Ax> axes = new ArrayList<>();
        for (List<Integer> g : groups) {
            List<Ax> members = new ArrayList<>();
            for (int i : g) {
                members.add(x.axes().get(i));
            }
            List<Ax> significant = members.stream().filter(a -> !a.trivial()).toList();
            long dim = 1;
            for (Ax a : members) {
                dim = a.dim() == Ax.DYNAMIC || dim == Ax.DYNAMIC ? Ax.DYNAMIC : Sizes.times(dim, a.dim());
            }
            if (significant.isEmpty()) {
                axes.add(members.size() == 1 ? members.get(0) : new Ax(Role.UNIT, 1));
            } else if (significant.size() == 1) {
                axes.add(new Ax(significant.get(0).role(), dim));
            } else if (significant.size() == 2 && significant.get(0).role() == Role.DIRECTION
                    && significant.get(1).role() == Role.FEATURE) {
                axes.add(new Ax(Role.FEATURE, dim));
            } else {
                throw c.fail("merging axes " + members + " into one is not supported");
            }
        }
        return x.withAxes(axes);
    }

    private Flow slice(Ctx c, Flow x, List<Object> in) throws InvalidNetworkException {
        List<Constant> cs = constants(in);
        for (int i = 1; i < in.size(); i++) {
            if (in.get(i) != null && cs.get(i) == null) {
                throw c.fail("slice parameters must be constant");
            }
        }
        ConstantFolder.SliceSpec spec = folder.sliceSpec(c, cs);
        List<Ax> axes = new ArrayList<>(x.axes());
        Flow result = x;
        for (int k = 0; k < spec.axes().length; k++) {
            int ax = folder.axis(c, spec.axes()[k], x.rank());
            Ax a = axes.get(ax);
            long start = spec.starts()[k];
            long end = spec.ends()[k];
            long step = spec.steps()[k];
            boolean open = end >= Integer.MAX_VALUE;
            if (a.dim() != Ax.DYNAMIC) {
                ConstantFolder.Range r = ConstantFolder.range(start, end, step, a.dim());
                if (r.step() == 1 && r.start() == 0 && r.length() == a.dim()) {
                    continue; // the whole axis
                }
                if (a.role() == Role.TIME && r.step() == 1 && r.length() == 1 && r.start() == a.dim() - 1) {
                    result = lastStep(c, result);
                    axes.set(ax, new Ax(Role.LAST_TIME, 1));
                    continue;
                }
            } else {
                if (step == 1 && start == 0 && open) {
                    continue;
                }
                if (a.role() == Role.TIME && step == 1 && start == -1 && open) {
                    result = lastStep(c, result);
                    axes.set(ax, new Ax(Role.LAST_TIME, 1));
                    continue;
                }
            }
            throw c.fail("slicing " + a + " with start " + start + ", end " + end + ", step " + step
                    + " is not supported (only the last time step or a whole axis)");
        }
        return result.withAxes(axes);
    }

    private Flow gather(Ctx c, Flow x, Constant indices) throws InvalidNetworkException {
        int ax = folder.axis(c, c.intAttr("axis", 0), x.rank());
        Ax a = x.axes().get(ax);
        if (indices.size() != 1 || indices.rank() > 1) {
            throw c.fail("only a single index is supported on the data path, not " + indices);
        }
        long index = folder.known(c, indices, "indices")[0];
        Flow result = x;
        Ax kept;
        if (a.role() == Role.TIME && (index == -1 || (a.dim() != Ax.DYNAMIC && index == a.dim() - 1))) {
            result = lastStep(c, x);
            kept = new Ax(Role.LAST_TIME, 1);
        } else if (a.dim() == 1 && (index == 0 || index == -1) && a.role() != Role.FEATURE) {
            kept = a;
        } else {
            throw c.fail("gathering index " + index + " of axis " + a
                    + " is not supported (only the last time step)");
        }
        List<Ax> axes = new ArrayList<>(x.axes());
        if (indices.rank() == 0) {
            axes.remove(ax);
        } else {
            axes.set(ax, kept);
        }
        return result.withAxes(axes);
    }

    /** Selecting the last time step: the last LSTM switches to its last-step output mode. */
    private Flow lastStep(Ctx c, Flow x) throws InvalidNetworkException {
        int back = x.layers().backToLast(LstmLayer.class);
        if (back >= 0) {
            LstmLayer l = (LstmLayer) x.layers().fromEnd(back);
            if (l.outputMode() != OutputMode.SEQUENCE) {
                throw c.fail("the time axis was already reduced");
            }
            OutputMode mode = l.direction() == Direction.FORWARD ? OutputMode.LAST_STATE : OutputMode.LAST_STEP;
            LstmLayer last = new LstmLayer(l.name(), l.origin(), l.direction(), mode, l.directions());
            return new Flow(x.layers().replacingFromEnd(back, last), x.axes(), x.features());
        }
        throw c.fail("selecting the last time step before any LSTM layer is not supported");
    }

    private void lstmNode(Node n, Flow x, List<Object> in, ValueTable values) throws InvalidNetworkException {
        Ctx c = folder.ctx(n);
        int layout = lstm.layout(n);
        List<Role> want = layout == 0 ? List.of(Role.TIME, Role.BATCH, Role.FEATURE)
                : List.of(Role.BATCH, Role.TIME, Role.FEATURE);
        List<Role> have = x.axes().stream().map(Ax::role).toList();
        if (!have.equals(want)) {
            throw c.fail("input X has axes " + x.axes() + " but layout " + layout + " needs " + want);
        }
        int features = x.layers().isEmpty() ? -1 : x.features();
        long declared = x.axes().get(2).dim();
        Constant[] cs = new Constant[8];
        for (int i = 1; i < Math.min(8, in.size()); i++) {
            if (in.get(i) instanceof Flow) {
                throw c.fail("input " + i + " ('" + n.inputs().get(i) + "') must be constant");
            }
            cs[i] = (Constant) in.get(i);
        }
        if (cs[1] == null || cs[1].rank() != 3) {
            throw c.fail("input W must be a constant of rank 3");
        }
        int inputSize = cs[1].shape()[2];
        if (features >= 0 && features != inputSize) {
            throw c.fail("input X has " + features + " features but W expects " + inputSize);
        }
        if (features < 0 && declared != Ax.DYNAMIC && declared != inputSize) {
            throw c.fail("input X declares " + declared + " features but W expects " + inputSize);
        }
        long time = x.axes().get(want.indexOf(Role.TIME)).dim();
        long batch = x.axes().get(want.indexOf(Role.BATCH)).dim();
        Ax timeAx = x.axes().get(want.indexOf(Role.TIME));
        Ax batchAx = x.axes().get(want.indexOf(Role.BATCH));
        OutputMode[] modes = {OutputMode.SEQUENCE, OutputMode.LAST_STATE, OutputMode.LAST_CELL};
        boolean[] owned = new boolean[cs.length];
        for (int i = 1; i < cs.length; i++) {
            owned[i] = soleHolder(cs, i, values);
        }
        LstmLayer converted = null; // converted once (it may take over W and R); other outputs share its weights
        for (int o = 0; o < Math.min(3, n.outputs().size()); o++) {
            if (n.outputs().get(o).isEmpty()) {
                continue;
            }
            LstmLayer layer = converted == null ? lstm.convert(n, "lstm", modes[o], cs, owned, inputSize, time, batch)
                    : new LstmLayer(converted.name(), converted.origin(), converted.direction(), modes[o],
                            converted.directions());
            converted = layer;
            Ax dir = new Ax(Role.DIRECTION, layer.direction().count());
            Ax feat = new Ax(Role.FEATURE, layer.hiddenSize());
            List<Ax> axes = o == 0
                    ? (layout == 0 ? List.of(timeAx, dir, batchAx, feat) : List.of(batchAx, timeAx, dir, feat))
                    : (layout == 0 ? List.of(dir, batchAx, feat) : List.of(batchAx, dir, feat));
            values.put(n.outputs().get(o), x.plus(layer, axes));
        }
    }

    /**
     * Whether the values of {@code cs[i]} are held by nothing else: no other input of the node and no
     * value still kept for a later node (a constant read last by this node is already released; folded
     * constants such as Identity or Reshape results may share the array of another). Only such weights
     * may be reordered in place, and only copies of them are free of the import budget: a copy of
     * weights that another node still reads is memory the model's file does not account for.
     */
    private static boolean soleHolder(Constant[] cs, int i, ValueTable values) {
        if (cs[i] == null || !cs[i].isFloat()) {
            return false;
        }
        float[] a = cs[i].floats();
        for (int j = 0; j < cs.length; j++) {
            if (j != i && cs[j] != null && cs[j].floats() == a) {
                return false;
            }
        }
        return values.holders(a) == 0;
    }

    /**
     * Charges the {@code elements} floats that a layer makes from weights input {@code i} to the import
     * budget, unless nothing else holds those weights (then the copy replaces them).
     */
    private void chargeCopy(Ctx c, List<Object> in, int i, ValueTable values, long elements, String what)
            throws InvalidNetworkException {
        if (!soleHolder(constants(in).toArray(new Constant[0]), i, values)) {
            decoder.budget().chargeCopy(elements, Float.BYTES, c.where(), what);
        }
    }

    private void requireFeatureLast(Ctx c, Flow x) throws InvalidNetworkException {
        if (x.rank() == 0 || x.axes().get(x.rank() - 1).role() != Role.FEATURE) {
            throw c.fail("the feature axis must be the last axis, not " + x.axes());
        }
        if (x.indexOf(Role.DIRECTION) >= 0 && x.axes().get(x.indexOf(Role.DIRECTION)).dim() > 1) {
            throw c.fail("a fully connected layer over separate direction and feature axes " + x.axes()
                    + " is not supported; merge them first (Transpose + Reshape)");
        }
        if (x.layers().isEmpty()) {
            throw c.fail("a fully connected layer directly on the network input is not supported");
        }
    }

    private static List<Ax> withFeature(Flow x, int size) {
        List<Ax> axes = new ArrayList<>(x.axes());
        axes.set(axes.size() - 1, new Ax(Role.FEATURE, size));
        return axes;
    }

    private Flow gemm(Ctx c, Flow x, List<Object> in, ValueTable values) throws InvalidNetworkException {
        if (c.intAttr("transA", 0) != 0) {
            throw c.fail("transA=1 is not supported on the data path");
        }
        if (x.rank() != 2) {
            throw c.fail("Gemm needs a 2-D input, not " + x.axes());
        }
        requireFeatureLast(c, x);
        Constant b = constant(c, in, 1, "B");
        float alpha = c.node.attribute("alpha").map(OnnxProto.Attribute::f).orElse(1f);
        float beta = c.node.attribute("beta").map(OnnxProto.Attribute::f).orElse(1f);
        boolean transB = c.intAttr("transB", 0) != 0;
        if (!b.isFloat() || b.rank() != 2) {
            throw c.fail("B must be a float matrix, not " + b);
        }
        int k = x.features();
        int m = transB ? b.shape()[0] : b.shape()[1];
        int kb = transB ? b.shape()[1] : b.shape()[0];
        if (kb != k) {
            throw c.fail("B " + b + " does not match " + k + " input features (transB=" + (transB ? 1 : 0) + ")");
        }
        chargeCopy(c, in, 1, values, (long) m * k, "input B");
        float[] w = new float[m * k];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < k; i++) {
                w[j * k + i] = alpha * (transB ? b.floats()[j * k + i] : b.floats()[i * m + j]);
            }
        }
        float[] bias = new float[m];
        if (in.size() > 2 && in.get(2) != null) {
            Constant cc = constant(c, in, 2, "C");
            float[] v = featureVector(c, cc, m, 2);
            for (int j = 0; j < m; j++) {
                bias[j] = beta * v[j];
            }
        }
        Layer fc = new FullyConnectedLayer("fc", c.node.label(), FloatTensor.of(w, m, k), FloatTensor.of(bias, m));
        return x.plus(fc, withFeature(x, m));
    }

    /** A constant that broadcasts along the feature axis only, as a vector of {@code size}. */
    private float[] featureVector(Ctx c, Constant t, int size, int maxRank) throws InvalidNetworkException {
        int[] s = t.shape();
        boolean ok = t.isFloat() && s.length <= maxRank;
        for (int i = 0; ok && i < s.length - 1; i++) {
            ok = s[i] == 1;
        }
        int last = s.length == 0 ? 1 : s[s.length - 1];
        ok &= last == 1 || last == size;
        if (!ok) {
            throw c.fail("the constant " + t + " must broadcast along the " + size + " features only");
        }
        float[] v = new float[size];
        for (int j = 0; j < size; j++) {
            v[j] = t.floats()[last == 1 ? 0 : j];
        }
        return v;
    }

    private Flow addBias(Node n, Flow x, Constant b) throws InvalidNetworkException {
        Ctx c = folder.ctx(n);
        if (!(x.lastLayer() instanceof FullyConnectedLayer fc)) {
            throw c.fail("adding a constant is only supported as the bias of a fully connected layer (MatMul + Add)");
        }
        if (x.axes().get(x.rank() - 1).role() != Role.FEATURE) {
            throw c.fail("the feature axis must be the last axis, not " + x.axes());
        }
        float[] v = featureVector(c, b, fc.outputSize(), x.rank());
        float[] bias = fc.bias().toArray();
        for (int j = 0; j < bias.length; j++) {
            bias[j] += v[j];
        }
        Layer withBias = new FullyConnectedLayer(fc.name(), fc.origin(), fc.weights(), FloatTensor.of(bias, bias.length));
        return new Flow(x.layers().replacingFromEnd(0, withBias), x.axes(), x.features());
    }

    private Flow softmax(Ctx c, Flow x) throws InvalidNetworkException {
        boolean log = c.node.opType().equals("LogSoftmax");
                long axisAttr = c.intAttr("axis", opset >= 13 ? -1 : 1);
        int axis = folder.axis(c, axisAttr, x.rank());
        boolean ok;
        if (opset >= 13) {
            ok = x.axes().get(axis).role() == Role.FEATURE;
        } else {
            ok = x.indexOf(Role.FEATURE) >= axis;
            for (int i = axis; i < x.rank(); i++) {
                Ax a = x.axes().get(i);
                ok &= a.role() == Role.FEATURE || a.dim() == 1;
            }
        }
        if (!ok || (x.indexOf(Role.DIRECTION) >= 0 && x.axes().get(x.indexOf(Role.DIRECTION)).dim() > 1)) {
            throw c.fail("softmax over axis " + axisAttr + " of " + x.axes() + " is not over the features");
        }
        return x.plus(new SoftmaxLayer("softmax", c.node.label(), need(c, x), log), x.axes());
    }


    // ---------------------------------------------------------------------------------------------

    private Network build(ValueInfo sequence, Role[] roles, Flow flow, ValueInfo output) throws InvalidNetworkException {
        String where = "output '" + output.name() + "'";
        if (flow.layers().isEmpty()) {
            throw fail(where, "no layer lies between the sequence input and the output");
        }
        List<Layer> named = new ArrayList<>();
        Map<String, Integer> counters = new HashMap<>();
        for (Layer l : flow.layers().toList()) {
            named.add(rename(l, counters));
        }
        List<Dim> dims = sequence.shape().orElse(List.of());
        List<Axis> inAxes = new ArrayList<>();
        int seqLen = 0;
        int batch = 0;
        for (int i = 0; i < roles.length; i++) {
            inAxes.add(Axis.valueOf(roles[i].name()));
            Dim d = i < dims.size() ? dims.get(i) : new Dim(0, "", false);
            long v = d.known() ? d.value() : 0;
            if (v < 0 || v > options.maxElements()) {
                throw fail("graph input '" + sequence.name() + "'", "dimension " + v + " is not a usable size");
            }
            if (roles[i] == Role.TIME) {
                seqLen = (int) v;
            } else if (roles[i] == Role.BATCH) {
                batch = (int) v;
            } else if (d.known() && v != named.get(0).inputSize()) {
                throw fail("graph input '" + sequence.name() + "'", "declares " + v + " features but the first layer"
                        + " expects " + named.get(0).inputSize());
            }
        }
        List<Axis> outAxes = new ArrayList<>();
        for (Ax a : flow.axes()) {
            outAxes.add(switch (a.role()) {
                case TIME -> Axis.TIME;
                case LAST_TIME, UNIT -> Axis.UNIT;
                case BATCH -> Axis.BATCH;
                case FEATURE -> Axis.FEATURE;
                case DIRECTION -> a.dim() > 1 ? Axis.DIRECTION : Axis.UNIT;
            });
        }
        try {
            SequenceInput input = new SequenceInput(sequence.name(), named.get(0).inputSize(), seqLen, batch, inAxes);
            return new Network(networkName, input, named, new NetworkOutput(output.name(), outAxes));
        } catch (IllegalArgumentException e) {
            throw fail(where, e.getMessage());
        }
    }

    private static Layer rename(Layer l, Map<String, Integer> counters) {
        String kind;
        if (l instanceof LstmLayer) {
            kind = "lstm";
        } else if (l instanceof FullyConnectedLayer) {
            kind = "fc";
        } else if (l instanceof ActivationLayer a) {
            kind = a.activation().name().toLowerCase(java.util.Locale.ROOT);
        } else {
            kind = "softmax";
        }
        String name = kind + "_" + counters.merge(kind, 1, Integer::sum);
        if (l instanceof LstmLayer x) {
            return new LstmLayer(name, x.origin(), x.direction(), x.outputMode(), x.directions());
        } else if (l instanceof FullyConnectedLayer x) {
            return new FullyConnectedLayer(name, x.origin(), x.weights(), x.bias());
        } else if (l instanceof ActivationLayer x) {
            return new ActivationLayer(name, x.origin(), x.size(), x.activation());
        }
        SoftmaxLayer x = (SoftmaxLayer) l;
        return new SoftmaxLayer(name, x.origin(), x.size(), x.logarithmic());
    }
}
