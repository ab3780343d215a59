package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.ir.RecurrentLayer;
import io.github.lstmhdl.ir.StateKind;
import io.github.lstmhdl.onnx.Flow.Ax;
import io.github.lstmhdl.onnx.Flow.Role;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import java.util.List;

/**
 * The ONNX LSTM op: checks that X has the axes its layout needs, converts the weights once
 * ({@link LstmConverter}) and gives each requested output (Y, Y_h, Y_c) a layer of its output mode.
 */
final class LstmTranslator implements RecurrentTranslator {

    private static final OutputMode[] OUTPUTS = {OutputMode.SEQUENCE, OutputMode.LAST_STATE, OutputMode.LAST_CELL};

    @Override
    public void translate(DynamicNode d) throws InvalidNetworkException {
        recurrentNode(d, OUTPUTS, (n, mode, cs, owned, inputSize, time, batch) ->
                d.services().lstm().convert(n, "lstm", mode, cs, owned, inputSize, time, batch));
    }

    /**
     * How a recurrent op's weights become a layer of the given output mode: {@code cs} are the node's
     * constant inputs (index 0 unused, null where omitted), {@code owned} says which of them nothing
     * else holds (see {@link LstmConverter#convert}).
     */
    @FunctionalInterface
    interface Conversion {
        RecurrentLayer convert(Node n, OutputMode mode, Constant[] cs, boolean[] owned, int inputSize, long time,
                long batch) throws InvalidNetworkException;
    }


    /**
     * Translates a recurrent node of the ONNX conventions that LSTM, GRU and RNN share: X has the axes
     * its layout needs, every other input is constant, and output k (when named) is a layer of output
     * mode {@code outputs[k]} with axes [T, dirs, N, H] for Y and [dirs, N, H] for the final states
     * (batch first with layout 1). The weights are converted once; the other outputs share them.
     */
    static void recurrentNode(DynamicNode d, OutputMode[] outputs, Conversion conversion)
            throws InvalidNetworkException {
        Node n = d.node();
        Flow x = d.x();
        List<Value> in = d.in();
        ValueTable values = d.values();
        NodeContext c = d.c();
        int layout = d.services().lstm().layout(n);
        List<Role> want = layout == 0 ? List.of(Role.TIME, Role.BATCH, Role.FEATURE)
                : List.of(Role.BATCH, Role.TIME, Role.FEATURE);
        List<Role> have = x.axes().stream().map(Ax::role).toList();
        if (!have.equals(want)) {
            throw c.fail("input X has axes " + x.axes() + " but layout " + layout + " needs " + want);
        }
        int features = x.layers().isEmpty() ? -1 : x.features();
        long declared = x.axes().get(2).dim();
        Constant[] cs = new Constant[8];
        StateTensor[] ports = new StateTensor[8]; // initial states from state graph inputs (StatePlumbing)
        for (int i = 1; i < Math.min(8, in.size()); i++) {
            if (in.get(i) instanceof Flow) {
                throw c.fail("input " + i + " ('" + n.inputs().get(i) + "') must be constant");
            }
            if (in.get(i) instanceof StateTensor s) {
                if (i != RecurrentTranslator.INITIAL_H && !(i == RecurrentTranslator.INITIAL_H + 1 && outputs.length > 2)) {
                    throw c.fail("input " + i + " ('" + n.inputs().get(i) + "') comes from a state graph input; only"
                            + " initial_h and initial_c may");
                }
                ports[i] = s;
                continue;
            }
            cs[i] = (Constant) in.get(i);
        }
        if (cs[1] == null || cs[1].rank() != 3) {
            throw c.fail("input W must be a constant of rank 3");
        }
        int inputSize = cs[1].shape()[2];
        if (features >= 0 && features != inputSize) {
            throw c.fail("input X has " + features + " features but W expects " + inputSize);
        }
        if (features < 0 && declared != Constant.UNKNOWN && declared != inputSize) {
            throw c.fail("input X declares " + declared + " features but W expects " + inputSize);
        }
        long time = x.axes().get(want.indexOf(Role.TIME)).dim();
        long batch = x.axes().get(want.indexOf(Role.BATCH)).dim();
        Ax timeAx = x.axes().get(want.indexOf(Role.TIME));
        Ax batchAx = x.axes().get(want.indexOf(Role.BATCH));
        boolean[] owned = new boolean[cs.length];
        for (int i = 1; i < cs.length; i++) {
            owned[i] = d.soleHolder(cs, i);
        }
        RecurrentLayer converted = null; // converted once (it may take over W and R); other outputs share its weights
        for (int o = 0; o < Math.min(outputs.length, n.outputs().size()); o++) {
            if (n.outputs().get(o).isEmpty()) {
                continue;
            }
            RecurrentLayer layer = converted == null
                    ? conversion.convert(n, outputs[o], cs, owned, inputSize, time, batch)
                    : converted.withOutputMode(outputs[o]);
            converted = layer;
            Ax dir = new Ax(Role.DIRECTION, layer.direction().count());
            Ax feat = new Ax(Role.FEATURE, layer.hiddenSize());
            List<Ax> axes = o == 0
                    ? (layout == 0 ? List.of(timeAx, dir, batchAx, feat) : List.of(batchAx, timeAx, dir, feat))
                    : (layout == 0 ? List.of(dir, batchAx, feat) : List.of(batchAx, dir, feat));
            values.put(n.outputs().get(o), x.plus(layer, axes));
        }
        for (int i = RecurrentTranslator.INITIAL_H; converted != null && i < ports.length; i++) {
            if (ports[i] != null) {
                StateKind kind = i == RecurrentTranslator.INITIAL_H ? StateKind.HIDDEN : StateKind.CELL;
                d.services().plumbing().bindInitial(c, n, ports[i], kind, converted.direction().count(),
                        converted.hiddenSize(), i == RecurrentTranslator.INITIAL_H ? "initial_h" : "initial_c");
            }
        }
    }
}
