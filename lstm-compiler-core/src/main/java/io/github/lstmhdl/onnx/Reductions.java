package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import java.util.List;

/**
 * Folds the reductions {@code ReduceProd}, {@code ReduceSum}, {@code ReduceMin} and {@code ReduceMax}
 * over constant tensors: exporters compute shapes with them (TensorFlow's Tensordot multiplies the
 * kept dimensions with ReduceProd to reshape for a MatMul). The axes come from the attribute or, in
 * newer opsets, from input 1; none means every axis, unless {@code noop_with_empty_axes} is set.
 * Integers are exact (an overflow is an error); floats are reduced in double and rounded once to float32.
 */
final class Reductions {

    private Reductions() {
    }

    static Constant reduce(ShapeArithmetic shapes, NodeContext c, String op, List<Constant> in)
            throws InvalidNetworkException {
        Constant t = c.req(in, 0);
        long[] axes = shapes.axes(c, in, 1);
        boolean keepDims = c.intAttr("keepdims", 1) != 0;
        if ((axes == null || axes.length == 0) && c.intAttr("noop_with_empty_axes", 0) != 0) {
            return t;
        }
        int rank = t.rank();
        boolean[] reduced = new boolean[rank];
        if (axes == null || axes.length == 0) {
            java.util.Arrays.fill(reduced, true);
        } else {
            for (long a : axes) {
                int axis = ShapeArithmetic.axis(c, a, rank);
                if (reduced[axis]) {
                    throw c.fail("axis " + a + " is given twice");
                }
                reduced[axis] = true;
            }
        }
        int[] outShape = outputShape(t.shape(), reduced, keepDims);
        int[] kept = new int[rank]; // the output's extent per input axis: 1 where reduced
        for (int k = 0; k < rank; k++) {
            kept[k] = reduced[k] ? 1 : t.shape()[k];
        }
        int outCount = (int) Constant.count(kept);
        c.allocate(outCount, t.isFloat());
        int[] inStrides = Constant.strides(t.shape());
        int[] outStrides = Constant.strides(kept);
        double[] acc = new double[outCount];
        long[] exact = new long[outCount];
        boolean[] started = new boolean[outCount];
        for (int i = 0; i < t.size(); i++) {
            int o = 0;
            for (int k = 0, rest = i; k < rank; k++) {
                int index = rest / inStrides[k];
                rest %= inStrides[k];
                o += reduced[k] ? 0 : index * outStrides[k];
            }
            if (t.isFloat()) {
                double v = t.floats()[i];
                acc[o] = started[o] ? combine(op, acc[o], v) : v;
            } else {
                long v = t.longs()[i];
                if (v == Constant.UNKNOWN) {
                    throw c.fail("the computation depends on the dynamic sequence length, which is only known at"
                            + " run time");
                }
                exact[o] = started[o] ? combine(c, op, exact[o], v) : v;
            }
            started[o] = true;
        }
        for (int o = 0; o < outCount; o++) {
            if (!started[o]) { // an empty reduction: the identity of the operation
                acc[o] = identity(c, op);
                exact[o] = (long) identity(c, op);
            }
        }
        if (t.isFloat()) {
            float[] f = new float[outCount];
            for (int o = 0; o < outCount; o++) {
                f[o] = (float) acc[o];
            }
            return Constant.ofFloats(f, outShape);
        }
        return Constant.ofLongs(exact, outShape);
    }

    private static int[] outputShape(int[] shape, boolean[] reduced, boolean keepDims) {
        int n = 0;
        for (int k = 0; k < shape.length; k++) {
            n += reduced[k] && !keepDims ? 0 : 1;
        }
        int[] out = new int[n];
        for (int k = 0, j = 0; k < shape.length; k++) {
            if (!reduced[k]) {
                out[j++] = shape[k];
            } else if (keepDims) {
                out[j++] = 1;
            }
        }
        return out;
    }

    private static double combine(String op, double a, double b) {
        return switch (op) {
            case "ReduceProd" -> a * b;
            case "ReduceSum" -> a + b;
            case "ReduceMin" -> Math.min(a, b);
            default -> Math.max(a, b);
        };
    }

    private static long combine(NodeContext c, String op, long a, long b) throws InvalidNetworkException {
        try {
            return switch (op) {
                case "ReduceProd" -> Math.multiplyExact(a, b);
                case "ReduceSum" -> Math.addExact(a, b);
                case "ReduceMin" -> Math.min(a, b);
                default -> Math.max(a, b);
            };
        } catch (ArithmeticException e) {
            throw c.fail("the " + op + " overflows 64-bit integers");
        }
    }

    private static double identity(NodeContext c, String op) throws InvalidNetworkException {
        return switch (op) {
            case "ReduceProd" -> 1;
            case "ReduceSum" -> 0;
            default -> throw c.fail(op + " over an empty set of elements has no value");
        };
    }
}
