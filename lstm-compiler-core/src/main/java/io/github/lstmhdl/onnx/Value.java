package io.github.lstmhdl.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * What a tensor name stands for while a graph is translated: a {@link Constant} known at import time
 * (folded), or a {@link Flow} on the dynamic path from the sequence input (translated into layers).
 * Sealed, so that every place that tells the two apart is an exhaustive {@code switch}.
 */
sealed interface Value permits Constant, Flow, StateTensor {

    /** The constants among {@code values}, null in place of a flow or an omitted input. */
    static List<Constant> constants(List<Value> values) {
        List<Constant> cs = new ArrayList<>();
        for (Value v : values) {
            cs.add(v instanceof Constant c ? c : null);
        }
        return cs;
    }
}
