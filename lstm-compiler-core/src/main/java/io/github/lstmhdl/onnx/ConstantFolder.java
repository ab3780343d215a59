package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.onnx.OnnxProto.Attribute;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import java.util.Arrays;
import java.util.List;

/**
 * Evaluates a node whose inputs are all {@link Constant}s: the shape arithmetic and weight rearranging
 * that exporters leave in graphs (Shape, Gather, Unsqueeze, Squeeze, Slice, Concat, Cast,
 * ConstantOfShape, Expand, Reshape, Flatten, Transpose, Identity, Dropout, Add, Mul, Sub, Div). Every
 * result size is checked against the element limit, and every result and index table is charged to the
 * import's {@link ConstantBudget}, before it is allocated.
 */
final class ConstantFolder {
    private final String file;
    private final long opset;
    private final TensorDecoder decoder;
    private final long maxElements;
    private final ConstantBudget budget;
    private final ShapeArithmetic shapes;

    ConstantFolder(String file, long opset, TensorDecoder decoder, long maxElements) {
        this.file = file;
        this.opset = opset;
        this.decoder = decoder;
        this.maxElements = maxElements;
        this.budget = decoder.budget();
        this.shapes = new ShapeArithmetic(opset, maxElements);
    }

    /** Evaluates {@code node}; {@code in} holds its inputs (null for an omitted optional input). */
    Constant fold(Node node, List<Constant> in) throws InvalidNetworkException {
        NodeContext c = new NodeContext(file, node, budget);
        return switch (node.opType()) {
            case "Constant" -> constant(c);
            case "Identity", "Dropout" -> c.req(in, 0);
            case "Shape" -> ShapeArithmetic.shapeOf(c, c.req(in, 0).shape());
            case "Size" -> Constant.ofLongs(new long[] {c.req(in, 0).size()});
            case "Gather" -> gather(c, c.req(in, 0), c.req(in, 1));
            case "Unsqueeze" -> unsqueeze(c, c.req(in, 0), shapes.axes(c, in, 1));
            case "Squeeze" -> squeeze(c, c.req(in, 0), shapes.axes(c, in, 1));
            case "Slice" -> slice(c, in);
            case "Concat" -> concat(c, in);
            case "Cast" -> cast(c, c.req(in, 0));
            case "ConstantOfShape" -> constantOfShape(c, c.req(in, 0));
            case "Expand" -> expand(c, c.req(in, 0), c.req(in, 1));
            case "Reshape" -> c.req(in, 0).withShape(shapes.reshapeTarget(c, c.req(in, 0).shape(), c.req(in, 1),
                    c.intAttr("allowzero", 0) == 1));
            case "Flatten" -> flatten(c, c.req(in, 0));
            case "Transpose" -> transpose(c, c.req(in, 0), c.ints("perm"));
            case "Add", "Mul", "Sub", "Div" -> arithmetic(c, node.opType(), c.req(in, 0), c.req(in, 1));
            default -> throw c.fail("cannot evaluate " + node.opType() + " on constants");
        };
    }

    private Constant constant(NodeContext c) throws InvalidNetworkException {
        Node n = c.node;
        if (n.attribute("value").isPresent()) {
            Attribute a = n.attribute("value").get();
            if (a.t() == null) {
                throw c.fail("attribute 'value' holds no tensor");
            }
            return decoder.decode(a.t(), "node '" + n.label() + "' (Constant)");
        }
        if (n.attribute("value_float").isPresent()) {
            return Constant.ofFloats(new float[] {n.attribute("value_float").get().f()});
        }
        if (n.attribute("value_floats").isPresent()) {
            List<Float> f = n.attribute("value_floats").get().floats();
            float[] a = new float[f.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = f.get(i);
            }
            return Constant.ofFloats(a, a.length);
        }
        if (n.attribute("value_int").isPresent()) {
            return Constant.ofLongs(new long[] {n.attribute("value_int").get().i()});
        }
        if (n.attribute("value_ints").isPresent()) {
            long[] a = c.ints("value_ints");
            return Constant.ofLongs(a, a.length);
        }
        throw c.fail("Constant node without a supported value attribute");
    }

    private Constant gather(NodeContext c, Constant data, Constant indices) throws InvalidNetworkException {
        int r = data.rank();
        if (r == 0) {
            throw c.fail("cannot gather from a scalar");
        }
        int axis = ShapeArithmetic.axis(c, c.intAttr("axis", 0), r);
        long[] idx = ShapeArithmetic.known(c, indices, "indices");
        int[] ds = data.shape();
        int[] outShape = new int[r - 1 + indices.rank()];
        System.arraycopy(ds, 0, outShape, 0, axis);
        System.arraycopy(indices.shape(), 0, outShape, axis, indices.rank());
        System.arraycopy(ds, axis + 1, outShape, axis + indices.rank(), r - axis - 1);
        shapes.checkSize(c, outShape);
        c.allocateGather(Constant.count(outShape), data.isFloat());
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= ds[i];
        }
        int inner = 1;
        for (int i = axis + 1; i < r; i++) {
            inner *= ds[i];
        }
        int[] src = new int[(int) Constant.count(outShape)];
        int p = 0;
        for (int o = 0; o < outer; o++) {
            for (long ix : idx) {
                long k = ix < 0 ? ix + ds[axis] : ix;
                if (k < 0 || k >= ds[axis]) {
                    throw c.fail("index " + ix + " is out of range for dimension " + ds[axis]);
                }
                for (int in = 0; in < inner; in++) {
                    src[p++] = (int) ((o * (long) ds[axis] + k) * inner + in);
                }
            }
        }
        return data.gather(src, outShape);
    }

    private Constant unsqueeze(NodeContext c, Constant t, long[] axes) throws InvalidNetworkException {
        return t.withShape(ShapeArithmetic.unsqueezeShape(c, t.shape(), axes));
    }

    private Constant squeeze(NodeContext c, Constant t, long[] axes) throws InvalidNetworkException {
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

    private Constant slice(NodeContext c, List<Constant> in) throws InvalidNetworkException {
        Constant data = c.req(in, 0);
        ShapeArithmetic.SliceSpec spec = shapes.sliceSpec(c, in);
        int[] s = data.shape();
        ShapeArithmetic.Range[] ranges = new ShapeArithmetic.Range[s.length];
        for (int i = 0; i < s.length; i++) {
            ranges[i] = new ShapeArithmetic.Range(0, s[i], 1);
        }
        for (int k = 0; k < spec.axes().length; k++) {
            int ax = ShapeArithmetic.axis(c, spec.axes()[k], s.length);
            ranges[ax] = ShapeArithmetic.range(spec.starts()[k], spec.ends()[k], spec.steps()[k], s[ax]);
        }
        int[] outShape = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            outShape[i] = ranges[i].length();
        }
        int[] strides = Constant.strides(s);
        int n = (int) Constant.count(outShape);
        c.allocateGather(n, data.isFloat());
        int[] src = new int[n];
        int[] idx = new int[s.length];
        for (int p = 0; p < n; p++) {
            long off = 0;
            for (int i = 0; i < s.length; i++) {
                off += (ranges[i].start() + idx[i] * ranges[i].step()) * strides[i];
            }
            src[p] = (int) off;
            for (int i = s.length - 1; i >= 0; i--) {
                if (++idx[i] < outShape[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return data.gather(src, outShape);
    }

    private Constant concat(NodeContext c, List<Constant> in) throws InvalidNetworkException {
        if (in.isEmpty()) {
            throw c.fail("Concat needs inputs");
        }
        Constant first = c.req(in, 0);
        int r = first.rank();
        if (r == 0) {
            throw c.fail("cannot concatenate scalars");
        }
        int axis = ShapeArithmetic.axis(c, c.intAttr("axis", 0), Math.max(r, 1));
        boolean isFloat = first.isFloat();
        int[] outShape = first.shape();
        long total = 0;
        for (int k = 0; k < in.size(); k++) {
            Constant t = c.req(in, k);
            if (t.rank() != r || t.isFloat() != isFloat) {
                throw c.fail("input " + k + " " + t + " does not match input 0 " + first);
            }
            for (int i = 0; i < r; i++) {
                if (i != axis && t.shape()[i] != outShape[i]) {
                    throw c.fail("input " + k + " " + t + " does not match input 0 " + first + " outside axis " + axis);
                }
            }
            total += t.shape()[axis];
        }
        outShape[axis] = (int) Math.min(total, Integer.MAX_VALUE);
        shapes.checkSize(c, outShape);
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= outShape[i];
        }
        int n = (int) Constant.count(outShape);
        c.allocate(n, isFloat);
        float[] f = isFloat ? new float[n] : null;
        long[] l = isFloat ? null : new long[n];
        int p = 0;
        for (int o = 0; o < outer; o++) {
            for (Constant t : in) {
                int chunk = t.size() / Math.max(outer, 1);
                if (isFloat) {
                    System.arraycopy(t.floats(), o * chunk, f, p, chunk);
                } else {
                    System.arraycopy(t.longs(), o * chunk, l, p, chunk);
                }
                p += chunk;
            }
        }
        return new Constant(outShape, f, l);
    }

    private Constant cast(NodeContext c, Constant t) throws InvalidNetworkException {
        long to = c.intAttr("to", 0);
        boolean toFloat = to == OnnxProto.FLOAT || to == OnnxProto.DOUBLE || to == OnnxProto.FLOAT16;
        if (toFloat) {
            if (t.isFloat()) {
                return t;
            }
            c.allocate(t.size(), true);
            long[] v = ShapeArithmetic.known(c, t, "the cast values");
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = v[i];
            }
            return Constant.ofFloats(f, t.shape());
        }
        if (!t.isFloat()) {
            if (to == OnnxProto.BOOL) {
                c.allocate(t.size(), false);
                long[] v = ShapeArithmetic.known(c, t, "the cast values");
                long[] b = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    b[i] = v[i] != 0 ? 1 : 0;
                }
                return Constant.ofLongs(b, t.shape());
            }
            return t;
        }
        c.allocate(t.size(), false);
        long[] l = new long[t.size()];
        for (int i = 0; i < l.length; i++) {
            float v = t.floats()[i];
            l[i] = to == OnnxProto.BOOL ? (v != 0 ? 1 : 0) : (long) v;
        }
        return Constant.ofLongs(l, t.shape());
    }

    private Constant constantOfShape(NodeContext c, Constant shapeTensor) throws InvalidNetworkException {
        int[] shape = decoder.shape(ShapeArithmetic.known(c, shapeTensor, "the shape"), "node '" + c.node.label() + "' (ConstantOfShape)");
        int n = (int) Constant.count(shape);
        Constant value = Constant.ofFloats(new float[] {0f}, 1);
        if (c.node.attribute("value").isPresent() && c.node.attribute("value").get().t() != null) {
            value = decoder.decode(c.node.attribute("value").get().t(), "node '" + c.node.label() + "' (ConstantOfShape)");
            if (value.size() != 1) {
                throw c.fail("attribute 'value' must hold one element");
            }
        }
        c.allocate(n, value.isFloat());
        if (value.isFloat()) {
            float[] f = new float[n];
            Arrays.fill(f, value.floats()[0]);
            return Constant.ofFloats(f, shape);
        }
        long[] l = new long[n];
        Arrays.fill(l, value.longs()[0]);
        return Constant.ofLongs(l, shape);
    }

    private Constant expand(NodeContext c, Constant data, Constant shapeTensor) throws InvalidNetworkException {
        int[] target = decoder.shape(ShapeArithmetic.known(c, shapeTensor, "the shape"), "node '" + c.node.label() + "' (Expand)");
        int[] out = shapes.broadcastShape(c, data.shape(), target);
        c.allocateGather(Constant.count(out), data.isFloat());
        return data.gather(ShapeArithmetic.broadcastIndex(data.shape(), out), out);
    }

    private Constant flatten(NodeContext c, Constant t) throws InvalidNetworkException {
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

    private Constant transpose(NodeContext c, Constant t, long[] perm) throws InvalidNetworkException {
        int[] s = t.shape();
        int[] p = ShapeArithmetic.permutation(c, perm, s.length);
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[p[i]];
        }
        int[] strides = Constant.strides(s);
        int n = t.size();
        c.allocateGather(n, t.isFloat());
        int[] src = new int[n];
        int[] idx = new int[s.length];
        for (int q = 0; q < n; q++) {
            int off = 0;
            for (int i = 0; i < s.length; i++) {
                off += idx[i] * strides[p[i]];
            }
            src[q] = off;
            for (int i = s.length - 1; i >= 0; i--) {
                if (++idx[i] < out[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return t.gather(src, out);
    }

    private Constant arithmetic(NodeContext c, String op, Constant a, Constant b) throws InvalidNetworkException {
        int[] out = shapes.broadcastShape(c, a.shape(), b.shape());
        long count = Constant.count(out);
        budget.charge(count, Integer.BYTES, c.where()); // the second index table; allocateGather the first
        c.allocateGather(count, a.isFloat() || b.isFloat());
        int[] ia = ShapeArithmetic.broadcastIndex(a.shape(), out);
        int[] ib = ShapeArithmetic.broadcastIndex(b.shape(), out);
        int n = ia.length;
        if (a.isFloat() || b.isFloat()) {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                double x = floatValue(c, a, ia[i]);
                double y = floatValue(c, b, ib[i]);
                f[i] = (float) switch (op) {
                    case "Add" -> x + y;
                    case "Sub" -> x - y;
                    case "Mul" -> x * y;
                    default -> x / y;
                };
            }
            return Constant.ofFloats(f, out);
        }
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
            long x = a.longs()[ia[i]];
            long y = b.longs()[ib[i]];
            if (x == Constant.UNKNOWN || y == Constant.UNKNOWN) {
                throw c.fail("the computation depends on the dynamic sequence length, which is only known at run time");
            }
            if (op.equals("Div") && y == 0) {
                throw c.fail("integer division by zero");
            }
            l[i] = switch (op) {
                case "Add" -> x + y;
                case "Sub" -> x - y;
                case "Mul" -> x * y;
                default -> x / y;
            };
        }
        return Constant.ofLongs(l, out);
    }

    private double floatValue(NodeContext c, Constant t, int i) throws InvalidNetworkException {
        if (!t.isFloat() && t.longs()[i] == Constant.UNKNOWN) {
            throw c.fail("the computation depends on the dynamic sequence length, which is only known at run time");
        }
        return t.doubleAt(i);
    }

}
