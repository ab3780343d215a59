package io.github.lstmhdl.json;

import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.InvalidNetworkException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link LayerFormat} reading one layer object learns from the layers before it, and the checks
 * and weight readers all formats share: the input's feature count, the previous layer's name, whether
 * a sequence arrives, the name rule, the size limit, and the weight files.
 */
interface LayerReading {

    /** The network file, as errors name it. */
    String file();

    /** The features each time step of this layer's input has. */
    int features();

    /** The name of the layer (or input) before this one, for messages. */
    String previous();

    /** The size limit for any dimension or element count ({@code ImportOptions.maxElements()}). */
    long maxElements();

    /** The weight files of the network, resolved against its folder. */
    WeightFiles weights();

    /** The layer's name: required, a valid component name, not used by an earlier layer. */
    String name(JsonFields f) throws InvalidNetworkException;

    /** Fails unless a sequence arrives: a recurrent layer after one that returns one vector per sequence. */
    default void requireSequence(JsonFields f, String name, String kind) throws InvalidNetworkException {
        if (!sequence()) {
            throw new InvalidNetworkException(file(), f.path(), kind + " layer '" + name + "' needs a sequence, but '"
                    + previous() + "' before it outputs one vector per sequence");
        }
    }

    /** Whether this layer's input is a sequence (one vector per time step), not one vector per sequence. */
    boolean sequence();

    /**
     * One parameter of a recurrent layer for all its directions, shaped [dirs, rows, cols...]; a
     * unidirectional one as [rows, cols...]. A bidirectional parameter may also be stacked MATLAB-style
     * ([2·rows, cols...]); a vector may also be a column ([n, 1]). Each direction is read apart, so a
     * bidirectional parameter is never held whole and split.
     */
    default List<FloatTensor> perDirection(JsonFields f, String field, String what, int dirs, long... perDirection)
            throws InvalidNetworkException {
        List<long[]> accepted = new ArrayList<>();
        long[] stacked = perDirection.clone();
        stacked[0] *= dirs;
        long[] shape = dirs == 1 ? perDirection : prepend(dirs, perDirection);
        accepted.add(shape);
        if (dirs > 1) {
            accepted.add(stacked);
        }
        if (perDirection.length == 1) {
            accepted.add(new long[] {stacked[0], 1});
        }
        return weights().loadSplit(f.requireString(field), f.path(field), what, shape, accepted, dirs);
    }

    /** {@link #perDirection} for an optional field: empty when the field is absent. */
    default Optional<List<FloatTensor>> optionalPerDirection(JsonFields f, String field, String what, int dirs,
            long... perDirection) throws InvalidNetworkException {
        return f.has(field) ? Optional.of(perDirection(f, field, what, dirs, perDirection)) : Optional.empty();
    }

    private static long[] prepend(long first, long[] rest) {
        long[] shape = new long[rest.length + 1];
        shape[0] = first;
        System.arraycopy(rest, 0, shape, 1, rest.length);
        return shape;
    }
}
