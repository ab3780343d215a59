package io.github.lstmhdl.onnx;

/**
 * A tensor of recurrent states on its way between a graph port and a recurrent node: a state graph
 * input being unpacked into a node's initial_h or initial_c, or a node's Y_h or Y_c being packed into a
 * state graph output. It is not computed at import time: each element is a code naming where its value
 * comes from ({@link StatePlumbing}), and the data-movement ops (Slice, Squeeze, Unsqueeze, Concat,
 * Gather, Reshape, Transpose, Identity) move the codes as they would move the values.
 *
 * @param codes the element codes, of the tensor's shape
 */
record StateTensor(Constant codes) implements Value {
    int[] shape() {
        return codes.shape();
    }
}
