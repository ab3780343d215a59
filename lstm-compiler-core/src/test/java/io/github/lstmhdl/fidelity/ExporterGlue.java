package io.github.lstmhdl.fidelity;

import static io.github.lstmhdl.testing.OnnxModelBuilder.ints;

import io.github.lstmhdl.testing.OnnxModelBuilder;
import java.util.List;

/**
 * The nodes that exporters write around recurrent layers, for the generated fidelity models (LSTM and
 * GRU alike): fresh value names from one counter, the batch-first input, the glue from Y
 * [T, dirs, N, H] to the next layer's [T, N, dirs·H], and Squeeze in the spelling of the opset.
 */
final class ExporterGlue {
    private final OnnxModelBuilder b;
    private final long opset;
    private int counter;

    ExporterGlue(OnnxModelBuilder b, long opset) {
        this.b = b;
        this.opset = opset;
    }

    /** A new value name: {@code base_<k>}, k counting every name made so far. */
    String fresh(String base) {
        return base + "_" + (counter++);
    }

    /**
     * Declares the sequence input, "x" [N, T, D] followed by PyTorch's batch-first Transpose, or "X"
     * [T, N, D]; returns the value the first layer reads.
     */
    String input(boolean batchFirst, Object nDim, Object tDim, int d) {
        if (batchFirst) {
            b.input("x", nDim, tDim, d);
            b.node("Transpose", "batch_first", List.of("x"), List.of("x_t"), ints("perm", 1, 0, 2));
            return "x_t";
        }
        b.input("X", tDim, nDim, d);
        return "X";
    }

    /** The exporters' glue from Y [T, dirs, N, H] to [T, N, dirs·H]. */
    String glue(String y, int dirs) {
        String out = fresh("seq");
        if (dirs == 1) {
            squeeze(y, out, 1);
        } else {
            String tr = fresh("y_t");
            b.node("Transpose", null, List.of(y), List.of(tr), ints("perm", 0, 2, 1, 3));
            String shp = fresh("shape3");
            b.initializerLongs(shp, new long[] {0, 0, -1}, 3);
            b.node("Reshape", null, List.of(tr, shp), List.of(out));
        }
        return out;
    }

    /**
     * A per-step dense layer as PyTorch writes it: MatMul by a random [from, to] matrix (scaled by
     * 1.5 / sqrt(from)), then Add of a random bias; returns the output.
     */
    String dense(java.util.Random r, String in, int from, int to) {
        String w = fresh("w");
        String c = fresh("c");
        b.initializer(w, OnnxModelBuilder.random(r, from * to, (float) (1.5 / Math.sqrt(from))), from, to);
        b.initializer(c, OnnxModelBuilder.random(r, to, 0.5f), to);
        String mm = fresh("mm");
        String out = fresh("dense");
        b.node("MatMul", null, List.of(in, w), List.of(mm));
        b.node("Add", null, List.of(c, mm), List.of(out));
        return out;
    }

    /** Squeeze of one axis: the axes as an input from opset 13, as an attribute before. */
    void squeeze(String in, String out, long axis) {
        if (opset >= 13) {
            String axes = fresh("sq_axes");
            b.initializerLongs(axes, new long[] {axis}, 1);
            b.node("Squeeze", null, List.of(in, axes), List.of(out));
        } else {
            b.node("Squeeze", null, List.of(in), List.of(out), ints("axes", axis));
        }
    }
}
