package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Sizes;
import io.github.lstmhdl.onnx.Flow.Ax;
import java.util.Arrays;
import java.util.List;

/**
 * The shape arithmetic of ONNX ops, in one place for folding and for the dynamic path: axis and
 * permutation checks, Unsqueeze, Slice ranges and their clamping, broadcasting, Reshape targets (0 and
 * -1), and the element limit on every result shape. A dimension known only at run time is
 * {@link Constant#UNKNOWN} in a shape value; {@link #known} rejects it where a value is needed.
 */
final class ShapeArithmetic {
    private final long opset;
    private final long maxElements;

    ShapeArithmetic(long opset, long maxElements) {
        this.opset = opset;
        this.maxElements = maxElements;
    }

    /** Shape (with opset-15 start/end) of a tensor of the given shape. */
    static Constant shapeOf(NodeContext c, long[] dims) {
        int r = dims.length;
        int start = (int) clampAxis(c.intAttr("start", 0), r);
        int end = (int) clampAxis(c.intAttr("end", r), r);
        long[] out = end > start ? Arrays.copyOfRange(dims, start, end) : new long[0];
        return Constant.ofLongs(out, out.length);
    }

    static Constant shapeOf(NodeContext c, int[] dims) {
        return shapeOf(c, Arrays.stream(dims).asLongStream().toArray());
    }

    static long clampAxis(long a, int r) {
        if (a < 0) {
            a += r;
        }
        return Math.max(0, Math.min(r, a));
    }

    /** Axes from the attribute (before opset 13) or the second input. Null when none are given. */
    long[] axes(NodeContext c, List<Constant> in, int index) throws InvalidNetworkException {
        if (opset < 13 || c.node.attribute("axes").isPresent()) {
            return c.ints("axes");
        }
        if (index < in.size() && in.get(index) != null) {
            return known(c, in.get(index), "axes");
        }
        return null;
    }

    static long[] known(NodeContext c, Constant t, String what) throws InvalidNetworkException {
        if (t.containsUnknown()) {
            throw c.fail(what + " depend on the dynamic sequence length, which is only known at run time");
        }
        return t.toLongs();
    }

    static int axis(NodeContext c, long axis, int rank) throws InvalidNetworkException {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw c.fail("axis " + axis + " is out of range for rank " + rank);
        }
        return (int) a;
    }

    static int[] unsqueezeShape(NodeContext c, int[] s, long[] axes) throws InvalidNetworkException {
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

    SliceSpec sliceSpec(NodeContext c, List<Constant> in) throws InvalidNetworkException {
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

    int[] broadcastShape(NodeContext c, int[] a, int[] b) throws InvalidNetworkException {
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
    int[] reshapeTarget(NodeContext c, int[] in, Constant shapeTensor, boolean allowZero) throws InvalidNetworkException {
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

    static int[] permutation(NodeContext c, long[] perm, int rank) throws InvalidNetworkException {
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

    void checkSize(NodeContext c, int[] shape) throws InvalidNetworkException {
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

    /**
     * Resolves the Reshape target {@code t} of a tensor on the dynamic path whose dimensions are
     * {@code src} ({@link Constant#UNKNOWN} for a run-time one): 0 copies the input dimension unless
     * {@code allowZero}, {@link Constant#UNKNOWN} stays a run-time dimension, -1 is inferred (and may not
     * depend on a run-time dimension). {@code source} describes the input for messages.
     */
    long[] dynamicReshapeTarget(NodeContext c, long[] src, long[] t, boolean allowZero, String source)
            throws InvalidNetworkException {
        long[] target = new long[t.length];
        int infer = -1;
        long knownTarget = 1;
        for (int i = 0; i < t.length; i++) {
            long d = t[i];
            if (d == 0 && !allowZero) {
                if (i >= src.length) {
                    throw c.fail("target dimension " + i + " copies a dimension that the input does not have");
                }
                d = src[i];
            } else if (d == Constant.UNKNOWN) {
                // stays a run-time dimension
            } else if (d == -1) {
                if (infer >= 0) {
                    throw c.fail("more than one -1 in the target shape");
                }
                infer = i;
                continue;
            } else if (d < 0) {
                throw c.fail("invalid target dimension " + d);
            }
            target[i] = d;
            if (d != Constant.UNKNOWN) {
                knownTarget = Sizes.times(knownTarget, d);
                if (knownTarget > maxElements) {
                    throw c.fail("the target shape is too large");
                }
            }
        }
        if (infer >= 0) {
            long knownSrc = 1;
            int dynSrc = 0;
            for (long d : src) {
                if (d == Constant.UNKNOWN) {
                    dynSrc++;
                } else {
                    knownSrc = Sizes.times(knownSrc, d);
                }
            }
            int dynTarget = 0;
            for (int i = 0; i < t.length; i++) {
                if (i != infer && target[i] == Constant.UNKNOWN) {
                    dynTarget++;
                }
            }
            if (dynSrc != dynTarget) {
                throw c.fail("the inferred dimension would depend on the dynamic sequence length");
            }
            if (knownTarget == 0 || knownSrc % knownTarget != 0) {
                throw c.fail("cannot reshape " + source + " to " + Arrays.toString(t));
            }
            target[infer] = knownSrc / knownTarget;
        }
        return target;
    }
}
