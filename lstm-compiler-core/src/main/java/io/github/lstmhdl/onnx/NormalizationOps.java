package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.ConvolutionLayer;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.FullyConnectedLayer;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.onnx.Flow.Role;

/**
 * {@code BatchNormalization} in inference form: y = scale · (x − mean) / √(var + ε) + B per channel,
 * that is y = s·x + t with s = scale / √(var + ε) and t = B − mean·s (computed in double, rounded once).
 * Right after a convolution or a fully connected layer it is folded into that layer's weights and
 * bias (W' = s·W, b' = s·b + t: exact in real arithmetic, different in float32 by rounding only);
 * anywhere else it becomes a fully connected layer with the diagonal matrix diag(s) and the bias t,
 * whose FC gives exactly fl(fl(s·x) + t) per element (the other columns add zeros).
 */
final class NormalizationOps {
    private NormalizationOps() {
    }

    /** Keeps the axes' meanings (on the input, the walk to the first LSTM or Conv goes on through it). */
    static final OpTranslator BATCH_NORMALIZATION = OpTranslator.along(OpTranslator.AxisPath.KEEPS,
            d -> d.put(batchNormalization(d)));

    private static Flow batchNormalization(DynamicNode d) throws InvalidNetworkException {
        NodeContext c = d.c();
        Flow x = d.x();
        if (c.intAttr("training_mode", 0) != 0) {
            throw c.fail("BatchNormalization with training_mode 1 is not supported (only inference)");
        }
        for (int i = 1; i < c.node.outputs().size(); i++) {
            if (!c.node.outputs().get(i).isEmpty()) {
                throw c.fail("BatchNormalization's running statistics outputs (training) are not supported");
            }
        }
        if (x.rank() < 2 || x.axes().get(1).role() != Role.FEATURE || x.part() != null) {
            throw c.fail("BatchNormalization normalizes axis 1, which must be the features (channels), not "
                    + x.axes());
        }
        long dim = x.axes().get(1).dim();
        if (dim < 1 || dim > Integer.MAX_VALUE) {
            throw c.fail("the channel axis of " + x.axes() + " must have a fixed size");
        }
        int channels = (int) dim;
        float[] scale = vector(d, c, 1, "scale", channels);
        float[] bias = vector(d, c, 2, "B", channels);
        float[] mean = vector(d, c, 3, "input_mean", channels);
        float[] var = vector(d, c, 4, "input_var", channels);
        double epsilon = c.node.attribute("epsilon").map(OnnxProto.Attribute::f).orElse(1e-5f);
        double[] s = new double[channels];
        double[] t = new double[channels];
        for (int i = 0; i < channels; i++) {
            double v = var[i] + epsilon;
            if (!(v > 0)) {
                throw c.fail("input_var + epsilon of channel " + i + " is " + v + ", not positive");
            }
            s[i] = scale[i] / Math.sqrt(v);
            t[i] = bias[i] - mean[i] * s[i];
        }
        Layer last = x.layers().isEmpty() ? null : x.layers().last();
        if (last instanceof ConvolutionLayer conv) {
            ConvolutionLayer folded = new ConvolutionLayer(conv.name(), conv.origin(), scaled(conv.weights(), s),
                    shifted(conv.bias(), s, t), conv.stride(), conv.dilation(), conv.padBefore(), conv.padAfter(),
                    conv.padMode(), conv.padValue());
            return new Flow(x.layers().replacingFromEnd(0, folded), x.axes(), x.features());
        }
        if (last instanceof FullyConnectedLayer fc) {
            FullyConnectedLayer folded = new FullyConnectedLayer(fc.name(), fc.origin(), scaled(fc.weights(), s),
                    shifted(fc.bias(), s, t));
            return new Flow(x.layers().replacingFromEnd(0, folded), x.axes(), x.features());
        }
        c.allocate((long) channels * channels, true);
        float[] diagonal = new float[channels * channels];
        float[] shift = new float[channels];
        for (int i = 0; i < channels; i++) {
            diagonal[i * channels + i] = (float) s[i];
            shift[i] = (float) t[i];
        }
        return x.plus(new FullyConnectedLayer("fc", c.node.label(), FloatTensor.of(diagonal, channels, channels),
                FloatTensor.of(shift, channels)), x.axes());
    }

    /** Input {@code i}: a constant float vector of one value per channel. */
    private static float[] vector(DynamicNode d, NodeContext c, int i, String what, int channels)
            throws InvalidNetworkException {
        Constant v = d.constant(i, what);
        if (!v.isFloat() || v.rank() != 1 || v.shape()[0] != channels) {
            throw c.fail("input " + what + " must be a float [" + channels + "] vector, not " + v);
        }
        return v.floats();
    }

    /** Every row o of the weights (its first dimension) times s[o]. */
    private static FloatTensor scaled(FloatTensor weights, double[] s) {
        float[] w = weights.toArray();
        int row = w.length / s.length;
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (w[i] * s[i / row]);
        }
        return FloatTensor.of(w, weights.shape());
    }

    private static FloatTensor shifted(FloatTensor bias, double[] s, double[] t) {
        float[] b = bias.toArray();
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (b[i] * s[i] + t[i]);
        }
        return FloatTensor.of(b, b.length);
    }
}
