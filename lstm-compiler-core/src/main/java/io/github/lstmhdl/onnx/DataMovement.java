package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import java.util.List;

/**
 * The folded ops that move a constant's elements (Gather, Slice, Concat, Expand, Transpose): each
 * computes a table of source indices, charged to the import budget with its result before either is
 * allocated.
 */
final class DataMovement {
    private DataMovement() {
    }

    static Constant gather(ShapeArithmetic shapes, NodeContext c, Constant data, Constant indices) throws InvalidNetworkException {
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

    static Constant slice(ShapeArithmetic shapes, NodeContext c, List<Constant> in) throws InvalidNetworkException {
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

    static Constant concat(ShapeArithmetic shapes, NodeContext c, List<Constant> in) throws InvalidNetworkException {
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

    static Constant expand(TensorDecoder decoder, ShapeArithmetic shapes, NodeContext c, Constant data, Constant shapeTensor) throws InvalidNetworkException {
        int[] target = decoder.shape(ShapeArithmetic.known(c, shapeTensor, "the shape"), "node '" + c.node.label() + "' (Expand)");
        int[] out = shapes.broadcastShape(c, data.shape(), target);
        c.allocateGather(Constant.count(out), data.isFloat());
        return data.gather(ShapeArithmetic.broadcastIndex(data.shape(), out), out);
    }

    static Constant transpose(NodeContext c, Constant t, long[] perm) throws InvalidNetworkException {
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
}
