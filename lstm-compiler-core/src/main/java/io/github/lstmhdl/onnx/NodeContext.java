package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.onnx.OnnxProto.Attribute;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import java.util.List;

/**
 * One node as the code that folds or translates it sees it: its attributes, its required inputs,
 * errors located at it, and the charging of what it allocates to the import's {@link ConstantBudget}.
 */
final class NodeContext {
    final Node node;
    private final String file;
    private final ConstantBudget budget;

    NodeContext(String file, Node node, ConstantBudget budget) {
        this.file = file;
        this.node = node;
        this.budget = budget;
    }

    InvalidNetworkException fail(String reason) {
        return new InvalidNetworkException(file, where(), reason);
    }

    String where() {
        return "node '" + node.label() + "' (" + node.opType() + ")";
    }

    /** Charges a result of {@code elements} values (float32, or int64 when not {@code floating}). */
    void allocate(long elements, boolean floating) throws InvalidNetworkException {
        budget.charge(elements, floating ? Float.BYTES : Long.BYTES, where());
    }

    /** Charges an index table of {@code elements} ints. */
    void allocateIndex(long elements) throws InvalidNetworkException {
        budget.charge(elements, Integer.BYTES, where());
    }

    /** Charges an index table of {@code elements} ints and a result of the same size. */
    void allocateGather(long elements, boolean floating) throws InvalidNetworkException {
        budget.charge(elements, Integer.BYTES, where());
        allocate(elements, floating);
    }

    Constant req(List<Constant> in, int i) throws InvalidNetworkException {
        if (i >= in.size() || in.get(i) == null) {
            throw fail("input " + i + " is missing");
        }
        return in.get(i);
    }

    long intAttr(String name, long dflt) {
        return node.attribute(name).map(Attribute::i).orElse(dflt);
    }

    long[] ints(String name) {
        return node.attribute(name).map(a -> a.ints().stream().mapToLong(Long::longValue).toArray()).orElse(null);
    }
}
