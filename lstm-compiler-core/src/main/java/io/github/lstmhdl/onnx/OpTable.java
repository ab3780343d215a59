package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.Activation;
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
        /**
         * Handled: {@code folded} says whether the {@link ConstantFolder} evaluates it on constants;
         * {@code translator} translates it on the dynamic path (null: not on the dynamic path);
         * {@code commutative}: the flow may come in at input 1 instead of 0 (Add).
         */
        record Handled(boolean folded, OpTranslator translator, boolean commutative) implements Support {
        }

        /**
         * Rejected before anything is evaluated, with {@code reason}; a graph with several rejected ops
         * reports the one of the lowest {@code precedence} (then the first in file order).
         */
        record Rejected(int precedence, String reason) implements Support {
        }
    }

    private static final Map<String, Support> TABLE = new LinkedHashMap<>();

    /** Folded on constants only. */
    private static void folded(String type) {
        TABLE.put(type, new Support.Handled(true, null, false));
    }

    /** Translated on the dynamic path only. */
    private static void translated(String type, OpTranslator translator) {
        TABLE.put(type, new Support.Handled(false, translator, false));
    }

    /** Folded on constants, translated on the dynamic path. */
    private static void both(String type, OpTranslator translator) {
        TABLE.put(type, new Support.Handled(true, translator, false));
    }

    private static void rejected(String type, int precedence, String reason) {
        TABLE.put(type, new Support.Rejected(precedence, reason));
    }

    static {
        for (String t : List.of("Constant", "Concat", "ConstantOfShape", "Expand", "Mul", "Sub", "Div")) {
            folded(t);
        }
        both("Identity", DataPathOps.PASS);
        both("Dropout", DataPathOps.PASS);
        both("Cast", DataPathOps.CAST);
        both("Shape", DataPathOps.SHAPE);
        both("Size", DataPathOps.SIZE);
        both("Transpose", AxisOps.TRANSPOSE);
        both("Squeeze", AxisOps.SQUEEZE);
        both("Unsqueeze", AxisOps.UNSQUEEZE);
        both("Reshape", AxisOps.RESHAPE);
        both("Flatten", AxisOps.FLATTEN);
        both("Slice", TimeSelection.SLICE);
        both("Gather", TimeSelection.GATHER);
        TABLE.put("Add", new Support.Handled(true, DenseOps.ADD, true));
        translated("LSTM", new LstmTranslator());
        translated("Gemm", DenseOps.GEMM);
        translated("MatMul", DenseOps.MATMUL);
        translated("Relu", ActivationOps.activation(Activation.RELU));
        translated("Sigmoid", ActivationOps.activation(Activation.SIGMOID));
        translated("Tanh", ActivationOps.activation(Activation.TANH));
        translated("Softmax", ActivationOps.SOFTMAX);
        translated("LogSoftmax", ActivationOps.SOFTMAX);
        for (String t : List.of("Loop", "Scan", "If")) {
            rejected(t, 0, "op " + t + " is not supported: recurrent layers must be exported as ONNX LSTM/GRU"
                    + " nodes, not as " + t + " control flow");
        }
        for (String t : List.of("GRU", "RNN")) {
            rejected(t, 1, "op " + t + " is not supported yet (only LSTM is)");
        }
    }

    private static final int PRECEDENCES = 2;

    private OpTable() {
    }

    /**
     * How the importer treats {@code opType}, which {@link #check} has accepted: always a
     * {@link Support.Handled}.
     */
    static Support.Handled handled(String opType) {
        return (Support.Handled) TABLE.get(opType);
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
