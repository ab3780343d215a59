package io.github.lstmhdl.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lstmhdl.ir.ConvolutionLayer;
import io.github.lstmhdl.ir.ConvolutionLayer.PadMode;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.InvalidNetworkException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code convolution1d} layer: weights outputSize × features × kernelSize (ONNX's [out, in, k]), a
 * bias of outputSize, and optional stride, dilation (default 1), padBefore, padAfter (default 0),
 * padMode ({@code constant}, the default, or {@code reflect}) and padValue (default 0).
 */
final class ConvolutionFormat implements LayerFormat<ConvolutionLayer> {
    static final ConvolutionFormat INSTANCE = new ConvolutionFormat();
    static final String TYPE = "convolution1d";

    private static final Set<String> FIELDS = Set.of("type", "name", "outputSize", "kernelSize", "weights", "bias",
            "stride", "dilation", "padBefore", "padAfter", "padMode", "padValue");

    private ConvolutionFormat() {
    }

    @Override
    public List<String> types() {
        return List.of(TYPE);
    }

    @Override
    public ConvolutionLayer read(String type, LayerReading in, JsonFields f) throws InvalidNetworkException {
        f.allowOnly(FIELDS, "a convolution1d layer");
        String name = in.name(f);
        in.requireSequence(f, name, "the convolution1d");
        long max = in.maxElements();
        long out = f.requirePositiveInt("outputSize", max);
        long k = f.requirePositiveInt("kernelSize", max);
        long features = in.features();
        String of = " of '" + name + "'";
        FloatTensor w = in.weights().load(f.requireString("weights"), f.path("weights"), "the weights" + of
                + " (outputSize " + out + " x " + features + " features from '" + in.previous() + "' x kernelSize " + k
                + ")", new long[] {out, features, k}, List.of(new long[] {out, features, k}));
        FloatTensor b = in.weights().load(f.requireString("bias"), f.path("bias"), "the bias" + of,
                new long[] {out}, List.of(new long[] {out}, new long[] {out, 1}));
        int stride = f.optionalPositiveInt("stride", max).orElse(1);
        int dilation = f.optionalPositiveInt("dilation", max).orElse(1);
        int before = f.optionalNonNegativeInt("padBefore", max, 0);
        int after = f.optionalNonNegativeInt("padAfter", max, 0);
        String mode = f.optionalString("padMode").orElse("constant");
        PadMode padMode = switch (mode) {
            case "constant" -> PadMode.CONSTANT;
            case "reflect" -> PadMode.REFLECT;
            default -> throw f.error("padMode", "'padMode' must be \"constant\" or \"reflect\", not \"" + mode + "\"");
        };
        float value = f.optionalFiniteFloat("padValue", 0f);
        if (padMode == PadMode.REFLECT && value != 0f) {
            throw f.error("padValue", "'padValue' is only for padMode \"constant\"");
        }
        return new ConvolutionLayer(name, f.path(), w, b, stride, dilation, before, after, padMode, value);
    }

    @Override
    public void write(ConvolutionLayer conv, ObjectNode node, LayerWriting out) throws IOException {
        node.put("type", TYPE);
        node.put("name", conv.name());
        node.put("outputSize", conv.outputSize());
        node.put("kernelSize", conv.kernelSize());
        node.put("weights", out.weightFile(conv.name(), "W", conv.weights()));
        node.put("bias", out.weightFile(conv.name(), "b", conv.bias()));
        node.put("stride", conv.stride());
        node.put("dilation", conv.dilation());
        node.put("padBefore", conv.padBefore());
        node.put("padAfter", conv.padAfter());
        node.put("padMode", conv.padMode().name().toLowerCase(Locale.ROOT));
        if (conv.padMode() == PadMode.CONSTANT && conv.padValue() != 0f) {
            node.put("padValue", conv.padValue());
        }
    }
}
