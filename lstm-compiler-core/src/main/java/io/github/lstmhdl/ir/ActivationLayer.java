package io.github.lstmhdl.ir;

import java.util.Locale;
import java.util.Objects;

/**
 * An elementwise activation applied to every feature of every time step. A {@linkplain
 * Activation#parameterized() parameterized} function (ELU, PReLU) has {@code parameters}, one float per
 * feature (ELU's alpha repeated, PReLU's per-channel slope); the others have an empty tensor.
 */
public record ActivationLayer(String name, String origin, int size, Activation activation, FloatTensor parameters)
        implements Layer {

    private static final FloatTensor NONE = FloatTensor.zeros(0);

    public ActivationLayer {
        Network.requireName(name);
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(parameters, "parameters");
        Network.requirePositive(size, "size of " + name);
        int expected = activation.parameterized() ? size : 0;
        if (parameters.rank() != 1 || parameters.size() != expected) {
            throw new IllegalArgumentException("layer '" + name + "' (" + activation + ") needs " + expected
                    + " parameters, not " + parameters);
        }
        int bad = parameters.firstNonFinite();
        if (bad >= 0) {
            throw new IllegalArgumentException("layer '" + name + "': parameter " + bad + " is not finite");
        }
    }

    /** A function without parameters (ReLU, sigmoid, tanh). */
    public ActivationLayer(String name, String origin, int size, Activation activation) {
        this(name, origin, size, activation, NONE);
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
            case ELU -> "ELU";
            case PRELU -> "PReLU";
            case GELU -> "GELU";
            case GELU_TANH -> "GELU (tanh)";
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
        return new ActivationLayer(newName, origin, size, activation, parameters);
    }

    @Override
    public <R, X extends Exception> R accept(Cases<R, X> cases) throws X {
        return cases.activation(this);
    }
}
