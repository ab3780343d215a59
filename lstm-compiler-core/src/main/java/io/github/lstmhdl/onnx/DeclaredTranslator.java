package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.onnx.OnnxProto.Node;

/**
 * A translator with what is declared about it ({@link OpTranslator#along}, {@link OpTranslator#onParts}):
 * how it carries the sequence input's axes and whether it takes direction parts; everything else is the
 * wrapped translator's.
 */
record DeclaredTranslator(OpTranslator translator, OpTranslator.AxisPath axisPath, boolean takesDirectionParts)
        implements OpTranslator {

    @Override
    public void translate(DynamicNode d) throws InvalidNetworkException {
        translator.translate(d);
    }

    @Override
    public String constantInputsReason(Node n) {
        return translator.constantInputsReason(n);
    }
}
