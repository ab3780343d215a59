package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import java.util.List;

/**
 * A node on the dynamic path as its {@link OpTranslator} sees it: the node, its flow input {@code x}
 * (input {@code flowInput}, 0 except for a commutative op fed at input 1), all its input values, the
 * value table its outputs go to, and the services of the import.
 */
record DynamicNode(NodeContext c, Flow x, int flowInput, List<Value> in, ValueTable values, Services services) {

    /** What translators share across one import. */
    record Services(ShapeArithmetic shapes, LstmConverter lstm, ConstantBudget budget, long opset, long maxElements,
            StatePlumbing plumbing) {
    }

    Node node() {
        return c.node;
    }

    ShapeArithmetic shapes() {
        return services.shapes();
    }

    /** Records {@code v} as the value of output 0 (when the node names one). */
    void put(Value v) {
        Node n = c.node;
        if (!n.outputs().isEmpty() && !n.outputs().get(0).isEmpty()) {
            values.put(n.outputs().get(0), v);
        }
    }

    /** The inputs that are constants, null in place of the others. */
    List<Constant> constants() {
        return Value.constants(in);
    }

    /** Input {@code i}, which must be given (and, not being input 0, is constant). */
    Constant constant(int i, String what) throws InvalidNetworkException {
        if (i >= in.size() || in.get(i) == null) {
            throw c.fail("input " + what + " is missing");
        }
        return (Constant) in.get(i);
    }

    /** The features of {@code x} for an element-wise layer (the network input's, when it is the first). */
    int need() throws InvalidNetworkException {
        if (x.features() <= 0) {
            throw c.fail("the feature size of the network input " + x.axes() + " must be declared for a layer on it");
        }
        return x.features();
    }

    /**
     * Whether the values of {@code cs[i]} are held by nothing else: no other input of the node and no
     * value still kept for a later node (a constant read last by this node is already released; folded
     * constants such as Identity or Reshape results may share the array of another). Only such weights
     * may be reordered in place, and only copies of them are free of the import budget: a copy of
     * weights that another node still reads is memory the model's file does not account for.
     */
    boolean soleHolder(Constant[] cs, int i) {
        if (cs[i] == null || !cs[i].isFloat()) {
            return false;
        }
        float[] a = cs[i].floats();
        for (int j = 0; j < cs.length; j++) {
            if (j != i && cs[j] != null && cs[j].floats() == a) {
                return false;
            }
        }
        return values.holders(a) == 0;
    }

    /**
     * Charges the {@code elements} floats that a layer makes from weights input {@code i} to the import
     * budget, unless nothing else holds those weights (then the copy replaces them).
     */
    void chargeCopy(int i, long elements, String what) throws InvalidNetworkException {
        if (!soleHolder(constants().toArray(new Constant[0]), i)) {
            services.budget().chargeCopy(elements, Float.BYTES, c.where(), what);
        }
    }
}
