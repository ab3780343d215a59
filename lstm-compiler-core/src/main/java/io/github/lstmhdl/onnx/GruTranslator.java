package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.GruLayer;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.onnx.OnnxProto.Attribute;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The ONNX GRU op (inputs X, W [dirs, 3H, D], R [dirs, 3H, H], B [dirs, 6H], sequence_lens, initial_h;
 * outputs Y and Y_h): the node conventions it shares with LSTM ({@link LstmTranslator#recurrentNode})
 * and the checks of direction, layout, hidden size, sequence_lens and initial states
 * ({@link LstmConverter}) are the LSTM's; what is the GRU's own is here. The gate order z, r, h of
 * ONNX is the IR's, so a single direction's W and R that nothing else holds become the layer's
 * tensors as they are. {@code linear_before_reset} picks the reset form; non-default activations,
 * {@code clip} and any other {@code linear_before_reset} than 0 or 1 are rejected naming the node.
 */
final class GruTranslator implements RecurrentTranslator {
    private static final OutputMode[] OUTPUTS = {OutputMode.SEQUENCE, OutputMode.LAST_STATE};

    @Override
    public void translate(DynamicNode d) throws InvalidNetworkException {
        List<String> outputs = d.node().outputs();
        if (outputs.size() > OUTPUTS.length && outputs.subList(OUTPUTS.length, outputs.size()).stream()
                .anyMatch(o -> !o.isEmpty())) {
            throw d.c().fail("names " + outputs.size() + " outputs, but a GRU has two (Y and Y_h)");
        }
        LstmTranslator.recurrentNode(d, OUTPUTS, (n, mode, cs, owned, inputSize, time, batch) ->
                convert(d.services().lstm(), n, mode, cs, owned, inputSize, time, batch));
    }


    private static GruLayer convert(LstmConverter conv, Node node, OutputMode mode, Constant[] in, boolean[] owned,
            int inputSize, long sequence, long batch) throws InvalidNetworkException {
        Direction direction = conv.direction(node);
        int dirs = direction.count();
        if (node.attribute("clip").isPresent()) {
            throw conv.fail(node, "attribute 'clip' (cell clipping, " + node.attribute("clip").get().f()
                    + ") is not supported");
        }
        conv.checkDefaultActivations(node, direction, "f, g", "Sigmoid", "Tanh");
        long lbr = node.attribute("linear_before_reset").map(Attribute::i).orElse(0L);
        if (lbr != 0 && lbr != 1) {
            throw conv.fail(node, "attribute 'linear_before_reset' must be 0 or 1, not " + lbr);
        }
        Constant w = conv.require(node, in, 1, "W");
        Constant r = conv.require(node, in, 2, "R");
        int h = conv.hiddenSize(node, r, 3);
        conv.expectShape(node, w, "W", dirs, 3 * h, inputSize);
        conv.expectShape(node, r, "R", dirs, 3 * h, h);
        Constant b = in[3];
        if (b != null) {
            conv.expectShape(node, b, "B", dirs, 6 * h);
        }
        if (in[RecurrentTranslator.SEQUENCE_LENS] != null) {
            conv.checkSequenceLens(node, in[RecurrentTranslator.SEQUENCE_LENS], sequence);
        }
        int layout = conv.layout(node);
        boolean whole = dirs == 1;
        List<GruLayer.Parameters> params = new ArrayList<>();
        for (int d = 0; d < dirs; d++) {
            conv.chargeCopy(node, owned, 1, whole && owned[1] ? 0 : 3L * h * inputSize, "input W");
            conv.chargeCopy(node, owned, 2, whole && owned[2] ? 0 : 3L * h * h, "input R");
            conv.chargeCopy(node, owned, 3, b == null ? 0 : 6L * h, "input B");
            float[] wd = whole && owned[1] ? w.floats() : slice(w.floats(), d, 3 * h * inputSize);
            float[] rd = whole && owned[2] ? r.floats() : slice(r.floats(), d, 3 * h * h);
            float[] wb = b == null ? new float[3 * h] : Arrays.copyOfRange(b.floats(), d * 6 * h, d * 6 * h + 3 * h);
            float[] rb = b == null ? new float[3 * h]
                    : Arrays.copyOfRange(b.floats(), d * 6 * h + 3 * h, (d + 1) * 6 * h);
            Optional<FloatTensor> h0 = conv.state(node, in, owned, 5, "initial_h", d, dirs, h, batch, layout);
            params.add(new GruLayer.Parameters(FloatTensor.of(wd, 3 * h, inputSize), FloatTensor.of(rd, 3 * h, h),
                    FloatTensor.of(wb, 3 * h), FloatTensor.of(rb, 3 * h), h0));
        }
        return new GruLayer("gru", node.label(), direction, mode, lbr == 1, params);
    }

    /** Direction d's block of {@code size} elements. */
    private static float[] slice(float[] all, int d, int size) {
        return Arrays.copyOfRange(all, d * size, (d + 1) * size);
    }
}
