package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.ConvolutionLayer;
import io.github.lstmhdl.ir.ConvolutionLayer.PadMode;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.FullyConnectedLayer;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.MaxPoolLayer;
import io.github.lstmhdl.ir.WindowedLayer;
import io.github.lstmhdl.onnx.Flow.Ax;
import io.github.lstmhdl.onnx.Flow.Role;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The 1-D convolution front-end ops on the dynamic path: {@code Conv} over a [batch, channels, time]
 * tensor (a 1-D kernel; a grouped or depthwise one with its weights spread into one dense filter bank,
 * zero outside each group) becomes a {@link ConvolutionLayer}; {@code Pad} of the time axis
 * (constant or reflect mode) becomes the padding of the convolution after it. A Pad is translated
 * as a 1 × 1 identity convolution carrying the padding, which the Conv after it absorbs; a Pad that no
 * Conv absorbs stays such a layer (exact for finite values).
 */
final class ConvolutionOps {
    private ConvolutionOps() {
    }

    /** Conv: carries the sequence input's axes as [batch, channels, time] (docs/formats.md). */
    static final OpTranslator CONV = OpTranslator.along(OpTranslator.AxisPath.CONVOLUTION, d -> d.put(conv(d)));

    /**
     * AveragePool with a 1-D kernel: a convolution whose filter o takes the mean of channel o over the
     * window (weights 1/K on the diagonal, no bias).
     */
    static final OpTranslator AVERAGE_POOL = OpTranslator.along(OpTranslator.AxisPath.CONVOLUTION,
            d -> d.put(averagePool(d)));

    /** MaxPool with a 1-D kernel: a {@link MaxPoolLayer}. */
    static final OpTranslator MAX_POOL = OpTranslator.along(OpTranslator.AxisPath.CONVOLUTION, d -> d.put(maxPool(d)));

    /** Pad: keeps the axes' meanings. */
    static final OpTranslator PAD = OpTranslator.along(OpTranslator.AxisPath.KEEPS, d -> d.put(pad(d)));

    /**
     * Why a Conv node cannot be translated, found from its attributes alone before anything is
     * evaluated (so that a 2-D model is rejected at its first Conv, not at its 4-D input); null if none.
     */
    static String precheck(Node n) {
        long[] kernel = n.attribute("kernel_shape").map(a -> a.ints().stream().mapToLong(Long::longValue).toArray())
                .orElse(null);
        if (kernel != null && kernel.length != 1) {
            return "Conv with a " + kernel.length + "-D kernel " + java.util.Arrays.toString(kernel)
                    + " is not supported: only 1-D convolutions over time are (kernel_shape [k])";
        }
        long group = n.attribute("group").map(OnnxProto.Attribute::i).orElse(1L);
        if (group < 1) {
            return "Conv with group " + group + " is not supported: the group must be positive";
        }
        String autoPad = n.attribute("auto_pad").map(a -> a.s().toString(StandardCharsets.UTF_8)).orElse("NOTSET");
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            return "Conv with auto_pad " + autoPad + " is not supported: give the pads explicitly (auto_pad NOTSET)";
        }
        return null;
    }

    private static Flow conv(DynamicNode d) throws InvalidNetworkException {
        NodeContext c = d.c();
        Node n = d.node();
        String problem = precheck(n);
        if (problem != null) {
            throw c.fail(problem);
        }
        Flow x = d.x();
        Constant w = d.constant(1, "W");
        if (pointwise(c, x, w)) {
            return pointwiseLayer(d, c, x, w);
        }
        requireChannelsTime(c, x);
        if (!w.isFloat() || w.rank() != 3) {
            throw c.fail(w.rank() == 4 ? "Conv with a 2-D kernel " + java.util.Arrays.toString(new int[] {w.shape()[2],
                    w.shape()[3]}) + " is not supported: only 1-D convolutions over time are"
                    : "the weights W must be a float [out, in, k] tensor, not " + w);
        }
        int cout = w.shape()[0];
        int perGroup = w.shape()[1];
        int k = w.shape()[2];
        long group = c.intAttr("group", 1);
        int cin = channels(x);
        if ((long) perGroup * group != cin || cout % group != 0) {
            throw c.fail("the weights " + w + " with group " + group + " do not match the input's " + cin
                    + " channels (W must be [out, in / group, k] and out a multiple of the group)");
        }
        float[] bias = bias(d, c, cout);
        if (group == 1) {
            d.chargeCopy(1, (long) cout * cin * k, "input W");
        } else {
            c.allocate((long) cout * cin * k, true); // the dense bank is larger than W: charged before it is made
        }
        return convolve(c, x, FloatTensor.of(dense(w.floats(), cout, cin, k, (int) group), cout, cin, k),
                FloatTensor.of(bias, cout));
    }

    /**
     * The weights [out, in / group, k] of a grouped convolution as one dense [out, in, k] bank: filter o
     * reads only the channels of its group (o / (out / group)), the others get weight 0. A group of 1
     * is the weights themselves; a depthwise convolution (group = in) costs in × more multiplications,
     * and the zero products leave every sum unchanged (up to the sign of a zero).
     */
    private static float[] dense(float[] w, int cout, int cin, int k, int group) {
        if (group == 1) {
            return w.clone();
        }
        int perGroup = cin / group;
        int outPerGroup = cout / group;
        float[] full = new float[cout * cin * k];
        for (int o = 0; o < cout; o++) {
            int first = o / outPerGroup * perGroup;
            System.arraycopy(w, o * perGroup * k, full, (o * cin + first) * k, perGroup * k);
        }
        return full;
    }

    /**
     * Whether a Conv is a pointwise (1 × 1) one that keeps the sequence as it is: kernel 1, stride 1, no
     * pads, and no Pad before it to take in; over [batch 1, channels, time], or over [batch 1, channels,
     * 1] where the last axis is not a time axis (a vector, such as a last state). It is then a fully
     * connected layer applied to every step, which needs no fixed sequence length and gives the same
     * bits as the window FC of one frame.
     */
    private static boolean pointwise(NodeContext c, Flow x, Constant w) throws InvalidNetworkException {
        if (!w.isFloat() || w.rank() != 3 || w.shape()[2] != 1 || single(c, "strides", 1) != 1
                || x.rank() != 3 || x.part() != null) {
            return false;
        }
        long[] pads = c.ints("pads");
        if (pads != null && java.util.Arrays.stream(pads).anyMatch(p -> p != 0)) {
            return false;
        }
        if (!x.layers().isEmpty() && x.layers().last() instanceof ConvolutionLayer p && isPad(p)) {
            return false;
        }
        Flow.Ax last = x.axes().get(2);
        boolean overSteps = last.role() == Role.TIME || last.dim() == 1 && last.role() != Role.FEATURE;
        return x.axes().get(0).role() == Role.BATCH && x.axes().get(0).dim() == 1
                && x.axes().get(1).role() == Role.FEATURE && overSteps;
    }

    /** A Conv's optional bias B [out]; zeros when it has none. */
    private static float[] bias(DynamicNode d, NodeContext c, int cout) throws InvalidNetworkException {
        float[] bias = new float[cout];
        if (d.in().size() > 2 && d.in().get(2) != null) {
            Constant b = d.constant(2, "B");
            if (!b.isFloat() || b.rank() != 1 || b.shape()[0] != cout) {
                throw c.fail("the bias B must be a float [" + cout + "] vector, not " + b);
            }
            System.arraycopy(b.floats(), 0, bias, 0, cout);
        }
        return bias;
    }

    /** A pointwise Conv as a fully connected layer: W [out, in, 1] as [out, in] (grouped ones spread). */
    private static Flow pointwiseLayer(DynamicNode d, NodeContext c, Flow x, Constant w)
            throws InvalidNetworkException {
        if (x.axes().get(1).dim() < 1 || x.axes().get(1).dim() > Integer.MAX_VALUE) {
            throw c.fail("the channel axis of " + x.axes() + " must have a fixed size");
        }
        int cin = channels(x);
        int cout = w.shape()[0];
        long group = c.intAttr("group", 1);
        if ((long) w.shape()[1] * group != cin || cout % group != 0) {
            throw c.fail("the weights " + w + " with group " + group + " do not match the input's " + cin
                    + " channels (W must be [out, in / group, k] and out a multiple of the group)");
        }
        float[] bias = bias(d, c, cout);
        c.allocate((long) cout * cin, true);
        FullyConnectedLayer fc = new FullyConnectedLayer("fc", c.node.label(),
                FloatTensor.of(dense(w.floats(), cout, cin, 1, (int) group), cout, cin), FloatTensor.of(bias, cout));
        List<Ax> axes = new ArrayList<>(x.axes());
        axes.set(1, new Ax(Role.FEATURE, cout));
        return new Flow(x.layers().plus(fc), axes, cout);
    }

    private static Flow averagePool(DynamicNode d) throws InvalidNetworkException {
        NodeContext c = d.c();
        Flow x = d.x();
        requireChannelsTime(c, x);
        int k = poolKernel(c, "AveragePool");
        int[] pads = pads(c, autoPad(c, "AveragePool"));
        if ((pads[0] > 0 || pads[1] > 0) && c.intAttr("count_include_pad", 0) == 0) {
            throw c.fail("AveragePool with pads and count_include_pad 0 is not supported: the windows at the edges"
                    + " would average fewer steps (count_include_pad 1 is)");
        }
        int channels = channels(x);
        c.allocate((long) channels * channels * k, true);
        float[] w = new float[channels * channels * k];
        for (int ch = 0; ch < channels; ch++) {
            for (int tap = 0; tap < k; tap++) {
                w[(ch * channels + ch) * k + tap] = (float) (1.0 / k);
            }
        }
        return convolve(c, x, FloatTensor.of(w, channels, channels, k), FloatTensor.zeros(channels));
    }

    /** The pads attribute of a 1-D Conv or pool: [begin, end], zero when absent or with auto_pad VALID. */
    private static int[] pads(NodeContext c, String autoPad) throws InvalidNetworkException {
        long[] pads = c.ints("pads");
        if (pads != null && pads.length != 2) {
            throw c.fail("pads " + java.util.Arrays.toString(pads) + " must have 2 entries for a 1-D convolution");
        }
        if (pads != null && (pads[0] < 0 || pads[1] < 0 || pads[0] > Integer.MAX_VALUE || pads[1] > Integer.MAX_VALUE)) {
            throw c.fail("pads " + java.util.Arrays.toString(pads) + " must not be negative");
        }
        return pads == null || autoPad.equals("VALID") ? new int[2] : new int[] {(int) pads[0], (int) pads[1]};
    }

    /**
     * The convolution layer of a Conv or pool node with its strides, dilations and pads, taking in the
     * padding of a Pad right before it (the Pad's layer is then dropped).
     */
    private static Flow convolve(NodeContext c, Flow x, FloatTensor weights, FloatTensor bias)
            throws InvalidNetworkException {
        Node n = c.node;
        int stride = single(c, "strides", 1);
        int dilation = single(c, "dilations", 1);
        String autoPad = n.attribute("auto_pad").map(a -> a.s().toString(StandardCharsets.UTF_8)).orElse("NOTSET");
        int[] pads = pads(c, autoPad);
        int before = pads[0];
        int after = pads[1];
        int cout = weights.dim(0);
        ConvolutionLayer layer;
        LayerChain layers = x.layers();
        if (!layers.isEmpty() && layers.last() instanceof ConvolutionLayer p && isPad(p)
                && (before == 0 && after == 0 || p.padMode() == PadMode.CONSTANT && p.padValue() == 0f)) {
            // the Pad before this Conv: its padding becomes the convolution's (zero pads add up)
            layer = new ConvolutionLayer("conv", n.label(), weights, bias, stride, dilation,
                    sum(c, p.padBefore(), before), sum(c, p.padAfter(), after), p.padMode(), p.padValue());
            layers = layers.withoutLast();
        } else {
            layer = new ConvolutionLayer("conv", n.label(), weights, bias, stride, dilation, before, after,
                    PadMode.CONSTANT, 0f);
        }
        return windowed(c, x, layers, layer);
    }

    /** A Pad's and a Conv's padding together, which must stay an int. */
    private static int sum(NodeContext c, int pad, int convPad) throws InvalidNetworkException {
        long total = (long) pad + convPad;
        if (total > Integer.MAX_VALUE) {
            throw c.fail("the padding of " + total + " steps (the Pad's and the Conv's) is more than "
                    + Integer.MAX_VALUE);
        }
        return (int) total;
    }

    /** The flow after a windowed layer: its channels, and the time axis of its output length. */
    private static Flow windowed(NodeContext c, Flow x, LayerChain layers, WindowedLayer layer)
            throws InvalidNetworkException {
        long length = x.axes().get(x.indexOf(Role.TIME)).dim();
        long outLength = length == Constant.UNKNOWN ? Constant.UNKNOWN : layer.outputLength(length);
        if (length != Constant.UNKNOWN && layer.lengthProblem(length) != null) {
            throw c.fail(layer.lengthProblem(length));
        }
        List<Ax> axes = withChannelsTime(x, layer.outputSize(), outLength);
        return new Flow(layers.plus(layer), axes, layer.outputSize());
    }

    private static Flow maxPool(DynamicNode d) throws InvalidNetworkException {
        NodeContext c = d.c();
        Node n = d.node();
        Flow x = d.x();
        requireChannelsTime(c, x);
        int k = poolKernel(c, "MaxPool");
        if (k > MaxPoolLayer.MAX_KERNEL) {
            throw c.fail("a max-pooling window of " + k + " steps is more than " + MaxPoolLayer.MAX_KERNEL
                    + " (the program has one MAX per step of the window)");
        }
        for (int i = 1; i < n.outputs().size(); i++) {
            if (!n.outputs().get(i).isEmpty()) {
                throw c.fail("MaxPool's Indices output is not supported");
            }
        }
        int[] pads = pads(c, autoPad(c, "MaxPool"));
        int stride = single(c, "strides", 1);
        int dilation = single(c, "dilations", 1);
        int channels = channels(x);
        LayerChain layers = x.layers();
        MaxPoolLayer layer;
        if (!layers.isEmpty() && layers.last() instanceof ConvolutionLayer p && isPad(p) && pads[0] == 0
                && pads[1] == 0) {
            // the Pad before it: its frames are data the maximum sees, as onnxruntime's
            layer = new MaxPoolLayer("maxpool", n.label(), channels, k, stride, dilation, p.padBefore(),
                    p.padAfter(), p.padMode(), p.padValue());
            layers = layers.withoutLast();
        } else {
            // MaxPool's own pads never win a maximum: -Float.MAX_VALUE is below every finite value
            layer = new MaxPoolLayer("maxpool", n.label(), channels, k, stride, dilation, pads[0], pads[1],
                    PadMode.CONSTANT, pads[0] > 0 || pads[1] > 0 ? -Float.MAX_VALUE : 0f);
        }
        return windowed(c, x, layers, layer);
    }

    /** The 1-D kernel_shape [k] of a pooling node (ceil_mode 0). */
    private static int poolKernel(NodeContext c, String op) throws InvalidNetworkException {
        long[] kernel = c.ints("kernel_shape");
        if (kernel == null || kernel.length != 1) {
            throw c.fail(op + " needs a 1-D kernel_shape [k], not "
                    + (kernel == null ? "none" : java.util.Arrays.toString(kernel)));
        }
        if (kernel[0] < 1 || kernel[0] > Integer.MAX_VALUE) {
            throw c.fail("kernel_shape " + java.util.Arrays.toString(kernel) + " must be positive");
        }
        if (c.intAttr("ceil_mode", 0) != 0) {
            throw c.fail(op + " with ceil_mode 1 is not supported (only 0, the default)");
        }
        return (int) kernel[0];
    }

    /** A pooling node's auto_pad: NOTSET or VALID. */
    private static String autoPad(NodeContext c, String op) throws InvalidNetworkException {
        String autoPad = c.node.attribute("auto_pad").map(a -> a.s().toString(StandardCharsets.UTF_8)).orElse("NOTSET");
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            throw c.fail(op + " with auto_pad " + autoPad + " is not supported: give the pads explicitly");
        }
        return autoPad;
    }

    private static Flow pad(DynamicNode d) throws InvalidNetworkException {
        NodeContext c = d.c();
        Flow x = d.x();
        requireChannelsTime(c, x);
        String mode = c.node.attribute("mode").map(a -> a.s().toString(StandardCharsets.UTF_8)).orElse("constant");
        PadMode padMode = switch (mode) {
            case "constant" -> PadMode.CONSTANT;
            case "reflect" -> PadMode.REFLECT;
            default -> throw c.fail("Pad mode '" + mode + "' is not supported (only constant and reflect are)");
        };
        long[] pads;
        float value = 0f;
        if (d.services().opset() >= 11) {
            pads = d.constant(1, "pads").toLongs();
            if (d.in().size() > 2 && d.in().get(2) != null) {
                Constant v = d.constant(2, "constant_value");
                if (!v.isFloat() || v.size() != 1) {
                    throw c.fail("the constant_value must be one float, not " + v);
                }
                value = v.floats()[0];
            }
        } else {
            pads = c.ints("pads");
            value = c.node.attribute("value").map(OnnxProto.Attribute::f).orElse(0f);
        }
        int rank = x.rank();
        if (pads == null || pads.length != 2 * rank) {
            throw c.fail("pads must have " + 2 * rank + " entries (begin and end of each axis)");
        }
        int time = x.indexOf(Role.TIME);
        for (int i = 0; i < rank; i++) {
            if (i != time && (pads[i] != 0 || pads[i + rank] != 0)) {
                throw c.fail("only the time axis may be padded, not axis " + i + " (" + x.axes().get(i) + ")");
            }
        }
        long before = pads[time];
        long after = pads[time + rank];
        if (before < 0 || after < 0 || before > Integer.MAX_VALUE || after > Integer.MAX_VALUE) {
            throw c.fail("pads " + before + ", " + after + " of the time axis must not be negative");
        }
        if (padMode == PadMode.CONSTANT && !Float.isFinite(value)) {
            throw c.fail("the constant_value " + value + " is not finite");
        }
        int channels = channels(x);
        float[] identity = new float[channels * channels];
        for (int i = 0; i < channels; i++) {
            identity[i * channels + i] = 1f;
        }
        ConvolutionLayer layer = new ConvolutionLayer("pad", c.node.label(), FloatTensor.of(identity, channels, channels, 1),
                FloatTensor.zeros(channels), 1, 1, (int) before, (int) after, padMode, value);
        long length = x.axes().get(time).dim();
        if (length != Constant.UNKNOWN && layer.lengthProblem(length) != null) {
            throw c.fail(layer.lengthProblem(length));
        }
        long outLength = length == Constant.UNKNOWN ? Constant.UNKNOWN : length + before + after;
        return new Flow(x.layers().plus(layer), withChannelsTime(x, channels, outLength), channels);
    }

    /** Whether a layer is what {@link #PAD} made: a 1 × 1 identity convolution of stride and dilation 1. */
    private static boolean isPad(ConvolutionLayer p) {
        if (p.kernelSize() != 1 || p.stride() != 1 || p.dilation() != 1 || p.inputSize() != p.outputSize()) {
            return false;
        }
        float[] w = p.weights().toArray();
        int n = p.inputSize();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (w[i * n + j] != (i == j ? 1f : 0f)) {
                    return false;
                }
            }
        }
        for (float b : p.bias().toArray()) {
            if (b != 0f) {
                return false;
            }
        }
        return true;
    }

    /** The input of a Conv or Pad must be [batch, channels, time]: the channels are the features. */
    private static void requireChannelsTime(NodeContext c, Flow x) throws InvalidNetworkException {
        boolean ok = x.rank() == 3 && x.axes().get(0).role() == Role.BATCH && x.axes().get(0).dim() == 1
                && x.axes().get(1).role() == Role.FEATURE && x.axes().get(2).role() == Role.TIME && x.part() == null;
        if (!ok) {
            throw c.fail("a 1-D convolution needs a [batch 1, channels, time] input, not " + x.axes());
        }
        if (x.axes().get(1).dim() < 1 || x.axes().get(1).dim() > Integer.MAX_VALUE) {
            throw c.fail("the channel axis of " + x.axes() + " must have a fixed size");
        }
    }

    /** The channels of a [batch, channels, time] flow (the features; the network input's too). */
    private static int channels(Flow x) {
        return (int) x.axes().get(1).dim();
    }

    private static List<Ax> withChannelsTime(Flow x, int channels, long length) {
        List<Ax> axes = new ArrayList<>(x.axes());
        axes.set(1, new Ax(Role.FEATURE, channels));
        axes.set(2, new Ax(Role.TIME, length));
        return axes;
    }

    /** A per-axis attribute of a 1-D convolution: its one entry, or {@code dflt} when absent. */
    private static int single(NodeContext c, String name, int dflt) throws InvalidNetworkException {
        long[] v = c.ints(name);
        if (v == null) {
            return dflt;
        }
        if (v.length != 1 || v[0] < 1 || v[0] > Integer.MAX_VALUE) {
            throw c.fail(name + " " + java.util.Arrays.toString(v) + " must be one positive value for a 1-D convolution");
        }
        return (int) v[0];
    }
}
