package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;

/**
 * The folded element-wise ops: Add, Sub, Mul and Div with broadcasting (in float32 when either
 * operand is float, else in int64, rejecting a run-time dimension), and Cast.
 */
final class Elementwise {
    private Elementwise() {
    }

    static Constant cast(NodeContext c, Constant t) throws InvalidNetworkException {
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

    static Constant arithmetic(ShapeArithmetic shapes, NodeContext c, String op, Constant a, Constant b) throws InvalidNetworkException {
        int[] out = shapes.broadcastShape(c, a.shape(), b.shape());
        long count = Constant.count(out);
        c.allocateIndex(count); // the second index table; allocateGather the first
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

    private static double floatValue(NodeContext c, Constant t, int i) throws InvalidNetworkException {
        if (!t.isFloat() && t.longs()[i] == Constant.UNKNOWN) {
            throw c.fail("the computation depends on the dynamic sequence length, which is only known at run time");
        }
        return t.doubleAt(i);
    }
}
