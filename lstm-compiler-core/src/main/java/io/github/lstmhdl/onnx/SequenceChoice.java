package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import io.github.lstmhdl.onnx.OnnxProto.ValueInfo;
import io.github.lstmhdl.source.ImportOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the graph input that stays open until run time as the sequence input: the first graph input
 * the output needs that has no value (no initializer, no binding) and that no recurrent op reads as a weight.
 * Every other open input is rejected with a message that says how to bind it.
 */
final class SequenceChoice {
    /**
     * How a user binds a graph input to a constant: the CLI's {@code --bind} and the Java API (the Maven
     * plugin has no binding parameter). Messages name both, because CLI users see them too.
     */
    static final String BIND_INPUT = "CLI: --bind NAME=FILE.pb|FILE.npy; Java API: ImportOptions.withBindings";

    private final String file;
    private final GraphIndex index;
    private final ImportOptions options;
    private final List<ValueInfo> stateInputs = new ArrayList<>();

    SequenceChoice(String file, GraphIndex index, ImportOptions options) {
        this.file = file;
        this.index = index;
        this.options = options;
    }

    private InvalidNetworkException fail(String location, String reason) {
        return new InvalidNetworkException(file, location, reason);
    }

    /** The sequence input of the graph {@code graphInputs} whose {@code output} needs the nodes {@code order}. */
    ValueInfo choose(List<ValueInfo> graphInputs, String output, List<Node> order) throws InvalidNetworkException {
        // Graph inputs the output depends on that have no value yet.
        Set<String> used = new HashSet<>();
        used.add(output);
        for (Node n : order) {
            used.addAll(n.inputs());
        }
        List<ValueInfo> open = new ArrayList<>();
        for (ValueInfo v : graphInputs) {
            if (used.contains(v.name()) && !index.initializers.containsKey(v.name())
                    && !options.bindings().containsKey(v.name())) {
                open.add(v);
            }
        }
        return choose(open, order);
    }

    private ValueInfo choose(List<ValueInfo> open, List<Node> order) throws InvalidNetworkException {
        if (open.isEmpty()) {
            throw fail("graph", "the output does not depend on any graph input");
        }
        Map<String, String> weightUse = new HashMap<>();
        for (Node n : order) {
            for (int i = 1; i < n.inputs().size(); i++) {
                if (!n.inputs().get(i).isEmpty()) {
                    weightUse.putIfAbsent(n.inputs().get(i), "input " + i + " of " + Nodes.at(n));
                }
            }
        }
        // the tensors that some recurrent op reads other than as X, found once rather than per open input
        Set<String> lstmOperands = new HashSet<>();
        for (Node n : order) {
            if (RecurrentTranslator.is(n.opType())) {
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
            if (RecurrentTranslator.is(n.opType()) && n.inputs().size() > RecurrentTranslator.SEQUENCE_LENS) {
                lensReaders.putIfAbsent(n.inputs().get(RecurrentTranslator.SEQUENCE_LENS), n);
            }
        }
        for (ValueInfo v : open) {
            if (v != sequence && lensReaders.containsKey(v.name())) {
                rejectRunTimeSequenceLens(v, lensReaders.get(v.name()));
            }
        }
        for (ValueInfo v : open) {
            if (v != sequence && carriesState(v, order)) {
                stateInputs.add(v);
            } else if (v != sequence) {
                throw fail("graph input '" + v.name() + "'", "graph input '" + v.name() + "' needs a value: it is "
                        + weightUse.getOrDefault(v.name(), "used") + "; only the sequence '" + sequence.name()
                        + "' may stay a run-time input, bind the others (" + BIND_INPUT + ")");
            }
        }
        return sequence;
    }

    /**
     * The open graph inputs besides the sequence that {@link #choose} took for state inputs, in the
     * graph's order.
     */
    List<ValueInfo> stateInputs() {
        return List.copyOf(stateInputs);
    }

    /**
     * Whether an open graph input may carry recurrent state (docs/formats.md, "State ports"): every node
     * that reads it reads it as its input 0 (data movement towards a recurrent node), as a part of a
     * Concat, or as a recurrent node's initial_h or initial_c. {@link StatePlumbing} checks the rest.
     */
    private static boolean carriesState(ValueInfo v, List<Node> order) {
        for (Node n : order) {
            for (int i = 1; i < n.inputs().size(); i++) {
                if (n.inputs().get(i).equals(v.name()) && !n.opType().equals("Concat")
                        && !(RecurrentTranslator.is(n.opType()) && (i == RecurrentTranslator.INITIAL_H
                        || i == RecurrentTranslator.INITIAL_H + 1))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * An open graph input that an LSTM ({@code n}, the first in order) reads as sequence_lens (input 4) would give each sequence of the
     * batch its own length at run time, which the processor does not support: say so rather than ask
     * for a value.
     */
    private void rejectRunTimeSequenceLens(ValueInfo v, Node n) throws InvalidNetworkException {
        throw fail(Nodes.at(n), "input 4 (sequence_lens) is the graph input '" + v.name() + "', which stays open"
                + " until run time: variable sequence_lens is not supported. Leave sequence_lens out, or"
                + " bind it to a constant equal to the sequence length for every batch entry ("
                + BIND_INPUT + ")");
    }
}
