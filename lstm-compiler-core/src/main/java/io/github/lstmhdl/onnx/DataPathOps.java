package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.Sizes;
import io.github.lstmhdl.onnx.Flow.Ax;
import java.util.Arrays;

/**
 * The ops that pass the dynamic path on unchanged (Identity, Dropout, a Cast to a float type) and
 * those that read its shape into a constant (Shape, Size; a run-time dimension becomes
 * {@link Constant#UNKNOWN}).
 */
final class DataPathOps {
    private DataPathOps() {
    }

    static final OpTranslator PASS = OpTranslator.onParts(OpTranslator.along(OpTranslator.AxisPath.KEEPS, d -> d.put(d.x())));

    static final OpTranslator CAST = OpTranslator.along(OpTranslator.AxisPath.KEEPS, d -> {
        long to = d.c().intAttr("to", 0);
        if (to != OnnxProto.FLOAT && to != OnnxProto.DOUBLE) {
            throw d.c().fail("casting the data path to type " + to + " is not supported");
        }
        d.put(d.x());
    });

    static final OpTranslator SHAPE = d -> {
        d.put(ShapeArithmetic.shapeOf(d.c(), d.x().dims()));
    };

    static final OpTranslator SIZE = d -> {
        long size = 1;
        for (long dim : d.x().dims()) {
            if (dim == Constant.UNKNOWN) {
                throw d.c().fail("Size depends on the dynamic sequence length");
            }
            size = Sizes.times(size, dim);
        }
        if (size > d.services().maxElements()) {
            throw d.c().fail("the input's size " + Arrays.toString(d.x().dims()) + " exceeds the limit of "
                    + d.services().maxElements() + " elements");
        }
        d.put(Constant.ofLongs(new long[] {size}));
    };
}
