package io.github.lstmhdl.ir;

import java.util.Objects;

/**
 * Softmax over the features of each time step; {@code logarithmic} gives LogSoftmax. The toolbox runs
 * softmax in software on the host; the processor configuration decides where ours runs.
 */
public record SoftmaxLayer(String name, String origin, int size, boolean logarithmic) implements Layer {

    public SoftmaxLayer {
        Network.requireName(name);
        Objects.requireNonNull(origin, "origin");
        Network.requirePositive(size, "size of " + name);
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
        return logarithmic ? "LogSoftmax" : "Softmax";
    }

    @Override
    public String description() {
        return logarithmic ? "log-softmax" : "softmax";
    }

    @Override
    public String namePrefix() {
        return "softmax";
    }

    @Override
    public SoftmaxLayer withName(String newName) {
        return new SoftmaxLayer(newName, origin, size, logarithmic);
    }

    @Override
    public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
        return cases.softmax(this);
    }
}
