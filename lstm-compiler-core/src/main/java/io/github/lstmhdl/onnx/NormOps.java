package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.LayerNormLayer;
import io.github.lstmhdl.onnx.Flow.Ax;
import io.github.lstmhdl.onnx.Flow.Role;
import java.util.Arrays;

/**
 * LayerNormalization on the dynamic path, as the opset-17 op (axis, epsilon; inputs X, Scale, B) or in
 * the importer's own form of a recognised decomposed chain ({@link LayerNormPattern}): a layer
 * normalization over the features of every step. The normalized axes must be the feature axis (and
 * axes of size 1); scale and offset must be constants that broadcast along the features.
 */
final class NormOps {
    private NormOps() {
    }

    private static final float DEFAULT_EPSILON = 1e-5f;

    static final OpTranslator LAYER_NORM = OpTranslator.along(OpTranslator.AxisPath.KEEPS,
            d -> d.put(layerNorm(d, d.c(), d.x())));

    private static Flow layerNorm(DynamicNode d, NodeContext c, Flow x) throws InvalidNetworkException {
        boolean decomposed = c.node.attribute(LayerNormPattern.DECOMPOSED).isPresent();
        String what = decomposed ? "the layer normalization (ReduceMean/Sub/Pow/ReduceMean/Add/Sqrt/Div"
                + " from this node on)" : "LayerNormalization";
        int feature = x.indexOf(Role.FEATURE);
        if (feature < 0 || x.indexOf(Role.DIRECTION) >= 0 && x.axes().get(x.indexOf(Role.DIRECTION)).dim() > 1) {
            throw c.fail(what + " needs one feature axis, not " + x.axes());
        }
        int features = d.need();
        float epsilon;
        if (decomposed) {
            requireFeatureAxes(c, what, x, feature, reducedAxes(d, c, x, 5), reducedAxes(d, c, x, 6));
            if (c.intAttr("keepdims", 1) != 1) {
                throw c.fail(what + " needs keepdims=1 on its ReduceMean nodes");
            }
            if (!c.node.input(4).isEmpty()) {
                Constant e = constant(d, c, 4, "the exponent of its Pow");
                if (e.size() != 1 || e.doubleAt(0) != 2.0) {
                    throw c.fail(what + " squares with Pow, whose exponent must be 2, not " + e);
                }
            }
            Constant eps = constant(d, c, 3, "the epsilon its Add adds to the variance");
            if (eps.size() != 1 || !eps.isFloat()) {
                throw c.fail(what + ": epsilon must be one float, not " + eps);
            }
            epsilon = eps.floats()[0];
        } else {
            if (c.node.outputs().size() > 1 && c.node.outputs().stream().skip(1).anyMatch(o -> !o.isEmpty())) {
                throw c.fail("LayerNormalization's Mean and InvStdDev outputs are not supported");
            }
            int axis = ShapeArithmetic.axis(c, c.intAttr("axis", -1), x.rank());
            int[] axes = new int[x.rank() - axis];
            for (int i = 0; i < axes.length; i++) {
                axes[i] = axis + i;
            }
            requireFeatureAxes(c, what, x, feature, axes, null);
            epsilon = c.node.attribute("epsilon").map(OnnxProto.Attribute::f).orElse(DEFAULT_EPSILON);
        }
        if (!(epsilon >= 0) || Float.isInfinite(epsilon)) {
            throw c.fail(what + ": epsilon must be finite and not negative, not " + epsilon);
        }
        float[] scale = featureVector(d, c, 1, "scale", x, feature, features, 1f);
        float[] offset = featureVector(d, c, 2, "offset", x, feature, features, 0f);
        LayerNormLayer layer = new LayerNormLayer("layernorm", c.node.label(), features,
                FloatTensor.of(scale, features), FloatTensor.of(offset, features), epsilon);
        return x.plus(layer, x.axes());
    }

    /** The axes of the ReduceMean whose axes input is input {@code i} ("" : the attribute), normalized. */
    private static int[] reducedAxes(DynamicNode d, NodeContext c, Flow x, int i) throws InvalidNetworkException {
        long[] axes = c.node.input(i).isEmpty() ? c.ints("axes") : constant(d, c, i, "the axes of ReduceMean")
                .toLongs();
        if (axes == null) {
            axes = new long[x.rank()];
            for (int k = 0; k < axes.length; k++) {
                axes[k] = k;
            }
        }
        int[] out = new int[axes.length];
        for (int k = 0; k < axes.length; k++) {
            out[k] = ShapeArithmetic.axis(c, axes[k], x.rank());
        }
        return out;
    }

    /** Every normalized axis is the feature axis or has size 1, and the feature axis is among them. */
    private static void requireFeatureAxes(NodeContext c, String what, Flow x, int feature, int[] axes, int[] more)
            throws InvalidNetworkException {
        for (int[] set : more == null ? new int[][] {axes} : new int[][] {axes, more}) {
            boolean hasFeature = false;
            boolean ok = true;
            for (int a : set) {
                Ax ax = x.axes().get(a);
                hasFeature |= a == feature;
                ok &= a == feature || ax.dim() == 1 && ax.role() != Role.TIME;
            }
            if (!hasFeature || !ok) {
                throw c.fail(what + " normalizes over axes " + Arrays.toString(set) + " of " + x.axes()
                        + "; only a normalization over the features is supported");
            }
        }
    }

    private static Constant constant(DynamicNode d, NodeContext c, int i, String what) throws InvalidNetworkException {
        if (!(i < d.in().size() && d.in().get(i) instanceof Constant k)) {
            throw c.fail(what + " (input " + i + ") must be a constant");
        }
        return k;
    }

    /**
     * Input {@code i} as one float per feature ({@code absent} for each when the input is not given): a
     * float constant aligned to x's axes from the right whose dimensions are all 1 but the feature one.
     */
    private static float[] featureVector(DynamicNode d, NodeContext c, int i, String what, Flow x, int feature,
            int features, float absent) throws InvalidNetworkException {
        float[] v = new float[features];
        if (c.node.input(i).isEmpty()) {
            Arrays.fill(v, absent);
            return v;
        }
        Constant t = constant(d, c, i, "the " + what);
        int[] s = t.shape();
        int featureAt = feature - (x.rank() - s.length);
        boolean ok = t.isFloat() && s.length <= x.rank();
        for (int k = 0; ok && k < s.length; k++) {
            ok = s[k] == 1 || k == featureAt && s[k] == features;
        }
        if (!ok) {
            throw c.fail("the " + what + " " + t + " must broadcast along the " + features + " features of "
                    + x.axes() + " only");
        }
        boolean perFeature = t.size() == features && features > 1;
        for (int j = 0; j < features; j++) {
            v[j] = t.floats()[perFeature ? j : 0];
        }
        return v;
    }
}
