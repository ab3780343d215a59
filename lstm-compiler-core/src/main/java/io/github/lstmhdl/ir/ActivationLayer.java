package io.github.lstmhdl.ir;

import java.util.Locale;
import java.util.Objects;

/** An elementwise activation (ReLU, sigmoid or tanh) applied to every feature of every time step. */
public record ActivationLayer(String name, String origin, int size, Activation activation) implements Layer {

    public ActivationLayer {
        Network.requireName(name);
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(activation, "activation");
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
        return switch (activation) {
            case RELU -> "ReLU";
            case SIGMOID -> "Sigmoid";
            case TANH -> "Tanh";
        };
    }

    @Override
    public String description() {
        return typeName();
    }

    @Override
    public String namePrefix() {
        return activation.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public ActivationLayer withName(String newName) {
        return new ActivationLayer(newName, origin, size, activation);
    }

    @Override
    public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
        return cases.activation(this);
    }
}
