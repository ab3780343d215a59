package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.Activation;
import io.github.lstmhdl.ir.ActivationLayer;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.SoftmaxLayer;
import io.github.lstmhdl.onnx.Flow.Ax;
import io.github.lstmhdl.onnx.Flow.Role;
import java.util.Locale;

/** The element-wise activations (Relu, Sigmoid, Tanh) and the softmax over the features (Softmax, LogSoftmax). */
final class ActivationOps {
    private ActivationOps() {
    }

    /** The translator of an element-wise activation layer of kind {@code a}. */
    static OpTranslator activation(Activation a) {
        return d -> d.put(d.x().plus(new ActivationLayer(a.name().toLowerCase(Locale.ROOT), d.node().label(), d.need(), a),
                d.x().axes()));
    }

    static final OpTranslator SOFTMAX = d -> d.put(softmax(d, d.c(), d.x()));

    private static Flow softmax(DynamicNode d, NodeContext c, Flow x) throws InvalidNetworkException {
        boolean log = c.node.opType().equals("LogSoftmax");
                long axisAttr = c.intAttr("axis", d.services().opset() >= 13 ? -1 : 1);
        int axis = ShapeArithmetic.axis(c, axisAttr, x.rank());
        boolean ok;
        if (d.services().opset() >= 13) {
            ok = x.axes().get(axis).role() == Role.FEATURE;
        } else {
            ok = x.indexOf(Role.FEATURE) >= axis;
            for (int i = axis; i < x.rank(); i++) {
                Ax a = x.axes().get(i);
                ok &= a.role() == Role.FEATURE || a.dim() == 1;
            }
        }
        if (!ok || (x.indexOf(Role.DIRECTION) >= 0 && x.axes().get(x.indexOf(Role.DIRECTION)).dim() > 1)) {
            throw c.fail("softmax over axis " + axisAttr + " of " + x.axes() + " is not over the features");
        }
        return x.plus(new SoftmaxLayer("softmax", c.node.label(), d.need(), log), x.axes());
    }
}
