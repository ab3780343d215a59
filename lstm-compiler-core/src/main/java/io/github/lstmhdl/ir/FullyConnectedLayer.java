package io.github.lstmhdl.ir;

import java.util.Objects;

/**
 * A fully connected layer y = W·x + b applied to every time step: weights [outputSize × inputSize]
 * (MATLAB's and ONNX Gemm transB=1 convention) and bias [outputSize].
 */
public record FullyConnectedLayer(String name, String origin, FloatTensor weights, FloatTensor bias)
        implements Layer {

    public FullyConnectedLayer {
        Network.requireName(name);
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(bias, "bias");
        if (weights.rank() != 2 || weights.dim(0) < 1 || weights.dim(1) < 1) {
            throw new IllegalArgumentException(name + ": weights must be a non-empty matrix, not " + weights);
        }
        if (bias.rank() != 1 || bias.dim(0) != weights.dim(0)) {
            throw new IllegalArgumentException(name + ": bias " + bias + " does not match weights " + weights);
        }
    }

    @Override
    public int inputSize() {
        return weights.dim(1);
    }

    @Override
    public int outputSize() {
        return weights.dim(0);
    }

    @Override
    public String typeName() {
        return "Fully Connected";
    }

    @Override
    public String description() {
        return outputSize() + " fully connected layer";
    }

    @Override
    public String namePrefix() {
        return "fc";
    }

    @Override
    public FullyConnectedLayer withName(String newName) {
        return new FullyConnectedLayer(newName, origin, weights, bias);
    }

    @Override
    public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
        return cases.fullyConnected(this);
    }
}
