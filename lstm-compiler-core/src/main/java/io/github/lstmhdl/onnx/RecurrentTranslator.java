package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.onnx.OnnxProto.Node;

/**
 * The translator of a recurrent op (LSTM; GRU and RNN follow the same ONNX conventions): its input X
 * fixes what the axes of the sequence input mean, its other inputs are weights (never the sequence
 * input), and input {@link #SEQUENCE_LENS} must not stay open until run time.
 */
interface RecurrentTranslator extends OpTranslator {
    /** The input index of sequence_lens in the ONNX recurrent ops. */
    int SEQUENCE_LENS = 4;

    /** The input index of initial_h (initial_c, of an LSTM, follows it). */
    int INITIAL_H = 5;

    /** The node's layout: 0 (X is [T, N, D]) or 1 ([N, T, D]), read as the ONNX recurrent ops define it. */
    default int layout(DynamicNode.Services services, Node n) throws InvalidNetworkException {
        return services.lstm().layout(n);
    }

    @Override
    default String constantInputsReason(Node n) {
        return "the " + n.opType() + "'s input X does not depend on the sequence input";
    }

    @Override
    default AxisPath axisPath() {
        return AxisPath.RECURRENT;
    }

    /** Whether {@code opType} is translated by a recurrent translator. */
    static boolean is(String opType) {
        return OpTable.handled(opType).translator() instanceof RecurrentTranslator;
    }
}
