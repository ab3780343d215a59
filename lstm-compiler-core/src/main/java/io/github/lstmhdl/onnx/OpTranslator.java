package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.onnx.OnnxProto.Node;

/**
 * Translates one op on the dynamic path: reads the {@link DynamicNode} (its flow input 0 and its other,
 * constant, inputs) and records the values of its outputs. The {@link OpTable} maps op types to
 * translators; adding an op type means one translator and one table entry.
 */
@FunctionalInterface
interface OpTranslator {
    void translate(DynamicNode d) throws InvalidNetworkException;

    /** Why a node of this op whose inputs are all constant cannot be imported (it has no folding). */
    default String constantInputsReason(Node n) {
        return "cannot evaluate " + n.opType() + " on constants";
    }
}
