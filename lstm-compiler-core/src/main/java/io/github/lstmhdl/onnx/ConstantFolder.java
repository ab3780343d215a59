package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.Sizes;
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

    ConstantFolder(String file, long opset, TensorDecoder decoder, long maxElements) {
        this.file = file;
        this.opset = opset;
        this.decoder = decoder;
        this.maxElements = maxElements;
        this.budget = decoder.budget();
    }

    /** Evaluates {@code node}; {@code in} holds its inputs (null for an omitted optional input). */
    Constant fold(Node node, List<Constant> in) throws InvalidNetworkException {
        Ctx c = new Ctx(node);
        return switch (node.opType()) {
            case "Constant" -> constant(c);
            case "Identity", "Dropout" -> c.req(in, 0);
            case "Shape" -> shapeOf(c, c.req(in, 0).shape());
            case "Size" -> Constant.ofLongs(new long[] {c.req(in, 0).size()});
            case "Gather" -> gather(c, c.req(in, 0), c.req(in, 1));
            case "Unsqueeze" -> unsqueeze(c, c.req(in, 0), axes(c, in, 1));
            case "Squeeze" -> squeeze(c, c.req(in, 0), axes(c, in, 1));
            case "Slice" -> slice(c, in);
            case "Concat" -> concat(c, in);
            case "Cast" -> cast(c, c.req(in, 0));
            case "ConstantOfShape" -> constantOfShape(c, c.req(in, 0));
            case "Expand" -> expand(c, c.req(in, 0), c.req(in, 1));
            case "Reshape" -> c.req(in, 0).withShape(reshapeTarget(c, c.req(in, 0).shape(), c.req(in, 1),
                    c.intAttr("allowzero", 0) == 1));
            case "Flatten" -> flatten(c, c.req(in, 0));
            case "Transpose" -> transpose(c, c.req(in, 0), c.ints("perm"));
            case "Add", "Mul", "Sub", "Div" -> arithmetic(c, node.opType(), c.req(in, 0), c.req(in, 1));
            default -> throw c.fail("cannot evaluate " + node.opType() + " on constants");
        };
    }

    /** A helper bound to one node, for attributes and errors. */
    final class Ctx {
        final Node node;

        Ctx(Node node) {
            this.node = node;
        }

        InvalidNetworkException fail(String reason) {
            return new InvalidNetworkException(file, where(), reason);
        }

        String where() {
            return "node '" + node.label() + "' (" + node.opType() + ")";
        }

        /** Charges a result of {@code elements} values (float32, or int64 when not {@code floating}). */
        void allocate(long elements, boolean floating) throws InvalidNetworkException {
            budget.charge(elements, floating ? Float.BYTES : Long.BYTES, where());
        }

        /** Charges an index table of {@code elements} ints and a result of the same size. */
        void allocateGather(long elements, boolean floating) throws InvalidNetworkException {
            budget.charge(elements, Integer.BYTES, where());
            allocate(elements, floating);
        }

        Constant req(List<Constant> in, int i) throws InvalidNetworkException {
            if (i >= in.size() || in.get(i) == null) {
                throw fail("input " + i + " is missing");
            }
            return in.get(i);
        }

        long intAttr(String name, long dflt) {
            return node.attribute(name).map(Attribute::i).orElse(dflt);
        }

        long[] ints(String name) {
            return node.attribute(name).map(a -> a.ints().stream().mapToLong(Long::longValue).toArray()).orElse(null);
        }
    }

    Ctx ctx(Node node) {
        return new Ctx(node);
    }

    private Constant constant(Ctx c) throws InvalidNetworkException {
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

    /** Shape (with opset-15 start/end) of a tensor of the given shape. */
    Constant shapeOf(Ctx c, long[] dims) {
        int r = dims.length;
        int start = (int) clampAxis(c.intAttr("start", 0), r);
        int end = (int) clampAxis(c.intAttr("end", r), r);
        long[] out = end > start ? Arrays.copyOfRange(dims, start, end) : new long[0];
        return Constant.ofLongs(out, out.length);
    }

    private Constant shapeOf(Ctx c, int[] dims) {
        return shapeOf(c, Arrays.stream(dims).asLongStream().toArray());
    }

    private static long clampAxis(long a, int r) {
        if (a < 0) {
            a += r;
        }
        return Math.max(0, Math.min(r, a));
    }

    /** Axes from the attribute (before opset 13) or the second input. Null when none are given. */
    long[] axes(Ctx c, List<Constant> in, int index) throws InvalidNetworkException {
        if (opset < 13 || c.node.attribute("axes").isPresent()) {
            return c.ints("axes");
        }
        if (index < in.size() && in.get(index) != null) {
            return known(c, in.get(index), "axes");
        }
        return null;
    }

    long[] known(Ctx c, Constant t, String what) throws InvalidNetworkException {
        if (t.containsUnknown()) {
            throw c.fail(what + " depend on the dynamic sequence length, which is only known at run time");
        }
        return t.toLongs();
    }

    int axis(Ctx c, long axis, int rank) throws InvalidNetworkException {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw c.fail("axis " + axis + " is out of range for rank " + rank);
        }
        return (int) a;
    }

    private Constant gather(Ctx c, Constant data, Constant indices) throws InvalidNetworkException {
        int r = data.rank();
        if (r == 0) {
            throw c.fail("cannot gather from a scalar");
        }
        int axis = axis(c, c.intAttr("axis", 0), r);
        long[] idx = known(c, indices, "indices");
        int[] ds = data.shape();
        int[] outShape = new int[r - 1 + indices.rank()];
        System.arraycopy(ds, 0, outShape, 0, axis);
        System.arraycopy(indices.shape(), 0, outShape, axis, indices.rank());
        System.arraycopy(ds, axis + 1, outShape, axis + indices.rank(), r - axis - 1);
        checkSize(c, outShape);
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

    int[] unsqueezeShape(Ctx c, int[] s, long[] axes) throws InvalidNetworkException {
        if (axes == null) {
            throw c.fail("Unsqueeze needs axes");
        }
        int outRank = s.length + axes.length;
        boolean[] inserted = new boolean[outRank];
        for (long a : axes) {
            int ax = axis(c, a, outRank);
            if (inserted[ax]) {
                throw c.fail("axis " + a + " is repeated");
            }
            inserted[ax] = true;
        }
        int[] out = new int[outRank];
        int j = 0;
        for (int i = 0; i < outRank; i++) {
            out[i] = inserted[i] ? 1 : s[j++];
        }
        return out;
    }

    private Constant unsqueeze(Ctx c, Constant t, long[] axes) throws InvalidNetworkException {
        return t.withShape(unsqueezeShape(c, t.shape(), axes));
    }

    private Constant squeeze(Ctx c, Constant t, long[] axes) throws InvalidNetworkException {
        int[] s = t.shape();
        boolean[] drop = new boolean[s.length];
        if (axes == null || axes.length == 0) {
            for (int i = 0; i < s.length; i++) {
                drop[i] = s[i] == 1;
            }
        } else {
            for (long a : axes) {
                int ax = axis(c, a, s.length);
                if (s[ax] != 1) {
                    throw c.fail("cannot squeeze axis " + a + " of size " + s[ax]);
                }
                drop[ax] = true;
            }
        }
        return t.withShape(java.util.stream.IntStream.range(0, s.length).filter(i -> !drop[i]).map(i -> s[i]).toArray());
    }

    /** Start, end (exclusive) and step of a slice on one axis, per the ONNX clamping rules. */
    record Range(long start, long end, long step) {
        int length() {
            if (step > 0) {
                return (int) Math.max(0, (end - start + step - 1) / step);
            }
            return (int) Math.max(0, (start - end - step - 1) / -step);
        }
    }

    static Range range(long start, long end, long step, long dim) {
        if (start < 0) {
            start += dim;
        }
        if (end < 0 && end > Long.MIN_VALUE / 2) {
            end += dim;
        } else if (end <= Long.MIN_VALUE / 2) {
            end = -1;
        }
        if (step > 0) {
            start = Math.max(0, Math.min(dim, start));
            end = Math.max(0, Math.min(dim, end));
        } else {
            start = Math.max(-1, Math.min(dim - 1, start));
            end = Math.max(-1, Math.min(dim - 1, end));
        }
        return new Range(start, end, step);
    }

    /** The per-axis starts, ends, axes and steps of a Slice node, from attributes or inputs. */
    record SliceSpec(long[] starts, long[] ends, long[] axes, long[] steps) {
    }

    SliceSpec sliceSpec(Ctx c, List<Constant> in) throws InvalidNetworkException {
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps = null;
        if (opset < 10) {
            starts = c.ints("starts");
            ends = c.ints("ends");
            axes = c.ints("axes");
        } else {
            starts = known(c, c.req(in, 1), "starts");
            ends = known(c, c.req(in, 2), "ends");
            axes = in.size() > 3 && in.get(3) != null ? known(c, in.get(3), "axes") : null;
            steps = in.size() > 4 && in.get(4) != null ? known(c, in.get(4), "steps") : null;
        }
        if (starts == null || ends == null || starts.length != ends.length) {
            throw c.fail("starts and ends must be given with the same length");
        }
        if (axes == null) {
            axes = new long[starts.length];
            for (int i = 0; i < axes.length; i++) {
                axes[i] = i;
            }
        }
        if (steps == null) {
            steps = new long[starts.length];
            Arrays.fill(steps, 1);
        }
        if (axes.length != starts.length || steps.length != starts.length) {
            throw c.fail("starts, ends, axes and steps must have the same length");
        }
        for (long s : steps) {
            if (s == 0) {
                throw c.fail("a slice step must not be 0");
            }
        }
        return new SliceSpec(starts, ends, axes, steps);
    }

    private Constant slice(Ctx c, List<Constant> in) throws InvalidNetworkException {
        Constant data = c.req(in, 0);
        SliceSpec spec = sliceSpec(c, in);
        int[] s = data.shape();
        Range[] ranges = new Range[s.length];
        for (int i = 0; i < s.length; i++) {
            ranges[i] = new Range(0, s[i], 1);
        }
        for (int k = 0; k < spec.axes().length; k++) {
            int ax = axis(c, spec.axes()[k], s.length);
            ranges[ax] = range(spec.starts()[k], spec.ends()[k], spec.steps()[k], s[ax]);
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

    private Constant concat(Ctx c, List<Constant> in) throws InvalidNetworkException {
        if (in.isEmpty()) {
            throw c.fail("Concat needs inputs");
        }
        Constant first = c.req(in, 0);
        int r = first.rank();
        if (r == 0) {
            throw c.fail("cannot concatenate scalars");
        }
        int axis = axis(c, c.intAttr("axis", 0), Math.max(r, 1));
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
        checkSize(c, outShape);
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

    private Constant cast(Ctx c, Constant t) throws InvalidNetworkException {
        long to = c.intAttr("to", 0);
        boolean toFloat = to == OnnxProto.FLOAT || to == OnnxProto.DOUBLE || to == OnnxProto.FLOAT16;
        if (toFloat) {
            if (t.isFloat()) {
                return t;
            }
            c.allocate(t.size(), true);
            long[] v = known(c, t, "the cast values");
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = v[i];
            }
            return Constant.ofFloats(f, t.shape());
        }
        if (!t.isFloat()) {
            if (to == OnnxProto.BOOL) {
                c.allocate(t.size(), false);
                long[] v = known(c, t, "the cast values");
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

    private Constant constantOfShape(Ctx c, Constant shapeTensor) throws InvalidNetworkException {
        int[] shape = decoder.shape(known(c, shapeTensor, "the shape"), "node '" + c.node.label() + "' (ConstantOfShape)");
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

    private Constant expand(Ctx c, Constant data, Constant shapeTensor) throws InvalidNetworkException {
        int[] target = decoder.shape(known(c, shapeTensor, "the shape"), "node '" + c.node.label() + "' (Expand)");
        int[] out = broadcastShape(c, data.shape(), target);
        c.allocateGather(Constant.count(out), data.isFloat());
        return data.gather(broadcastIndex(data.shape(), out), out);
    }

    int[] broadcastShape(Ctx c, int[] a, int[] b) throws InvalidNetworkException {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
            int db = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                throw c.fail("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        checkSize(c, out);
        return out;
    }

    /** For every element of {@code out}, the flat index of the broadcast element of a tensor of shape {@code in}. */
    static int[] broadcastIndex(int[] in, int[] out) {
        int n = (int) Constant.count(out);
        int[] src = new int[n];
        int r = out.length;
        int[] inStrides = Constant.strides(in);
        int[] idx = new int[r];
        for (int p = 0; p < n; p++) {
            int off = 0;
            for (int i = 0; i < r; i++) {
                int k = i - (r - in.length);
                if (k >= 0 && in[k] != 1) {
                    off += idx[i] * inStrides[k];
                }
            }
            src[p] = off;
            for (int i = r - 1; i >= 0; i--) {
                if (++idx[i] < out[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return src;
    }

    /** Resolves a Reshape target (0 copies the input dimension unless allowzero, -1 is inferred). */
    int[] reshapeTarget(Ctx c, int[] in, Constant shapeTensor, boolean allowZero) throws InvalidNetworkException {
        long[] t = known(c, shapeTensor, "the target shape");
        int[] out = new int[t.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < t.length; i++) {
            long d = t[i];
            if (d == 0 && !allowZero) {
                if (i >= in.length) {
                    throw c.fail("target dimension " + i + " copies a dimension that the input does not have");
                }
                d = in[i];
            }
            if (d == -1) {
                if (infer >= 0) {
                    throw c.fail("more than one -1 in the target shape " + Arrays.toString(t));
                }
                infer = i;
                continue;
            }
            if (d < 0 || d > maxElements || d > Integer.MAX_VALUE - 8) {
                throw c.fail("invalid target dimension " + t[i]);
            }
            out[i] = (int) d;
            known = Sizes.times(known, d);
            if (known > maxElements) {
                throw c.fail("target shape " + Arrays.toString(t) + " is too large");
            }
        }
        long count = Constant.count(in);
        if (infer >= 0) {
            if (known == 0 || count % known != 0) {
                throw c.fail("cannot reshape " + Arrays.toString(in) + " to " + Arrays.toString(t));
            }
            out[infer] = (int) (count / known);
        } else if (known != count) {
            throw c.fail("cannot reshape " + Arrays.toString(in) + " to " + Arrays.toString(t));
        }
        return out;
    }

    private Constant flatten(Ctx c, Constant t) throws InvalidNetworkException {
        int[] s = t.shape();
        int axis = (int) clampAxis(c.intAttr("axis", 1), s.length);
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

    int[] permutation(Ctx c, long[] perm, int rank) throws InvalidNetworkException {
        int[] p = new int[rank];
        if (perm == null || perm.length == 0) {
            for (int i = 0; i < rank; i++) {
                p[i] = rank - 1 - i;
            }
            return p;
        }
        if (perm.length != rank) {
            throw c.fail("perm " + Arrays.toString(perm) + " does not match rank " + rank);
        }
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            int a = axis(c, perm[i], rank);
            if (seen[a]) {
                throw c.fail("perm " + Arrays.toString(perm) + " is not a permutation");
            }
            seen[a] = true;
            p[i] = a;
        }
        return p;
    }

    private Constant transpose(Ctx c, Constant t, long[] perm) throws InvalidNetworkException {
        int[] s = t.shape();
        int[] p = permutation(c, perm, s.length);
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

    private Constant arithmetic(Ctx c, String op, Constant a, Constant b) throws InvalidNetworkException {
        int[] out = broadcastShape(c, a.shape(), b.shape());
        long count = Constant.count(out);
        budget.charge(count, Integer.BYTES, c.where()); // the second index table; allocateGather the first
        c.allocateGather(count, a.isFloat() || b.isFloat());
        int[] ia = broadcastIndex(a.shape(), out);
        int[] ib = broadcastIndex(b.shape(), out);
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

    private double floatValue(Ctx c, Constant t, int i) throws InvalidNetworkException {
        if (!t.isFloat() && t.longs()[i] == Constant.UNKNOWN) {
            throw c.fail("the computation depends on the dynamic sequence length, which is only known at run time");
        }
        return t.doubleAt(i);
    }

    void checkSize(Ctx c, int[] shape) throws InvalidNetworkException {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw c.fail("the result " + Arrays.toString(shape) + " has a negative dimension");
            }
            n = Sizes.times(n, d);
            if (n > maxElements) {
                throw c.fail("the result " + Arrays.toString(shape) + " exceeds the limit of " + maxElements + " elements");
            }
        }
    }
}
