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


    private static String at(Node n) {
        return Nodes.at(n);
    }

    private InvalidNetworkException fail(String location, String reason) {
        return new InvalidNetworkException(file, location, reason);
    }

    Network translate() throws InvalidNetworkException {
        ValueInfo output = OutputChoice.choose(file, graph.outputs(), options);
        GraphIndex index = new GraphIndex(file, graph, options);
        List<Node> order = index.neededNodes(output.name());
        OpTable.check(file, order);
        ValueInfo sequence = new SequenceChoice(file, index, options).choose(graph.inputs(), output.name(), order);

        ValueTable values = new ValueTable();
        ValueResolver resolver = new ValueResolver(file, index, options, decoder, values);
        Role[] roles = new AxisRoles(file, folder, lstm).inputRoles(sequence, order);
        Flow start = AxisRoles.startFlow(sequence, roles);
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
            List<Value> in = new ArrayList<>();
            for (String name : n.inputs()) {
                in.add(name.isEmpty() ? null : resolver.resolve(name, n));
            }
            release(n, i, lastUse, output.name(), values);
            boolean dynamic = in.stream().anyMatch(v -> v instanceof Flow);
            if (!dynamic) {
                if (n.opType().equals("LSTM")) {
                    throw fail(at(n), "the LSTM's input X does not depend on the sequence input");
                }
                Constant result = folder.fold(n, constants(in));
                if (!n.outputs().isEmpty()) {
                    values.put(n.outputs().get(0), result);
                }
            } else {
                translateDynamic(n, in, values);
            }
        }
        Value result = values.get(output.name());
        if (result == null) {
            result = resolver.resolve(output.name(), null);
        }
        if (!(result instanceof Flow flow)) {
            throw fail("output '" + output.name() + "'", "the output does not depend on the sequence input");
        }
        return new NetworkAssembler(file, networkName, options.maxElements()).build(sequence, roles, flow, output);
    }


    /** Forgets the constants that node {@code i} (whose inputs are already fetched) reads last. */
    private static void release(Node n, int i, Map<String, Integer> lastUse, String output, ValueTable values) {
        for (String name : n.inputs()) {
            if (lastUse.get(name) == i && !name.equals(output) && values.get(name) instanceof Constant) {
                values.remove(name);
            }
        }
    }



    // ---------------------------------------------------------------------------------------------
    // Dynamic nodes

    private void translateDynamic(Node n, List<Value> in, ValueTable values) throws InvalidNetworkException {
        Ctx c = folder.ctx(n);
        Value first = in.isEmpty() ? null : in.get(0);
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

    private static void put(Node n, ValueTable values, Value v) {
        if (!n.outputs().isEmpty() && !n.outputs().get(0).isEmpty()) {
            values.put(n.outputs().get(0), v);
        }
    }

    private static List<Constant> constants(List<Value> in) {
        List<Constant> cs = new ArrayList<>();
        for (Value o : in) {
            cs.add(o instanceof Constant c ? c : null);
        }
        return cs;
    }

    private Constant constant(Ctx c, List<Value> in, int i, String what) throws InvalidNetworkException {
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

    private Flow slice(Ctx c, Flow x, List<Value> in) throws InvalidNetworkException {
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

    private void lstmNode(Node n, Flow x, List<Value> in, ValueTable values) throws InvalidNetworkException {
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
    private void chargeCopy(Ctx c, List<Value> in, int i, ValueTable values, long elements, String what)
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

    private Flow gemm(Ctx c, Flow x, List<Value> in, ValueTable values) throws InvalidNetworkException {
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


}
