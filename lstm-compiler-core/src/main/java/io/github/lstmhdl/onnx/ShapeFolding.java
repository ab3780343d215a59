package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import java.util.List;

/**
 * The folded ops that change only a constant's shape, sharing its values: Unsqueeze, Squeeze, Flatten
 * and Reshape (whose target the {@link ShapeArithmetic} resolves).
 */
final class ShapeFolding {
    private ShapeFolding() {
    }

    static Constant reshape(ShapeArithmetic shapes, NodeContext c, List<Constant> in) throws InvalidNetworkException {
        return c.req(in, 0).withShape(shapes.reshapeTarget(c, c.req(in, 0).shape(), c.req(in, 1),
                c.intAttr("allowzero", 0) == 1));
    }

    static Constant unsqueeze(NodeContext c, Constant t, long[] axes) throws InvalidNetworkException {
        return t.withShape(ShapeArithmetic.unsqueezeShape(c, t.shape(), axes));
    }

    static Constant squeeze(NodeContext c, Constant t, long[] axes) throws InvalidNetworkException {
        int[] s = t.shape();
        boolean[] drop = new boolean[s.length];
        if (axes == null || axes.length == 0) {
            for (int i = 0; i < s.length; i++) {
                drop[i] = s[i] == 1;
            }
        } else {
            for (long a : axes) {
                int ax = ShapeArithmetic.axis(c, a, s.length);
                if (s[ax] != 1) {
                    throw c.fail("cannot squeeze axis " + a + " of size " + s[ax]);
                }
                drop[ax] = true;
            }
        }
        return t.withShape(java.util.stream.IntStream.range(0, s.length).filter(i -> !drop[i]).map(i -> s[i]).toArray());
    }

    static Constant flatten(NodeContext c, Constant t) throws InvalidNetworkException {
        int[] s = t.shape();
        int axis = (int) ShapeArithmetic.clampAxis(c.intAttr("axis", 1), s.length);
        int a = 1;
        for (int i = 0; i < axis; i++) {
            a *= s[i];
        }
        int b = 1;
        for (int i = axis; i < s.length; i++) {
            b *= s[i];
        }
        return t.withShape(a, b);
    }
}
