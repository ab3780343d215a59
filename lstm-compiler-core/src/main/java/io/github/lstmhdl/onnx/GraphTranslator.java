package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.onnx.Flow.Role;
import io.github.lstmhdl.onnx.OnnxProto.Graph;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import io.github.lstmhdl.onnx.OnnxProto.ValueInfo;
import io.github.lstmhdl.source.ImportOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        this.services = new DynamicNode.Services(shapes, lstm, decoder.budget(), opset, options.maxElements());
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
        Role[] roles = new AxisRoles(file, services).inputRoles(sequence, order);
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
            }
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

    /**
     * Translates node {@code n}, some input of which is a {@link Flow}: only input 0 (or input 1 of a
     * commutative op) may be; the op's translator in the {@link OpTable} does the rest.
     */
    private void translateDynamic(Node n, List<Value> in, ValueTable values) throws InvalidNetworkException {
        OpTable.Support.Handled op = OpTable.handled(n.opType());
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
