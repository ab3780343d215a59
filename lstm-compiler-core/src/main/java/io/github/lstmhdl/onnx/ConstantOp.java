package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import java.util.List;

/**
 * Evaluates one op on constant inputs. The {@link OpTable} maps op types to these; {@code in} holds the
 * node's inputs (null for an omitted optional input), {@code f} the decoder and shape arithmetic.
 */
@FunctionalInterface
interface ConstantOp {
    Constant fold(ConstantFolder f, NodeContext c, List<Constant> in) throws InvalidNetworkException;
}
