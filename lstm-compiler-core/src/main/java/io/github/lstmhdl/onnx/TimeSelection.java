package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.ir.RecurrentLayer;
import io.github.lstmhdl.onnx.Flow.Ax;
import io.github.lstmhdl.onnx.Flow.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * The ops that select along an axis of the dynamic path (Slice, Gather): a whole axis, a unit axis, or
 * the last time step, which switches the last LSTM to its last-step output mode.
 */
final class TimeSelection {
    private TimeSelection() {
    }

    static final OpTranslator SLICE = d -> d.put(slice(d, d.c(), d.x(), d.in()));

    static final OpTranslator GATHER = d -> d.put(gather(d, d.c(), d.x(), d.constant(1, "indices")));

    private static Flow slice(DynamicNode d, NodeContext c, Flow x, List<Value> in) throws InvalidNetworkException {
        List<Constant> cs = d.constants();
        for (int i = 1; i < in.size(); i++) {
            if (in.get(i) != null && cs.get(i) == null) {
                throw c.fail("slice parameters must be constant");
            }
        }
        ShapeArithmetic.SliceSpec spec = d.shapes().sliceSpec(c, cs);
        List<Ax> axes = new ArrayList<>(x.axes());
        Flow result = x;
        for (int k = 0; k < spec.axes().length; k++) {
            int ax = ShapeArithmetic.axis(c, spec.axes()[k], x.rank());
            Ax a = axes.get(ax);
            long start = spec.starts()[k];
            long end = spec.ends()[k];
            long step = spec.steps()[k];
            boolean open = end >= Integer.MAX_VALUE;
            if (a.dim() != Constant.UNKNOWN) {
                ShapeArithmetic.Range r = ShapeArithmetic.range(start, end, step, a.dim());
                if (r.step() == 1 && r.start() == 0 && r.length() == a.dim()) {
                    continue; // the whole axis
                }
                if (a.role() == Role.TIME && r.step() == 1 && r.length() == 1 && r.start() == a.dim() - 1) {
                    result = lastStep(d, c, result);
                    axes.set(ax, new Ax(Role.LAST_TIME, 1));
                    continue;
                }
            } else {
                if (step == 1 && start == 0 && open) {
                    continue;
                }
                if (a.role() == Role.TIME && step == 1 && start == -1 && open) {
                    result = lastStep(d, c, result);
                    axes.set(ax, new Ax(Role.LAST_TIME, 1));
                    continue;
                }
            }
            throw c.fail("slicing " + a + " with start " + start + ", end " + end + ", step " + step
                    + " is not supported (only the last time step or a whole axis)");
        }
        return result.withAxes(axes);
    }

    private static Flow gather(DynamicNode d, NodeContext c, Flow x, Constant indices) throws InvalidNetworkException {
        int ax = ShapeArithmetic.axis(c, c.intAttr("axis", 0), x.rank());
        Ax a = x.axes().get(ax);
        if (indices.size() != 1 || indices.rank() > 1) {
            throw c.fail("only a single index is supported on the data path, not " + indices);
        }
        long index = ShapeArithmetic.known(c, indices, "indices")[0];
        Flow result = x;
        Ax kept;
        if (a.role() == Role.TIME && (index == -1 || (a.dim() != Constant.UNKNOWN && index == a.dim() - 1))) {
            result = lastStep(d, c, x);
            kept = new Ax(Role.LAST_TIME, 1);
        } else if (a.dim() == 1 && (index == 0 || index == -1) && a.role() != Role.FEATURE) {
            kept = a;
        } else {
            throw c.fail("gathering index " + index + " of axis " + a
                    + " is not supported (only the last time step)");
        }
        List<Ax> axes = new ArrayList<>(x.axes());
        if (indices.rank() == 0) {
            axes.remove(ax);
        } else {
            axes.set(ax, kept);
        }
        return result.withAxes(axes);
    }

    /** Selecting the last time step: the last recurrent layer switches to its last-step output mode. */
    private static Flow lastStep(DynamicNode d, NodeContext c, Flow x) throws InvalidNetworkException {
        int back = x.layers().backToLast(RecurrentLayer.class);
        if (back >= 0) {
            RecurrentLayer l = (RecurrentLayer) x.layers().fromEnd(back);
            if (l.outputMode() != OutputMode.SEQUENCE) {
                throw c.fail("the time axis was already reduced");
            }
            OutputMode mode = l.direction() == Direction.FORWARD ? OutputMode.LAST_STATE : OutputMode.LAST_STEP;
            return new Flow(x.layers().replacingFromEnd(back, l.withOutputMode(mode)), x.axes(), x.features());
        }
        throw c.fail("selecting the last time step before any LSTM layer is not supported");
    }
}
