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

    /**
     * How the op carries the axes of the sequence input on the way to the first recurrent layer, where
     * {@link AxisRoles} reads what each axis means: it ends the search, keeps the axes, permutes them
     * (Transpose), or is that recurrent layer ({@link RecurrentTranslator}) or a convolution over time,
     * whose input is [batch, channels, time].
     */
    enum AxisPath { ENDS, KEEPS, PERMUTES, RECURRENT, CONVOLUTION }

    default AxisPath axisPath() {
        return AxisPath.ENDS;
    }

    /** {@code translator}, declared to carry the sequence input's axes as {@code path} says. */
    static OpTranslator along(AxisPath path, OpTranslator translator) {
        return new DeclaredTranslator(translator, path, translator.takesDirectionParts());
    }

    /**
     * Whether the op may take one direction of a bidirectional output ({@link Flow.Part}): only the
     * reshaping ops and Concat, which puts the directions back together.
     */
    default boolean takesDirectionParts() {
        return false;
    }

    /** {@code translator}, declared to take direction parts as well as whole tensors. */
    static OpTranslator onParts(OpTranslator translator) {
        return new DeclaredTranslator(translator, translator.axisPath(), true);
    }

    /** Why a node of this op whose inputs are all constant cannot be imported (it has no folding). */
    default String constantInputsReason(Node n) {
        return "cannot evaluate " + n.opType() + " on constants";
    }
}
