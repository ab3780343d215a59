package io.github.lstmhdl.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.GruLayer;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.OutputMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code gru} layer in MATLAB's gruLayer conventions: gate order reset, update, candidate (the IR's
 * is update, reset, candidate, as ONNX's), input weights 3H×D, recurrent weights 3H×H, and
 * {@code resetGateMode} as MATLAB's ResetGateMode: {@code after-multiplication} (the default) is ONNX
 * linear_before_reset=1 with the bias (3H) as Wb and a zero Rb; {@code recurrent-bias-after-multiplication}
 * the same with a 6H bias [Wb ; Rb]; {@code before-multiplication} is linear_before_reset=0 with the bias
 * as Wb. A GRU has no cell state, so {@code lastCell} is not one of its output modes.
 */
final class GruFormat implements LayerFormat<GruLayer> {
    static final GruFormat INSTANCE = new GruFormat();
    static final String TYPE = "gru";

    /** MATLAB's gruLayer ResetGateMode values: the default, and the two others. */
    static final String RESET_AFTER = "after-multiplication";
    static final String RESET_BEFORE = "before-multiplication";
    static final String RESET_AFTER_RECURRENT_BIAS = "recurrent-bias-after-multiplication";

    /** The accepted ResetGateMode values, for messages. */
    static final String RESET_GATE_MODES = "\"" + RESET_AFTER + "\", \"" + RESET_BEFORE + "\" or \""
            + RESET_AFTER_RECURRENT_BIAS + "\"";

    private static final Set<String> FIELDS = Set.of("type", "name", "hiddenUnits", "outputMode", "direction",
            "resetGateMode", "inputWeights", "recurrentWeights", "bias", "initialHiddenState");

    private GruFormat() {
    }

    @Override
    public List<String> types() {
        return List.of(TYPE);
    }

    @Override
    public GruLayer read(String type, LayerReading in, JsonFields f) throws InvalidNetworkException {
        f.allowOnly(FIELDS, "a gru layer");
        String name = in.name(f);
        in.requireSequence(f, name, TYPE);
        long h = f.requirePositiveInt("hiddenUnits", in.maxElements());
        Direction direction = NativeFormat.direction(f);
        OutputMode mode = NativeFormat.outputMode(f, direction, TYPE, false);
        String resetValue = f.optionalString("resetGateMode").orElse(RESET_AFTER);
        if (!List.of(RESET_AFTER, RESET_BEFORE, RESET_AFTER_RECURRENT_BIAS).contains(resetValue)) {
            throw f.error("resetGateMode", "unknown resetGateMode \"" + resetValue + "\"; use " + RESET_GATE_MODES);
        }
        boolean recurrentBias = resetValue.equals(RESET_AFTER_RECURRENT_BIAS);
        long d = in.features();
        String of = " of '" + name + "'";
        String from = " (it receives " + d + " features from '" + in.previous() + "' and has " + h + " hidden units)";
        int dirs = direction.count();
        List<FloatTensor> w = in.perDirection(f, "inputWeights", "input weights" + of + from, dirs, 3 * h, d);
        List<FloatTensor> r = in.perDirection(f, "recurrentWeights", "recurrent weights" + of, dirs, 3 * h, h);
        List<FloatTensor> b = in.perDirection(f, "bias", "bias" + of + " (resetGateMode \"" + resetValue + "\")", dirs,
                (recurrentBias ? 6 : 3) * h);
        Optional<List<FloatTensor>> h0 = in.optionalPerDirection(f, "initialHiddenState", "initial hidden state" + of,
                dirs, h);
        List<GruLayer.Parameters> parameters = new ArrayList<>();
        int hs = (int) h;
        for (int k = 0; k < dirs; k++) {
            float[] bias = b.get(k).toArray();
            FloatTensor wb = FloatTensor.of(Arrays.copyOf(bias, 3 * hs), 3 * hs);
            FloatTensor rb = recurrentBias ? FloatTensor.of(Arrays.copyOfRange(bias, 3 * hs, 6 * hs), 3 * hs)
                    : FloatTensor.zeros(3 * hs);
            int dir = k;
            parameters.add(new GruLayer.Parameters(swapResetAndUpdate(w.get(k)), swapResetAndUpdate(r.get(k)),
                    swapResetAndUpdate(wb), swapResetAndUpdate(rb), h0.map(t -> t.get(dir))));
        }
        try {
            return new GruLayer(name, f.path(), direction, mode, !resetValue.equals(RESET_BEFORE), parameters);
        } catch (IllegalArgumentException e) {
            throw new InvalidNetworkException(in.file(), f.path(), e.getMessage());
        }
    }

    @Override
    public void write(GruLayer gru, ObjectNode node, LayerWriting out) throws IOException {
        String name = gru.name();
        List<GruLayer.Parameters> dirs = gru.directions();
        int h = gru.hiddenSize();
        boolean recurrentBias = gru.resetAfter() && dirs.stream().anyMatch(d -> anyNonZero(d.recurrentBias()));
        node.put("type", TYPE);
        node.put("name", name);
        node.put("hiddenUnits", h);
        node.put("outputMode", NativeFormat.outputModeName(gru.outputMode(), gru.direction()));
        node.put("direction", NativeFormat.directionName(gru.direction()));
        node.put("resetGateMode", !gru.resetAfter() ? RESET_BEFORE
                : recurrentBias ? RESET_AFTER_RECURRENT_BIAS : RESET_AFTER);
        List<FloatTensor> w = new ArrayList<>();
        List<FloatTensor> r = new ArrayList<>();
        List<FloatTensor> b = new ArrayList<>();
        List<FloatTensor> h0 = new ArrayList<>();
        for (GruLayer.Parameters d : dirs) {
            w.add(swapResetAndUpdate(d.inputWeights()));
            r.add(swapResetAndUpdate(d.recurrentWeights()));
            float[] wb = swapResetAndUpdate(d.inputBias()).toArray();
            float[] rb = swapResetAndUpdate(d.recurrentBias()).toArray();
            float[] bias = Arrays.copyOf(wb, recurrentBias ? 6 * h : 3 * h);
            for (int j = 0; j < 3 * h; j++) {
                if (recurrentBias) {
                    bias[3 * h + j] = rb[j];
                } else if (!gru.resetAfter()) {
                    bias[j] = wb[j] + rb[j]; // before-multiplication has one bias: the compiler sums them too
                }
            }
            b.add(FloatTensor.of(bias, bias.length));
            h0.add(d.initialHidden().orElseGet(() -> FloatTensor.zeros(h)));
        }
        node.put("inputWeights", out.weightFile(name, "W", LayerWriting.stacked(w)));
        node.put("recurrentWeights", out.weightFile(name, "R", LayerWriting.stacked(r)));
        node.put("bias", out.weightFile(name, "b", LayerWriting.stacked(b)));
        if (dirs.stream().anyMatch(d -> d.initialHidden().isPresent())) {
            node.put("initialHiddenState", out.weightFile(name, "h0", LayerWriting.stacked(h0)));
        }
    }

    /**
     * A GRU parameter of 3 gate blocks along its first axis with the first two blocks swapped: MATLAB's
     * order reset, update, candidate becomes the IR's (ONNX's) update, reset, candidate, and back (the
     * swap is its own inverse).
     */
    static FloatTensor swapResetAndUpdate(FloatTensor t) {
        int block = t.size() / 3;
        float[] a = t.toArray();
        float[] swapped = a.clone();
        System.arraycopy(a, 0, swapped, block, block);
        System.arraycopy(a, block, swapped, 0, block);
        return FloatTensor.of(swapped, t.shape());
    }

    private static boolean anyNonZero(FloatTensor t) {
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i) != 0f) {
                return true;
            }
        }
        return false;
    }
}
