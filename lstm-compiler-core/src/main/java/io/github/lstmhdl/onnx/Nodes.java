package io.github.lstmhdl.onnx;

import io.github.lstmhdl.onnx.OnnxProto.Node;

/** How messages name a node, the same everywhere: {@code node 'NAME' (OP)}. */
final class Nodes {
    private Nodes() {
    }

    /** The location of an error at {@code n}. */
    static String at(Node n) {
        return "node '" + n.label() + "' (" + n.opType() + ")";
    }
}
