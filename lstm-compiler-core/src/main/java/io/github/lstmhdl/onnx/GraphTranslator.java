package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.LayerOutput;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.RecurrentLayer;
import io.github.lstmhdl.ir.StateKind;
import io.github.lstmhdl.onnx.Flow.Role;
import io.github.lstmhdl.onnx.OnnxProto.Graph;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import io.github.lstmhdl.onnx.OnnxProto.ValueInfo;
import io.github.lstmhdl.source.ImportOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Translates a decoded ONNX graph into a {@link Network}: drives the parts in order (choose the output,
 * index the graph and order the nodes it needs, check their ops against the {@link OpTable}, choose the
 * sequence input and its axis roles) and walks the nodes once, folding each node whose inputs are all
 * constant ({@link ConstantFolder}) and handing each node on the dynamic path to its op's
 * {@link OpTranslator}; the {@link NetworkAssembler} makes the network from the flow at the output.
 */
final class GraphTranslator {

    private final String file;
    private final String networkName;
    private final Graph graph;
    private final ImportOptions options;
    private final TensorDecoder decoder;
    private final ConstantFolder folder;
    private final DynamicNode.Services services;
    private final StatePlumbing plumbing;

    GraphTranslator(String file, String networkName, Graph graph, long opset, ImportOptions options,
            TensorDecoder decoder) {
        this.file = file;
        this.networkName = networkName;
        this.graph = graph;
        this.options = options;
        this.decoder = decoder;
        ShapeArithmetic shapes = new ShapeArithmetic(opset, options.maxElements());
        this.folder = new ConstantFolder(file, decoder, shapes);
        LstmConverter lstm = new LstmConverter(file, options.maxElements(), decoder.budget());
        this.plumbing = new StatePlumbing(file);
        this.services = new DynamicNode.Services(shapes, lstm, decoder.budget(), opset, options.maxElements(),
                plumbing);
    }

    private static String at(Node n) {
        return Nodes.at(n);
    }

    private InvalidNetworkException fail(String location, String reason) {
        return new InvalidNetworkException(file, location, reason);
    }

    Network translate() throws InvalidNetworkException {
        List<ValueInfo> outputs = OutputChoice.chooseAll(file, graph.outputs(), options);
        ValueInfo output = outputs.size() == 1 ? OutputChoice.choose(file, graph.outputs(), options) : outputs.get(0);
        List<String> outputNames = outputs.stream().map(ValueInfo::name).toList();
        GraphIndex index = new GraphIndex(file, graph, options);
        // decomposed ops recognised as wholes before anything is checked (docs/formats.md)
        Set<String> graphOutputs = graph.outputs().stream().map(ValueInfo::name).collect(Collectors.toSet());
        List<Node> order = GeluPattern.fuse(LayerNormPattern.fuse(index.neededNodes(outputNames), graphOutputs),
                graphOutputs);
        OpTable.check(file, order, graph.nodes());
        SequenceChoice choice = new SequenceChoice(file, index, options);
        ValueInfo sequence = choice.choose(graph.inputs(), output.name(), order);
        // final states that only state outputs need (several outputs): codes, not layers (StatePlumbing)
        Set<String> stateOnly = outputs.size() == 1 ? Set.of() : StatePlumbing.movementOnly(order, outputNames);

        ValueTable values = new ValueTable();
        ValueResolver resolver = new ValueResolver(file, index, options, decoder, values);
        Role[] roles = new AxisRoles(file, services).inputRoles(sequence, order);
        Flow start = AxisRoles.startFlow(sequence, roles);
        values.put(sequence.name(), start);
        for (ValueInfo state : choice.stateInputs()) {
            values.put(state.name(), plumbing.input(state));
        }

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
            boolean state = in.stream().anyMatch(v -> v instanceof StateTensor);
            if (state && !dynamic) {
                Value moved = plumbing.move(folder, n, OpTable.handled(n.opType()), in);
                values.put(n.outputs().get(0), moved);
            } else if (!dynamic) {
                OpTable.Support.Handled op = OpTable.handled(n.opType());
                if (op.folding() == null) {
                    throw fail(at(n), op.translator().constantInputsReason(n));
                }
                Constant result = folder.fold(n, op.folding(), Value.constants(in));
                if (!n.outputs().isEmpty()) {
                    values.put(n.outputs().get(0), result);
                }
            } else {
                translateDynamic(n, in, values);
                finalStates(n, stateOnly, values);
            }
        }
        if (outputs.size() > 1) {
            return several(outputs, sequence, roles, values, resolver);
        }
        Value result = values.get(output.name());
        if (result == null) {
            result = resolver.resolve(output.name(), null);
        }
        if (!(result instanceof Flow flow)) {
            throw fail("output '" + output.name() + "'", "the output does not depend on the sequence input");
        }
        if (flow.part() != null) {
            throw fail("output '" + output.name() + "'", DirectionParts.alone(flow));
        }
        Network network = new NetworkAssembler(file, networkName, options.maxElements(), options.positionalLayerNames()).build(sequence, roles, flow,
                output);
        return plumbing.withPorts(network, graph.inputs(), Map.of(), List.of());
    }

    /**
     * The network of several graph outputs: the one on the data path is the main output, the others
     * must be state outputs; a constant output is left out (it does not depend on any input).
     */
    private Network several(List<ValueInfo> outputs, ValueInfo sequence, Role[] roles, ValueTable values,
            ValueResolver resolver) throws InvalidNetworkException {
        ValueInfo main = null;
        Flow mainFlow = null;
        Map<String, StateTensor> states = new LinkedHashMap<>();
        Map<ValueInfo, Flow> flows = new LinkedHashMap<>();
        for (ValueInfo v : outputs) {
            Value result = values.get(v.name());
            if (result == null) {
                result = resolver.resolve(v.name(), null);
            }
            if (result instanceof Flow flow) {
                if (flow.part() != null) {
                    throw fail("output '" + v.name() + "'", DirectionParts.alone(flow));
                }
                flows.put(v, flow);
                if (main == null || flow.layers().toList().size() > mainFlow.layers().toList().size()) {
                    main = v;
                    mainFlow = flow;
                }
            } else if (result instanceof StateTensor s) {
                states.put(v.name(), s);
            } else if (options.outputName().isPresent()) {
                throw fail("output '" + v.name() + "'", "the output is a constant (it depends on no graph input);"
                        + " leave it out of --output-name");
            }
        }
        if (main == null) {
            throw fail("graph", "none of the outputs " + outputs.stream().map(ValueInfo::name).toList()
                    + " depends on the sequence input's data path (a main output is needed)");
        }
        List<Layer> chain = mainFlow.layers().toList();
        List<LayerOutput> earlier = new ArrayList<>();
        for (Map.Entry<ValueInfo, Flow> e : flows.entrySet()) {
            if (e.getKey() != main) {
                earlier.add(earlierLayerOutput(e.getKey(), e.getValue(), main, chain));
            }
        }
        Network network = new NetworkAssembler(file, networkName, options.maxElements(), options.positionalLayerNames()).build(sequence, roles,
                mainFlow, main);
        return plumbing.withPorts(network, graph.inputs(), states, earlier);
    }

    /**
     * A second output on the data path: it must be what a layer before the last of the main output's chain
     * hands on (its layers a proper prefix of the main output's).
     */
    private LayerOutput earlierLayerOutput(ValueInfo v, Flow flow, ValueInfo main, List<Layer> chain)
            throws InvalidNetworkException {
        List<Layer> own = flow.layers().toList();
        boolean prefix = !own.isEmpty() && own.size() < chain.size();
        for (int i = 0; prefix && i < own.size(); i++) {
            prefix = own.get(i) == chain.get(i); // the very layers of the main output's chain
        }
        if (!prefix) {
            throw fail("output '" + v.name() + "'", "both '" + main.name() + "' and '" + v.name()
                    + "' depend on the sequence input's data path, and '" + v.name() + "' is not the output of a layer"
                    + " on the way to '" + main.name() + "'; one chain of layers is supported, the other outputs must"
                    + " be outputs of its earlier layers or recurrent states (choose with --output-name NAME[,NAME...])");
        }
        return new LayerOutput(v.name(), own.size() - 1, NetworkAssembler.outputAxes(flow));
    }

    /**
     * After a recurrent node: its final states (Y_h, and Y_c of an LSTM) that only state outputs need
     * become state tensors of codes in place of layers.
     */
    private void finalStates(Node n, Set<String> stateOnly, ValueTable values) {
        if (!RecurrentTranslator.is(n.opType())) {
            return;
        }
        for (int o = 1; o < Math.min(3, n.outputs().size()); o++) {
            String name = n.outputs().get(o);
            if (stateOnly.contains(name) && values.get(name) instanceof Flow f) {
                RecurrentLayer layer = (RecurrentLayer) f.layers().toList().get(f.layers().toList().size() - 1);
                values.put(name, plumbing.finalState(n, o == 1 ? StateKind.HIDDEN : StateKind.CELL,
                        layer.direction().count(), layer.hiddenSize()));
            }
        }
    }

    /** Forgets the constants that node {@code i} (whose inputs are already fetched) reads last. */
    private static void release(Node n, int i, Map<String, Integer> lastUse, String output, ValueTable values) {
        for (String name : n.inputs()) {
            if (lastUse.get(name) == i && !name.equals(output) && values.get(name) instanceof Constant) {
                values.remove(name);
            }
        }
    }

    /**
     * Translates node {@code n}, some input of which is a {@link Flow}: only input 0 (or input 1 of a
     * commutative op) may be; the op's translator in the {@link OpTable} does the rest.
     */
    private void translateDynamic(Node n, List<Value> in, ValueTable values) throws InvalidNetworkException {
        OpTable.Support.Handled op = OpTable.handled(n.opType());
        for (int i = 0; i < in.size() && !RecurrentTranslator.is(n.opType()); i++) {
            if (in.get(i) instanceof StateTensor) {
                throw fail(at(n), "input " + i + " ('" + n.inputs().get(i) + "') is recurrent state from a state port"
                        + " and meets the sequence input's data path; only a recurrent node's initial_h and"
                        + " initial_c may read it");
            }
        }
        Value first = in.isEmpty() ? null : in.get(0);
        boolean either = op.flowInputs() == OpTable.FlowInputs.EITHER;
        if (op.flowInputs() != OpTable.FlowInputs.ANY) {
            for (int i = 1; i < in.size(); i++) {
                if (in.get(i) instanceof Flow && !(either && i == 1 && !(first instanceof Flow))) {
                    throw fail(at(n), "input " + i + " ('" + n.inputs().get(i) + "') depends on the sequence input;"
                            + " only input 0 may (two dynamic operands are not supported)");
                }
            }
        }
        int flowInput = 0;
        if (!(first instanceof Flow)) {
            if (!(either && in.size() == 2 && in.get(1) instanceof Flow)) {
                throw fail(at(n), "only input 0 may depend on the sequence input");
            }
            flowInput = 1;
        }
        if (op.translator() == null) {
            throw fail(at(n), "op " + n.opType() + " is not supported on the data path");
        }
        Flow x = (Flow) in.get(flowInput);
        if (x.part() != null && !op.translator().takesDirectionParts()) {
            throw fail(at(n), DirectionParts.alone(x));
        }
        op.translator().translate(new DynamicNode(new NodeContext(file, n, decoder.budget()), x, flowInput, in, values,
                services));
    }
}
