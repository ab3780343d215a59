package io.github.lstmhdl.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lstmhdl.ir.ConvolutionLayer;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.InvalidNetworkException;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The {@code convolution1d} layer: weights outputSize × features × kernelSize (ONNX's [out, in, k]), a
 * bias of outputSize, and the optional window fields ({@link WindowFields}).
 */
final class ConvolutionFormat implements LayerFormat<ConvolutionLayer> {
    static final ConvolutionFormat INSTANCE = new ConvolutionFormat();
    static final String TYPE = "convolution1d";

    private static final Set<String> FIELDS = WindowFields.with("type", "name", "outputSize", "kernelSize", "weights",
            "bias");

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
        WindowFields window = WindowFields.read(f, max);
        return new ConvolutionLayer(name, f.path(), w, b, window.stride(), window.dilation(), window.padBefore(),
                window.padAfter(), window.padMode(), window.padValue());
    }

    @Override
    public void write(ConvolutionLayer conv, ObjectNode node, LayerWriting out) throws IOException {
        node.put("type", TYPE);
        node.put("name", conv.name());
        node.put("outputSize", conv.outputSize());
        node.put("kernelSize", conv.kernelSize());
        node.put("weights", out.weightFile(conv.name(), "W", conv.weights()));
        node.put("bias", out.weightFile(conv.name(), "b", conv.bias()));
        WindowFields.write(conv, node);
    }
}
