package io.github.lstmhdl.ir;

import java.util.Objects;

/**
 * Layer normalization over the features of every time step (MATLAB's layerNormalizationLayer, ONNX
 * LayerNormalization over the last axis, and the ReduceMean/Sub/Pow/ReduceMean/Add/Sqrt/Div/Mul/Add
 * chain exporters write for it): y = (x − mean(x)) / sqrt(var(x) + epsilon) · scale + offset, with the
 * population variance. The arithmetic on the processor is the NORM instruction's (docs/isa.md §3).
 *
 * @param scale   the per-feature gain [size] (ones when the source has none)
 * @param offset  the per-feature shift [size] (zeros when the source has none)
 * @param epsilon added to the variance before the square root: finite and not negative
 */
public record LayerNormLayer(String name, String origin, int size, FloatTensor scale, FloatTensor offset, float epsilon)
        implements Layer {

    public LayerNormLayer {
        Network.requireName(name);
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(offset, "offset");
        Network.requirePositive(size, "size of " + name);
        for (FloatTensor t : new FloatTensor[] {scale, offset}) {
            if (t.rank() != 1 || t.size() != size) {
                throw new IllegalArgumentException("layer '" + name + "' needs a scale and an offset of " + size
                        + " values, not " + t);
            }
            if (t.firstNonFinite() >= 0) {
                throw new IllegalArgumentException("layer '" + name + "': element " + t.firstNonFinite()
                        + " of its scale or offset is not finite");
            }
        }
        if (!(epsilon >= 0) || Float.isInfinite(epsilon)) {
            throw new IllegalArgumentException("layer '" + name + "': epsilon must be finite and not negative, not "
                    + epsilon);
        }
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public String typeName() {
        return "Layer Normalization";
    }

    @Override
    public String description() {
        return "Layer normalization with " + size + " channels";
    }

    @Override
    public String namePrefix() {
        return "layernorm";
    }

    @Override
    public LayerNormLayer withName(String newName) {
        return new LayerNormLayer(newName, origin, size, scale, offset, epsilon);
    }

    @Override
    public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
        return cases.layerNorm(this);
    }
}
