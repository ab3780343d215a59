package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import java.util.List;

/**
 * Evaluates a node whose inputs are all {@link Constant}s by the {@link ConstantOp} the {@link OpTable}
 * gives its op: the shape arithmetic and weight rearranging that exporters leave in graphs. Every
 * result size is checked against the element limit, and every result and index table is charged to the
 * import's {@link ConstantBudget}, before it is allocated.
 */
final class ConstantFolder {
    private final String file;
    private final TensorDecoder decoder;
    private final ConstantBudget budget;
    private final ShapeArithmetic shapes;

    ConstantFolder(String file, TensorDecoder decoder, ShapeArithmetic shapes) {
        this.file = file;
        this.decoder = decoder;
        this.budget = decoder.budget();
        this.shapes = shapes;
    }

    /**
     * Evaluates {@code node}, whose op the {@link OpTable} folds; {@code in} holds its inputs (null for
     * an omitted optional input).
     */
    Constant fold(Node node, ConstantOp op, List<Constant> in) throws InvalidNetworkException {
        return op.fold(this, new NodeContext(file, node, budget), in);
    }

    /** Decodes tensors held in attributes (Constant, ConstantOfShape) and shape values. */
    TensorDecoder decoder() {
        return decoder;
    }

    ShapeArithmetic shapes() {
        return shapes;
    }
}
