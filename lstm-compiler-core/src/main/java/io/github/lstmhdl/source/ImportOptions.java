package io.github.lstmhdl.source;

import io.github.lstmhdl.ir.FloatTensor;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to read a network file.
 *
 * @param bindings         constant values for graph inputs other than the sequence (the ONNX backend
 *                         test cases declare W, R, B as graph inputs); keyed by graph input name
 * @param outputName       which graph outputs to compile: one name, or several separated by commas (one main
 *                         output and state outputs, docs/formats.md "State ports"); empty: every graph output
 * @param maxElements      the largest element count accepted for one tensor or one dimension product;
 *                         larger declared sizes are rejected before anything is allocated
 * @param maxConstantBytes the most bytes that all constants of one import may take together beyond the
 *                         bytes the model file holds (tensors widened on decoding, bound inputs, every
 *                         tensor that constant folding creates, and every per-layer copy, reorder or
 *                         transpose of a weight that other nodes also read, counted as a running total);
 *                         without it, several tensors that each respect {@code maxElements}, or one
 *                         tensor shared by many layers, could still exhaust the heap. Weights decoded at
 *                         their stored width and used by one layer are not counted
 * @param positionalLayerNames name every ONNX layer by kind and position ({@code lstm_1}), even where the
 *                         exporter gave its node a clean layer name (docs/formats.md, Names)
 */
public record ImportOptions(Map<String, FloatTensor> bindings, Optional<String> outputName, long maxElements,
        long maxConstantBytes, boolean positionalLayerNames) {

    /** 2^28 elements (1 GiB of float32) per tensor by default. */
    public static final long DEFAULT_MAX_ELEMENTS = 1L << 28;

    /**
     * 256 MiB by default for what one import makes beyond the model file's bytes: far more than real
     * exporters' folded subgraphs need (zero initial states, reshaped or sliced weights: kilobytes to a few
     * megabytes), but not the gigabytes that a few ConstantOfShape or Expand nodes of a tiny file could ask
     * for. The weights themselves, decoded at their stored width, are not counted.
     */
    public static final long DEFAULT_MAX_CONSTANT_BYTES = 1L << 28;

    public ImportOptions {
        bindings = Map.copyOf(bindings);
        Objects.requireNonNull(outputName, "outputName");
        if (maxElements < 1) {
            throw new IllegalArgumentException("maxElements must be positive");
        }
        if (maxConstantBytes < 1) {
            throw new IllegalArgumentException("maxConstantBytes must be positive");
        }
    }

    /** Options that keep the exporter's clean layer names. */
    public ImportOptions(Map<String, FloatTensor> bindings, Optional<String> outputName, long maxElements,
            long maxConstantBytes) {
        this(bindings, outputName, maxElements, maxConstantBytes, false);
    }

    /** Options with the default budget for all constants ({@link #DEFAULT_MAX_CONSTANT_BYTES}). */
    public ImportOptions(Map<String, FloatTensor> bindings, Optional<String> outputName, long maxElements) {
        this(bindings, outputName, maxElements, DEFAULT_MAX_CONSTANT_BYTES);
    }

    /** No bindings, the only output, the default size limits. */
    public static ImportOptions defaults() {
        return new ImportOptions(Map.of(), Optional.empty(), DEFAULT_MAX_ELEMENTS, DEFAULT_MAX_CONSTANT_BYTES);
    }

    /** These options with the given graph-input bindings. */
    public ImportOptions withBindings(Map<String, FloatTensor> newBindings) {
        return new ImportOptions(newBindings, outputName, maxElements, maxConstantBytes, positionalLayerNames);
    }

    /** These options selecting the named graph output (or several, separated by commas). */
    public ImportOptions withOutput(String name) {
        return new ImportOptions(bindings, Optional.of(name), maxElements, maxConstantBytes, positionalLayerNames);
    }

    /** These options with another per-tensor size limit. */
    public ImportOptions withMaxElements(long limit) {
        return new ImportOptions(bindings, outputName, limit, maxConstantBytes, positionalLayerNames);
    }

    /** These options with another budget for all constants of one import, in bytes. */
    public ImportOptions withMaxConstantBytes(long limit) {
        return new ImportOptions(bindings, outputName, maxElements, limit, positionalLayerNames);
    }

    /** These options naming every layer by kind and position ({@code true}) or keeping clean node names. */
    public ImportOptions withPositionalLayerNames(boolean positional) {
        return new ImportOptions(bindings, outputName, maxElements, maxConstantBytes, positional);
    }
}
