package io.github.lstmhdl.testing;

import io.github.lstmhdl.ir.Activation;
import io.github.lstmhdl.ir.ActivationLayer;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.FullyConnectedLayer;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.LstmDirection;
import io.github.lstmhdl.ir.LstmLayer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.NetworkOutput;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.ir.SequenceInput;
import io.github.lstmhdl.ir.SoftmaxLayer;
import io.github.lstmhdl.layout.Axis;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Builds IR networks with seeded random weights (never constant ones), layer by layer. */
public final class RandomNetworks {
    private final Random random;
    private final int inputSize;
    private final int sequenceLength;
    private final List<Layer> layers = new ArrayList<>();
    private int features;
    private boolean sequence = true;
    private int lastDirections = 1;

    private RandomNetworks(long seed, int inputSize, int sequenceLength) {
        this.random = new Random(seed);
        this.inputSize = inputSize;
        this.sequenceLength = sequenceLength;
        this.features = inputSize;
    }

    /** A builder for a network with input size D and a fixed (or 0 = dynamic) sequence length. */
    public static RandomNetworks builder(long seed, int inputSize, int sequenceLength) {
        return new RandomNetworks(seed, inputSize, sequenceLength);
    }

    /** Uniform random floats in [-scale, scale]. */
    public FloatTensor tensor(float scale, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (random.nextFloat() * 2 - 1) * scale;
        }
        return FloatTensor.of(a, shape);
    }

    public RandomNetworks lstm(String name, int h, Direction direction, OutputMode mode, boolean peepholes,
            boolean initialStates) {
        List<LstmDirection> dirs = new ArrayList<>();
        for (int k = 0; k < direction.count(); k++) {
            dirs.add(new LstmDirection(tensor(0.8f, 4 * h, features), tensor(0.8f, 4 * h, h), tensor(0.5f, 4 * h),
                    peepholes ? Optional.of(tensor(0.5f, 3 * h)) : Optional.empty(),
                    initialStates ? Optional.of(tensor(0.5f, h)) : Optional.empty(),
                    initialStates ? Optional.of(tensor(0.5f, h)) : Optional.empty()));
        }
        layers.add(new LstmLayer(name, "", direction, mode, dirs));
        features = h * direction.count();
        sequence = mode.isSequence();
        lastDirections = direction.count();
        return this;
    }

    public RandomNetworks fc(String name, int k) {
        layers.add(new FullyConnectedLayer(name, "", tensor(0.7f, k, features), tensor(0.3f, k)));
        features = k;
        return this;
    }

    public RandomNetworks activation(String name, Activation a) {
        layers.add(new ActivationLayer(name, "", features, a));
        return this;
    }

    /** An ELU or PReLU layer with random parameters in [-1, 1] (ELU: in [0, 1]). */
    public RandomNetworks parameterized(String name, Activation a) {
        FloatTensor p = tensor(1f, features);
        if (a == Activation.ELU) {
            float[] v = p.toArray();
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.abs(v[i]);
            }
            p = FloatTensor.of(v, features);
        }
        layers.add(new ActivationLayer(name, "", features, a, p));
        return this;
    }

    public RandomNetworks softmax(String name, boolean log) {
        layers.add(new SoftmaxLayer(name, "", features, log));
        return this;
    }

    public Network build(String name) {
        List<Axis> out = sequence ? List.of(Axis.TIME, Axis.FEATURE) : List.of(Axis.FEATURE);
        return new Network(name, new SequenceInput("sequenceinput", inputSize, sequenceLength, 1,
                List.of(Axis.TIME, Axis.FEATURE)), layers, new NetworkOutput("output", out));
    }

    /** A random sequence [T][D]. */
    public static float[][] sequence(long seed, int t, int d) {
        Random r = new Random(seed);
        float[][] x = new float[t][d];
        for (float[] row : x) {
            for (int i = 0; i < d; i++) {
                row[i] = r.nextFloat() * 2 - 1;
            }
        }
        return x;
    }
}
