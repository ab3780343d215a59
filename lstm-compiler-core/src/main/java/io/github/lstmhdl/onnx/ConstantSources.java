package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.onnx.OnnxProto.Attribute;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import java.util.Arrays;
import java.util.List;

/** The ops that make a constant from attributes: Constant (any value attribute) and ConstantOfShape. */
final class ConstantSources {
    private ConstantSources() {
    }

    static Constant constant(TensorDecoder decoder, NodeContext c) throws InvalidNetworkException {
        Node n = c.node;
        if (n.attribute("value").isPresent()) {
            Attribute a = n.attribute("value").get();
            if (a.t() == null) {
                throw c.fail("attribute 'value' holds no tensor");
            }
            return decoder.decode(a.t(), "node '" + n.label() + "' (Constant)");
        }
        if (n.attribute("value_float").isPresent()) {
            return Constant.ofFloats(new float[] {n.attribute("value_float").get().f()});
        }
        if (n.attribute("value_floats").isPresent()) {
            List<Float> f = n.attribute("value_floats").get().floats();
            float[] a = new float[f.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = f.get(i);
            }
            return Constant.ofFloats(a, a.length);
        }
        if (n.attribute("value_int").isPresent()) {
            return Constant.ofLongs(new long[] {n.attribute("value_int").get().i()});
        }
        if (n.attribute("value_ints").isPresent()) {
            long[] a = c.ints("value_ints");
            return Constant.ofLongs(a, a.length);
        }
        throw c.fail("Constant node without a supported value attribute");
    }

    static Constant constantOfShape(TensorDecoder decoder, NodeContext c, Constant shapeTensor) throws InvalidNetworkException {
        int[] shape = decoder.shape(ShapeArithmetic.known(c, shapeTensor, "the shape"), "node '" + c.node.label() + "' (ConstantOfShape)");
        int n = (int) Constant.count(shape);
        Constant value = Constant.ofFloats(new float[] {0f}, 1);
        if (c.node.attribute("value").isPresent() && c.node.attribute("value").get().t() != null) {
            value = decoder.decode(c.node.attribute("value").get().t(), "node '" + c.node.label() + "' (ConstantOfShape)");
            if (value.size() != 1) {
                throw c.fail("attribute 'value' must hold one element");
            }
        }
        c.allocate(n, value.isFloat());
        if (value.isFloat()) {
            float[] f = new float[n];
            Arrays.fill(f, value.floats()[0]);
            return Constant.ofFloats(f, shape);
        }
        long[] l = new long[n];
        Arrays.fill(l, value.longs()[0]);
        return Constant.ofLongs(l, shape);
    }
}
