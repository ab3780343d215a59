package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Sizes;
import io.github.lstmhdl.onnx.Flow.Ax;
import io.github.lstmhdl.onnx.Flow.Role;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ops that rearrange the axes of the dynamic path without computing anything (Transpose, Squeeze,
 * Unsqueeze, Reshape, Flatten): each keeps track of what every axis means, and rejects a rearrangement
 * that would mix the meanings of axes (which the processor's layers could not follow).
 */
final class AxisOps {
    private AxisOps() {
    }

    static final OpTranslator TRANSPOSE = OpTranslator.onParts(OpTranslator.along(OpTranslator.AxisPath.PERMUTES, d -> {
        Flow x = d.x();
        int[] p = ShapeArithmetic.permutation(d.c(), d.c().ints("perm"), x.rank());
        List<Ax> axes = new ArrayList<>();
        for (int i : p) {
            axes.add(x.axes().get(i));
        }
        d.put(x.withAxes(axes));
    }));

    static final OpTranslator SQUEEZE = OpTranslator.onParts(
            d -> d.put(squeeze(d, d.c(), d.x(), d.shapes().axes(d.c(), d.constants(), 1))));

    static final OpTranslator UNSQUEEZE = OpTranslator.onParts(d -> {
        Flow x = d.x();
        long[] axesArg = d.shapes().axes(d.c(), d.constants(), 1);
        int[] shape = ShapeArithmetic.unsqueezeShape(d.c(), new int[x.rank()], axesArg);
        List<Ax> axes = new ArrayList<>();
        int j = 0;
        for (int s : shape) {
            axes.add(s == 1 ? new Ax(Role.UNIT, 1) : x.axes().get(j++));
        }
        d.put(x.withAxes(axes));
    });

    static final OpTranslator RESHAPE = d -> d.put(reshape(d, d.c(), d.x(), d.constant(1, "shape")));

    static final OpTranslator FLATTEN = d -> {
        NodeContext c = d.c();
        Flow x = d.x();
        long axisAttr = c.intAttr("axis", 1);
        int axis = (int) (axisAttr < 0 ? axisAttr + x.rank() : axisAttr);
        if (axis < 0 || axis > x.rank()) {
            throw c.fail("axis " + axisAttr + " is out of range");
        }
        List<List<Integer>> groups = List.of(range(0, axis), range(axis, x.rank()));
        d.put(regroup(d, c, x, groups));
    };

    private static List<Integer> range(int from, int to) {
        List<Integer> l = new ArrayList<>();
        for (int i = from; i < to; i++) {
            l.add(i);
        }
        return l;
    }

    private static Flow squeeze(DynamicNode d, NodeContext c, Flow x, long[] axesArg) throws InvalidNetworkException {
        boolean[] drop = new boolean[x.rank()];
        if (axesArg == null || axesArg.length == 0) {
            for (int i = 0; i < x.rank(); i++) {
                drop[i] = x.axes().get(i).dim() == 1;
            }
        } else {
            for (long a : axesArg) {
                int ax = ShapeArithmetic.axis(c, a, x.rank());
                if (x.axes().get(ax).dim() != 1) {
                    throw c.fail("cannot squeeze axis " + a + " (" + x.axes().get(ax) + "): its size is not 1");
                }
                drop[ax] = true;
            }
        }
        List<Ax> axes = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            if (!drop[i]) {
                axes.add(x.axes().get(i));
            } else if (x.axes().get(i).role() == Role.FEATURE) {
                throw c.fail("squeezing away the feature axis is not supported");
            }
        }
        return x.withAxes(axes);
    }

    /** Reshape of a dynamic tensor: the target must regroup axes without mixing their meanings. */
    private static Flow reshape(DynamicNode dn, NodeContext c, Flow x, Constant shape) throws InvalidNetworkException {
        long[] t = shape.toLongs();
        boolean allowZero = c.intAttr("allowzero", 0) == 1;
        long[] src = x.dims();
        long[] target = dn.shapes().dynamicReshapeTarget(c, src, t, allowZero, x.axes().toString());
        // Group consecutive source axes whose product gives each target dimension.
        List<List<Integer>> groups = new ArrayList<>();
        int s = 0;
        for (long d : target) {
            List<Integer> g = new ArrayList<>();
            if (d == 1) {
                if (s < src.length && src[s] == 1) {
                    g.add(s++);
                }
            } else if (d == Constant.UNKNOWN) {
                while (s < src.length && src[s] == 1) {
                    g.add(s++);
                }
                if (s >= src.length || src[s] != Constant.UNKNOWN) {
                    throw c.fail("cannot reshape " + x.axes() + " to " + Arrays.toString(t));
                }
                g.add(s++);
            } else {
                long prod = 1;
                while (s < src.length && prod != d) {
                    if (src[s] == Constant.UNKNOWN) {
                        throw c.fail("the reshape would mix the dynamic sequence axis with others");
                    }
                    prod = Sizes.times(prod, src[s]);
                    g.add(s++);
                    if (prod > d) {
                        break;
                    }
                }
                if (prod != d) {
                    throw c.fail("cannot reshape " + x.axes() + " to " + Arrays.toString(t)
                            + " without mixing the meanings of axes");
                }
            }
            groups.add(g);
        }
        if (groups.isEmpty()) {
            throw c.fail("reshaping the data path to a scalar is not supported");
        }
        while (s < src.length) {
            if (src[s] != 1) {
                throw c.fail("cannot reshape " + x.axes() + " to " + Arrays.toString(t));
            }
            groups.get(groups.size() - 1).add(s++);
        }
        return regroup(dn, c, x, groups);
    }

    /** Merges each group of consecutive axes into one axis. */
    private static Flow regroup(DynamicNode d, NodeContext c, Flow x, List<List<Integer>> groups) throws InvalidNetworkException {
        List<Ax> axes = new ArrayList<>();
        for (List<Integer> g : groups) {
            List<Ax> members = new ArrayList<>();
            for (int i : g) {
                members.add(x.axes().get(i));
            }
            List<Ax> significant = members.stream().filter(a -> !a.trivial()).toList();
            long dim = 1;
            for (Ax a : members) {
                dim = a.dim() == Constant.UNKNOWN || dim == Constant.UNKNOWN ? Constant.UNKNOWN : Sizes.times(dim, a.dim());
            }
            if (significant.isEmpty()) {
                axes.add(members.size() == 1 ? members.get(0) : new Ax(Role.UNIT, 1));
            } else if (significant.size() == 1) {
                axes.add(new Ax(significant.get(0).role(), dim));
            } else if (significant.size() == 2 && significant.get(0).role() == Role.DIRECTION
                    && significant.get(1).role() == Role.FEATURE) {
                axes.add(new Ax(Role.FEATURE, dim));
            } else {
                throw c.fail("merging axes " + members + " into one is not supported");
            }
        }
        return x.withAxes(axes);
    }
}
