package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.onnx.Flow.Ax;
import io.github.lstmhdl.onnx.Flow.Part;
import io.github.lstmhdl.onnx.Flow.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * The directions of a bidirectional layer taken apart and put back together, as exporters write a
 * concatenating Bidirectional wrapper (tf2onnx for Keras: Slice or Gather of each direction of Y,
 * Squeeze, Concat along the features). Cutting out a direction gives a {@link Part}; a Concat of all
 * parts of one output, in direction order, along the feature axis (or along the direction axis) is that
 * output again, with the features direction-major as the processor writes them. Anything else done with
 * a single direction is rejected: the processor computes both directions of a layer together.
 */
final class DirectionParts {

    private DirectionParts() {
    }

    /** The message for a direction part that reaches an op that needs a whole tensor. */
    static String alone(Flow part) {
        return "uses direction " + part.part().index() + " of the " + part.part().count() + " of bidirectional node '"
                + part.lastLayer().origin() + "' alone; only a Concat of all its directions in order is supported";
    }

    /** Slice or Gather: a direction part when it picks one entry of a DIRECTION axis, else {@code selection}. */
    static OpTranslator orElse(OpTranslator selection) {
        return OpTranslator.along(selection.axisPath(), d -> {
            Flow part = d.node().opType().equals("Slice") ? slicedDirection(d) : gatheredDirection(d);
            if (part == null) {
                selection.translate(d);
            } else {
                d.put(part);
            }
        });
    }

    /** Concat on the dynamic path: the parts of one bidirectional output, back together. */
    static final OpTranslator CONCAT = OpTranslator.onParts(d -> {
        NodeContext c = d.c();
        List<Flow> parts = new ArrayList<>();
        for (Value v : d.in()) {
            if (!(v instanceof Flow f)) {
                throw c.fail("concatenating the data path with constants is not supported");
            }
            parts.add(f);
        }
        Flow first = parts.get(0);
        int axis = ShapeArithmetic.axis(c, c.intAttr("axis", 0), first.rank());
        for (int k = 0; k < parts.size(); k++) {
            Flow p = parts.get(k);
            if (p.part() == null || p.part().index() != k || p.part().count() != parts.size()
                    || p.layers() != first.layers()) {
                throw c.fail("only the directions of one bidirectional layer, each once and in order, may be"
                        + " concatenated on the data path");
            }
            if (!p.axes().equals(first.axes())) {
                throw c.fail("the directions to concatenate have different axes: " + first.axes() + " and " + p.axes());
            }
        }
        Ax along = first.axes().get(axis);
        List<Ax> axes = new ArrayList<>(first.axes());
        if (along.role() == Role.FEATURE && first.indexOf(Role.DIRECTION) < 0) {
            axes.set(axis, new Ax(Role.FEATURE, along.dim() * parts.size()));
        } else if (along.role() == Role.DIRECTION) {
            axes.set(axis, new Ax(Role.DIRECTION, parts.size()));
        } else {
            throw c.fail("the directions may only be concatenated along the feature or the direction axis, not "
                    + along);
        }
        d.put(new Flow(first.layers(), axes, first.features()));
    });

    private static Flow slicedDirection(DynamicNode d) throws InvalidNetworkException {
        NodeContext c = d.c();
        Flow x = d.x();
        int direction = x.indexOf(Role.DIRECTION);
        if (direction < 0 || x.axes().get(direction).dim() < 2) {
            return null;
        }
        List<Constant> cs = d.constants();
        for (int i = 1; i < d.in().size(); i++) {
            if (d.in().get(i) != null && cs.get(i) == null) {
                throw c.fail("slice parameters must be constant");
            }
        }
        ShapeArithmetic.SliceSpec spec = d.shapes().sliceSpec(c, cs);
        int index = -1;
        for (int k = 0; k < spec.axes().length; k++) {
            int ax = ShapeArithmetic.axis(c, spec.axes()[k], x.rank());
            Ax a = x.axes().get(ax);
            ShapeArithmetic.Range r = a.dim() == Constant.UNKNOWN ? null
                    : ShapeArithmetic.range(spec.starts()[k], spec.ends()[k], spec.steps()[k], a.dim());
            boolean whole = r != null && r.step() == 1 && r.start() == 0 && r.length() == a.dim();
            if (ax != direction) {
                if (!whole) {
                    return null; // another selection: the time selection decides
                }
            } else if (!whole) {
                if (r.length() != 1) {
                    throw c.fail("slicing " + a + " to " + r.length() + " directions is not supported (one, or all)");
                }
                index = (int) r.start();
            }
        }
        if (index < 0) {
            return null;
        }
        List<Ax> axes = new ArrayList<>(x.axes());
        axes.set(direction, new Ax(Role.DIRECTION, 1));
        return new Flow(x.layers(), axes, x.features(), new Part(index, (int) x.axes().get(direction).dim()));
    }

    private static Flow gatheredDirection(DynamicNode d) throws InvalidNetworkException {
        NodeContext c = d.c();
        Flow x = d.x();
        int ax = ShapeArithmetic.axis(c, c.intAttr("axis", 0), x.rank());
        Ax a = x.axes().get(ax);
        if (a.role() != Role.DIRECTION || a.dim() < 2) {
            return null;
        }
        Constant indices = d.constant(1, "indices");
        if (indices.size() != 1 || indices.rank() > 1) {
            throw c.fail("only a single index is supported on the data path, not " + indices);
        }
        long index = ShapeArithmetic.known(c, indices, "indices")[0];
        long count = a.dim();
        if (index < -count || index >= count) {
            throw c.fail("index " + index + " is out of range for " + a);
        }
        List<Ax> axes = new ArrayList<>(x.axes());
        if (indices.rank() == 0) {
            axes.remove(ax);
        } else {
            axes.set(ax, new Ax(Role.DIRECTION, 1));
        }
        return new Flow(x.layers(), axes, x.features(), new Part((int) (index < 0 ? index + count : index), (int) count));
    }
}
