package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.Activation;
import io.github.lstmhdl.ir.ActivationLayer;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.SoftmaxLayer;
import io.github.lstmhdl.onnx.Flow.Ax;
import io.github.lstmhdl.onnx.Flow.Role;
import java.util.Arrays;
import java.util.Locale;

/**
 * The element-wise activations (Relu, Sigmoid, Tanh; Elu and LeakyRelu with their alpha attribute, PRelu
 * with its constant slope, which broadcasts along the feature axis only) and the softmax over the
 * features (Softmax, LogSoftmax).
 */
final class ActivationOps {
    private ActivationOps() {
    }

    /** The translator of an element-wise activation layer of kind {@code a}. */
    static OpTranslator activation(Activation a) {
        return OpTranslator.along(OpTranslator.AxisPath.KEEPS, d -> d.put(d.x().plus(new ActivationLayer(
                a.name().toLowerCase(Locale.ROOT), d.node().label(), d.need(), a), d.x().axes())));
    }

    /** Elu: alpha (default 1.0) for every feature. */
    static final OpTranslator ELU = OpTranslator.along(OpTranslator.AxisPath.KEEPS,
            d -> d.put(parameterized(d, Activation.ELU, uniform(d, alpha(d, 1f)))));

    /** LeakyRelu: a PReLU whose slope is alpha (default 0.01) for every feature. */
    static final OpTranslator LEAKY_RELU = OpTranslator.along(OpTranslator.AxisPath.KEEPS,
            d -> d.put(parameterized(d, Activation.PRELU, uniform(d, alpha(d, 0.01f)))));

    /** PRelu: the slope (input 1) is a constant that broadcasts along the feature axis only. */
    static final OpTranslator PRELU = OpTranslator.along(OpTranslator.AxisPath.KEEPS,
            d -> d.put(parameterized(d, Activation.PRELU, featureSlopes(d))));

    /**
     * Gelu: the opset-20 op (approximate "none" or "tanh"), or PyTorch's decomposition recognised by
     * {@link GeluPattern}, whose constants must be √2 (Div; 1/√2 for a Mul), 1 and 0.5.
     */
    static final OpTranslator GELU = OpTranslator.along(OpTranslator.AxisPath.KEEPS, d -> {
        NodeContext c = d.c();
        Activation a = Activation.GELU;
        if (c.node.attribute(NodeChains.DECOMPOSED).isPresent()) {
            boolean divides = c.intAttr(GeluPattern.DIVIDES, 1) == 1;
            requireScalar(d, 1, divides ? Math.sqrt(2) : Math.sqrt(0.5), divides ? "the divisor √2" : "the factor 1/√2");
            requireScalar(d, 2, 1, "the 1 added to erf");
            requireScalar(d, 3, 0.5, "the factor 0.5");
        } else {
            String approximate = c.node.attribute("approximate").map(at -> at.s().toStringUtf8()).orElse("none");
            a = switch (approximate) {
                case "none" -> Activation.GELU;
                case "tanh" -> Activation.GELU_TANH;
                default -> throw c.fail("attribute approximate='" + approximate + "' is not 'none' or 'tanh'");
            };
        }
        d.put(d.x().plus(new ActivationLayer("gelu", c.node.label(), d.need(), a),
                d.x().axes()));
    });

    /** Input {@code i} is a float scalar within 1e-6 relative of {@code expected}. */
    private static void requireScalar(DynamicNode d, int i, double expected, String what) throws InvalidNetworkException {
        if (!(i < d.in().size() && d.in().get(i) instanceof Constant k) || k.size() != 1 || !k.isFloat()
                || Math.abs(k.floats()[0] - expected) > 1e-6 * expected) {
            throw d.c().fail("the GELU (Div/Erf/Add/Mul/Mul from this node on) needs " + what + " as a constant, not "
                    + (i < d.in().size() ? d.in().get(i) : "nothing"));
        }
    }

    static final OpTranslator SOFTMAX = d -> d.put(softmax(d, d.c(), d.x()));

    private static Flow parameterized(DynamicNode d, Activation a, float[] parameters) throws InvalidNetworkException {
        for (int i = 0; i < parameters.length; i++) {
            if (!Float.isFinite(parameters[i])) {
                throw d.c().fail("parameter " + i + " of " + d.node().opType() + " is not finite: " + parameters[i]);
            }
        }
        return d.x().plus(new ActivationLayer(a.name().toLowerCase(Locale.ROOT), d.node().label(), d.need(), a,
                FloatTensor.of(parameters, parameters.length)), d.x().axes());
    }

    private static float alpha(DynamicNode d, float fallback) {
        return d.c().node.attribute("alpha").map(OnnxProto.Attribute::f).orElse(fallback);
    }

    private static float[] uniform(DynamicNode d, float value) throws InvalidNetworkException {
        float[] p = new float[d.need()];
        Arrays.fill(p, value);
        return p;
    }

    /**
     * PRelu's slope as one value per feature: aligned to x's axes from the right (ONNX broadcasting), every
     * dimension 1 except the one on x's feature axis, which is 1 or the features.
     */
    private static float[] featureSlopes(DynamicNode d) throws InvalidNetworkException {
        Flow x = d.x();
        int features = d.need();
        Constant slope = d.constant(1, "slope");
        int[] s = slope.shape();
        int feature = x.indexOf(Role.FEATURE);
        boolean ok = slope.isFloat() && s.length <= x.rank() && feature >= 0
                && x.indexOf(Role.DIRECTION) < 0 && x.axes().get(feature).dim() == features;
        int featureAt = feature - (x.rank() - s.length);
        for (int i = 0; ok && i < s.length; i++) {
            ok = s[i] == 1 || i == featureAt && s[i] == features;
        }
        if (!ok) {
            throw d.c().fail("the slope " + slope + " must broadcast along the " + features + " features of "
                    + x.axes() + " only");
        }
        float[] p = new float[features];
        boolean perFeature = featureAt >= 0 && s[featureAt] == features && features > 1;
        for (int j = 0; j < features; j++) {
            p[j] = slope.floats()[perFeature ? j : 0];
        }
        return p;
    }

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
