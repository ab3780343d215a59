package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one table of op support: for every ONNX op type the importer knows, whether it is folded (when
 * all its inputs are constant), translated (when input 0 lies on the dynamic path), or rejected, and
 * with which message. An op type that is not in the table, or in another domain than the default one,
 * is rejected as not supported.
 */
final class OpTable {

    /** What the importer does with one op type. */
    sealed interface Support {
        /** Handled: folded on constants and/or translated on the dynamic path. */
        record Handled(boolean folded, boolean translated) implements Support {
        }

        /**
         * Rejected before anything is evaluated, with {@code reason}; a graph with several rejected ops
         * reports the one of the lowest {@code precedence} (then the first in file order).
         */
        record Rejected(int precedence, String reason) implements Support {
        }
    }

    private static final Map<String, Support> TABLE = new LinkedHashMap<>();

    private static void folded(String... types) {
        for (String t : types) {
            TABLE.put(t, new Support.Handled(true, false));
        }
    }

    private static void translated(String... types) {
        for (String t : types) {
            TABLE.put(t, new Support.Handled(false, true));
        }
    }

    private static void both(String... types) {
        for (String t : types) {
            TABLE.put(t, new Support.Handled(true, true));
        }
    }

    static {
        folded("Constant", "Concat", "ConstantOfShape", "Expand", "Mul", "Sub", "Div");
        both("Shape", "Size", "Gather", "Unsqueeze", "Squeeze", "Slice", "Cast", "Reshape", "Flatten", "Transpose",
                "Identity", "Dropout", "Add");
        translated("LSTM", "Gemm", "MatMul", "Relu", "Sigmoid", "Tanh", "Softmax", "LogSoftmax");
        for (String t : List.of("Loop", "Scan", "If")) {
            TABLE.put(t, new Support.Rejected(0, "op " + t + " is not supported: recurrent layers must be exported"
                    + " as ONNX LSTM/GRU nodes, not as " + t + " control flow"));
        }
        for (String t : List.of("GRU", "RNN")) {
            TABLE.put(t, new Support.Rejected(1, "op " + t + " is not supported yet (only LSTM is)"));
        }
    }

    private static final int PRECEDENCES = 2;

    private OpTable() {
    }

    /** How the importer treats {@code opType} of the default domain, or null when it does not know it. */
    static Support support(String opType) {
        return TABLE.get(opType);
    }

    /**
     * Rejects the first node of {@code order} (by file order, the most telling rejection first) whose
     * op the importer does not handle.
     */
    static void check(String file, List<Node> order) throws InvalidNetworkException {
        List<Node> byFile = new ArrayList<>(order);
        byFile.sort((a, b) -> Integer.compare(a.index(), b.index()));
        for (int precedence = 0; precedence < PRECEDENCES; precedence++) {
            for (Node n : byFile) {
                if (TABLE.get(n.opType()) instanceof Support.Rejected r && r.precedence() == precedence) {
                    throw new InvalidNetworkException(file, Nodes.at(n), r.reason());
                }
            }
        }
        for (Node n : byFile) {
            boolean defaultDomain = n.domain().isEmpty() || n.domain().equals("ai.onnx");
            if (!defaultDomain || !(TABLE.get(n.opType()) instanceof Support.Handled)) {
                throw new InvalidNetworkException(file, Nodes.at(n),
                        "op " + (defaultDomain ? "" : n.domain() + ".") + n.opType() + " is not supported");
            }
        }
    }
}
