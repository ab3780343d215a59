package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.FullyConnectedLayer;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.onnx.Flow.Ax;
import io.github.lstmhdl.onnx.Flow.Role;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * The ops that make a fully connected layer on the dynamic path: Gemm, MatMul, and an Add of a constant
 * that becomes the bias of the fully connected layer before it.
 */
final class DenseOps {
    private DenseOps() {
    }

    static final OpTranslator GEMM = d -> d.put(gemm(d, d.c(), d.x(), d.in(), d.values()));

    static final OpTranslator MATMUL = OpTranslator.along(OpTranslator.AxisPath.KEEPS, d -> {
        NodeContext c = d.c();
        Flow x = d.x();
        Node n = d.node();
        Constant b = d.constant(1, "B");
        requireFeatureLast(d, c, x);
        if (b.rank() != 2 || b.shape()[0] != x.features() || !b.isFloat()) {
            throw c.fail("the weight matrix must be a float [" + x.features() + ", N] matrix, not " + b);
        }
        int k = b.shape()[0];
        int m = b.shape()[1];
        d.chargeCopy(1, (long) m * k, "input B");
        float[] w = new float[m * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < m; j++) {
                w[j * k + i] = b.floats()[i * m + j];
            }
        }
        Layer fc = new FullyConnectedLayer("fc", n.label(), FloatTensor.of(w, m, k), FloatTensor.zeros(m));
        d.put(x.plus(fc, withFeature(x, m)));
    });

    /** Add: the constant operand (input 1, or input 0 when the flow comes in at input 1) is a bias. */
    static final OpTranslator ADD = OpTranslator.along(OpTranslator.AxisPath.KEEPS, d -> d.put(addBias(d, d.node(),
            d.x(), d.flowInput() == 0 ? d.constant(1, "B") : (Constant) d.in().get(0))));

    private static void requireFeatureLast(DynamicNode d, NodeContext c, Flow x) throws InvalidNetworkException {
        if (x.rank() == 0 || x.axes().get(x.rank() - 1).role() != Role.FEATURE) {
            throw c.fail("the feature axis must be the last axis, not " + x.axes());
        }
        if (x.indexOf(Role.DIRECTION) >= 0 && x.axes().get(x.indexOf(Role.DIRECTION)).dim() > 1) {
            throw c.fail("a fully connected layer over separate direction and feature axes " + x.axes()
                    + " is not supported; merge them first (Transpose + Reshape)");
        }
    }

    private static List<Ax> withFeature(Flow x, int size) {
        List<Ax> axes = new ArrayList<>(x.axes());
        axes.set(axes.size() - 1, new Ax(Role.FEATURE, size));
        return axes;
    }

    private static Flow gemm(DynamicNode d, NodeContext c, Flow x, List<Value> in, ValueTable values) throws InvalidNetworkException {
        if (c.intAttr("transA", 0) != 0) {
            throw c.fail("transA=1 is not supported on the data path");
        }
        if (x.rank() != 2) {
            throw c.fail("Gemm needs a 2-D input, not " + x.axes());
        }
        requireFeatureLast(d, c, x);
        Constant b = d.constant(1, "B");
        float alpha = c.node.attribute("alpha").map(OnnxProto.Attribute::f).orElse(1f);
        float beta = c.node.attribute("beta").map(OnnxProto.Attribute::f).orElse(1f);
        boolean transB = c.intAttr("transB", 0) != 0;
        if (!b.isFloat() || b.rank() != 2) {
            throw c.fail("B must be a float matrix, not " + b);
        }
        int k = x.features();
        int m = transB ? b.shape()[0] : b.shape()[1];
        int kb = transB ? b.shape()[1] : b.shape()[0];
        if (kb != k) {
            throw c.fail("B " + b + " does not match " + k + " input features (transB=" + (transB ? 1 : 0) + ")");
        }
        d.chargeCopy(1, (long) m * k, "input B");
        float[] w = new float[m * k];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < k; i++) {
                w[j * k + i] = alpha * (transB ? b.floats()[j * k + i] : b.floats()[i * m + j]);
            }
        }
        float[] bias = new float[m];
        if (in.size() > 2 && in.get(2) != null) {
            Constant cc = d.constant(2, "C");
            float[] v = featureVector(d, c, cc, m, 2);
            for (int j = 0; j < m; j++) {
                bias[j] = beta * v[j];
            }
        }
        Layer fc = new FullyConnectedLayer("fc", c.node.label(), FloatTensor.of(w, m, k), FloatTensor.of(bias, m));
        return x.plus(fc, withFeature(x, m));
    }

    /** A constant that broadcasts along the feature axis only, as a vector of {@code size}. */
    private static float[] featureVector(DynamicNode d, NodeContext c, Constant t, int size, int maxRank) throws InvalidNetworkException {
        int[] s = t.shape();
        boolean ok = t.isFloat() && s.length <= maxRank;
        for (int i = 0; ok && i < s.length - 1; i++) {
            ok = s[i] == 1;
        }
        int last = s.length == 0 ? 1 : s[s.length - 1];
        ok &= last == 1 || last == size;
        if (!ok) {
            throw c.fail("the constant " + t + " must broadcast along the " + size + " features only");
        }
        float[] v = new float[size];
        for (int j = 0; j < size; j++) {
            v[j] = t.floats()[last == 1 ? 0 : j];
        }
        return v;
    }

    private static Flow addBias(DynamicNode d, Node n, Flow x, Constant b) throws InvalidNetworkException {
        NodeContext c = d.c();
        if (!(x.lastLayer() instanceof FullyConnectedLayer fc)) {
            throw c.fail("adding a constant is only supported as the bias of a fully connected layer (MatMul + Add)");
        }
        if (x.axes().get(x.rank() - 1).role() != Role.FEATURE) {
            throw c.fail("the feature axis must be the last axis, not " + x.axes());
        }
        float[] v = featureVector(d, c, b, fc.outputSize(), x.rank());
        float[] bias = fc.bias().toArray();
        for (int j = 0; j < bias.length; j++) {
            bias[j] += v[j];
        }
        Layer withBias = new FullyConnectedLayer(fc.name(), fc.origin(), fc.weights(), FloatTensor.of(bias, bias.length));
        return new Flow(x.layers().replacingFromEnd(0, withBias), x.axes(), x.features());
    }
}
