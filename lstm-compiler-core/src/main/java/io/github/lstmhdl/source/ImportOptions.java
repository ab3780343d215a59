package io.github.lstmhdl.source;

import io.github.lstmhdl.ir.FloatTensor;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to read a network file.
 *
 * @param bindings        constant values for graph inputs other than the sequence (the ONNX backend
 *                        test cases declare W, R, B as graph inputs); keyed by graph input name
 * @param outputName      which graph output to compile when the model has several; empty: the only one
 * @param maxElements     the largest element count accepted for one tensor or one dimension product;
 *                        larger declared sizes are rejected before anything is allocated
 */
public record ImportOptions(Map<String, FloatTensor> bindings, Optional<String> outputName, long maxElements) {

    /** 2^28 elements (1 GiB of float32) per tensor by default. */
    public static final long DEFAULT_MAX_ELEMENTS = 1L << 28;

    public ImportOptions {
        bindings = Map.copyOf(bindings);
        Objects.requireNonNull(outputName, "outputName");
        if (maxElements < 1) {
            throw new IllegalArgumentException("maxElements must be positive");
        }
    }

    /** No bindings, the only output, the default size limit. */
    public static ImportOptions defaults() {
        return new ImportOptions(Map.of(), Optional.empty(), DEFAULT_MAX_ELEMENTS);
    }

    /** These options with the given graph-input bindings. */
    public ImportOptions withBindings(Map<String, FloatTensor> newBindings) {
        return new ImportOptions(newBindings, outputName, maxElements);
    }

    /** These options selecting the named graph output. */
    public ImportOptions withOutput(String name) {
        return new ImportOptions(bindings, Optional.of(name), maxElements);
    }

    /** These options with another size limit. */
    public ImportOptions withMaxElements(long limit) {
        return new ImportOptions(bindings, outputName, limit);
    }
}
