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
         * Handled: {@code folding} evaluates it when all its inputs are constant (null: it cannot be);
         * {@code translator} translates it on the dynamic path (null: not on the dynamic path);
         * {@code flowInputs}: which inputs may depend on the sequence input.
         */
        record Handled(ConstantOp folding, OpTranslator translator, FlowInputs flowInputs) implements Support {
        }

        /**
         * Rejected before anything is evaluated, with {@code reason}; a graph with several rejected ops
         * reports the one of the lowest {@code precedence} (then the first in file order).
         */
        record Rejected(int precedence, String reason) implements Support {
        }
    }

    /** Which inputs of an op may lie on the dynamic path. */
    enum FlowInputs {
        /** Input 0 only. */
        FIRST,
        /** Input 0 or input 1, not both (a commutative op: Add). */
        EITHER,
        /** Any number of them (Concat, which puts the directions of a bidirectional layer back together). */
        ANY
    }

    private static final Map<String, Support> TABLE = new LinkedHashMap<>();

    /** The control-flow ops, rejected: recurrent layers must be LSTM/GRU nodes. */
    private static final List<String> CONTROL_FLOW = List.of("Loop", "Scan", "If");

    /** Folded on constants only. */
    private static void folded(String type, ConstantOp folding) {
        TABLE.put(type, new Support.Handled(folding, null, FlowInputs.FIRST));
    }

    /** Translated on the dynamic path only. */
    private static void translated(String type, OpTranslator translator) {
        TABLE.put(type, new Support.Handled(null, translator, FlowInputs.FIRST));
    }

    /** Folded on constants, translated on the dynamic path. */
    private static void both(String type, ConstantOp folding, OpTranslator translator) {
        TABLE.put(type, new Support.Handled(folding, translator, FlowInputs.FIRST));
    }

    private static void rejected(String type, int precedence, String reason) {
        TABLE.put(type, new Support.Rejected(precedence, reason));
    }

    private static ConstantOp arithmetic(String op) {
        return (f, c, in) -> Elementwise.arithmetic(f.shapes(), c, op, c.req(in, 0), c.req(in, 1));
    }

    static {
        ConstantOp first = (f, c, in) -> c.req(in, 0);
        folded("Constant", (f, c, in) -> ConstantSources.constant(f.decoder(), c));
        folded("ConstantOfShape", (f, c, in) -> ConstantSources.constantOfShape(f.decoder(), c, c.req(in, 0)));
        TABLE.put("Concat", new Support.Handled((f, c, in) -> DataMovement.concat(f.shapes(), c, in),
                DirectionParts.CONCAT, FlowInputs.ANY));
        folded("Expand", (f, c, in) -> DataMovement.expand(f.decoder(), f.shapes(), c, c.req(in, 0), c.req(in, 1)));
        folded("Mul", arithmetic("Mul"));
        folded("Sub", arithmetic("Sub"));
        folded("Div", arithmetic("Div"));
        both("Identity", first, DataPathOps.PASS);
        both("Dropout", first, DataPathOps.PASS);
        both("Cast", (f, c, in) -> Elementwise.cast(c, c.req(in, 0)), DataPathOps.CAST);
        both("Shape", (f, c, in) -> ShapeArithmetic.shapeOf(c, c.req(in, 0).shape()), DataPathOps.SHAPE);
        both("Size", (f, c, in) -> Constant.ofLongs(new long[] {c.req(in, 0).size()}), DataPathOps.SIZE);
        both("Transpose", (f, c, in) -> DataMovement.transpose(c, c.req(in, 0), c.ints("perm")), AxisOps.TRANSPOSE);
        both("Squeeze", (f, c, in) -> ShapeFolding.squeeze(c, c.req(in, 0), f.shapes().axes(c, in, 1)),
                AxisOps.SQUEEZE);
        both("Unsqueeze", (f, c, in) -> ShapeFolding.unsqueeze(c, c.req(in, 0), f.shapes().axes(c, in, 1)),
                AxisOps.UNSQUEEZE);
        both("Reshape", (f, c, in) -> ShapeFolding.reshape(f.shapes(), c, in), AxisOps.RESHAPE);
        both("Flatten", (f, c, in) -> ShapeFolding.flatten(c, c.req(in, 0)), AxisOps.FLATTEN);
        both("Slice", (f, c, in) -> DataMovement.slice(f.shapes(), c, in), DirectionParts.orElse(TimeSelection.SLICE));
        both("Gather", (f, c, in) -> DataMovement.gather(f.shapes(), c, c.req(in, 0), c.req(in, 1)),
                DirectionParts.orElse(TimeSelection.GATHER));
        for (String t : List.of("ReduceProd", "ReduceSum", "ReduceMin", "ReduceMax")) {
            folded(t, (f, c, in) -> Reductions.reduce(f.shapes(), c, t, in));
        }
        TABLE.put("Add", new Support.Handled(arithmetic("Add"), DenseOps.ADD, FlowInputs.EITHER));
        translated("LSTM", new LstmTranslator());
        translated("GRU", new GruTranslator());
        translated("Gemm", DenseOps.GEMM);
        translated("MatMul", DenseOps.MATMUL);
        translated("Relu", ActivationOps.activation(Activation.RELU));
        translated("Sigmoid", ActivationOps.activation(Activation.SIGMOID));
        translated("Tanh", ActivationOps.activation(Activation.TANH));
        translated("Elu", ActivationOps.ELU);
        translated("LeakyRelu", ActivationOps.LEAKY_RELU);
        translated("PRelu", ActivationOps.PRELU);
        translated("Gelu", ActivationOps.GELU);
        translated("LayerNormalization", NormOps.LAYER_NORM);
        translated("Softmax", ActivationOps.SOFTMAX);
        translated("Conv", ConvolutionOps.CONV);
        translated("Pad", ConvolutionOps.PAD);
        translated("AveragePool", ConvolutionOps.AVERAGE_POOL);
        translated("BatchNormalization", NormalizationOps.BATCH_NORMALIZATION);
        translated("MaxPool", ConvolutionOps.MAX_POOL);
        translated("LogSoftmax", ActivationOps.SOFTMAX);
        for (String t : CONTROL_FLOW) {
            rejected(t, 0, "op " + t + " is not supported: recurrent layers must be exported as ONNX LSTM/GRU"
                    + " nodes, not as " + t + " control flow");
        }
        rejected("RNN", 1, "op RNN is not supported yet (only LSTM and GRU are)");
        rejected("Multinomial", 0, "op Multinomial is not supported: it samples at random (onnxruntime returns"
                + " different values for the same input), so no processor output can match it; compile the"
                + " outputs before it (--output-name NAME)");
    }

    private static final int PRECEDENCES = 2;

    private OpTable() {
    }

    /** Whether {@code name} is an op type the table knows (an exporter's node name derived from it is no layer name). */
    static boolean isOpType(String name) {
        return TABLE.containsKey(name);
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
        check(file, order, order);
    }

    /**
     * {@link #check(String, List)}, where a needed control-flow node (Loop, Scan, If) is reported as the
     * first control-flow node of the whole graph ({@code all}): its bodies may read any outer value, so
     * an earlier Loop whose result only a later Loop's body reads (tf2onnx's stacked Keras LSTMs) is not
     * among the needed nodes, and the message should name the first.
     */
    static void check(String file, List<Node> order, List<Node> all) throws InvalidNetworkException {
        if (order.stream().anyMatch(n -> CONTROL_FLOW.contains(n.opType()))) {
            Node first = all.stream().filter(n -> CONTROL_FLOW.contains(n.opType()))
                    .min((a, b) -> Integer.compare(a.index(), b.index())).orElseThrow();
            throw new InvalidNetworkException(file, Nodes.at(first), ((Support.Rejected) TABLE.get(first.opType()))
                    .reason());
        }
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
            String problem = n.opType().equals("Conv") ? ConvolutionOps.precheck(n) : null;
            if (problem != null) {
                throw new InvalidNetworkException(file, Nodes.at(n), problem);
            }
            boolean defaultDomain = n.domain().isEmpty() || n.domain().equals("ai.onnx");
            if (!defaultDomain || !(TABLE.get(n.opType()) instanceof Support.Handled)) {
                throw new InvalidNetworkException(file, Nodes.at(n),
                        "op " + (defaultDomain ? "" : n.domain() + ".") + n.opType() + " is not supported");
            }
        }
    }
}
