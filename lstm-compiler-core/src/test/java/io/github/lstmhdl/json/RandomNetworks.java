package io.github.lstmhdl.json;

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

/** Networks with seeded random weights, built the way the native importer would produce them. */
final class RandomNetworks {
    private final Random random;

    RandomNetworks(long seed) {
        random = new Random(seed);
    }

    FloatTensor tensor(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return FloatTensor.of(data, shape);
    }

    LstmDirection direction(int d, int h, boolean peepholes, boolean states) {
        return new LstmDirection(tensor(4 * h, d), tensor(4 * h, h), tensor(4 * h),
                peepholes ? Optional.of(tensor(3 * h)) : Optional.empty(),
                states ? Optional.of(tensor(h)) : Optional.empty(),
                states ? Optional.of(tensor(h)) : Optional.empty());
    }

    LstmLayer lstm(String name, int index, Direction dir, OutputMode mode, int d, int h, boolean peepholes,
            boolean states) {
        List<LstmDirection> dirs = new ArrayList<>();
        for (int k = 0; k < dir.count(); k++) {
            dirs.add(direction(d, h, peepholes, states));
        }
        return new LstmLayer(name, origin(index), dir, mode, dirs);
    }

    FullyConnectedLayer fc(String name, int index, int in, int out) {
        return new FullyConnectedLayer(name, origin(index), tensor(out, in), tensor(out));
    }

    static String origin(int index) {
        return "$.layers[" + index + "]";
    }

    /** Stacked forward, bidirectional and reverse LSTMs with peepholes and states, then a classifier head. */
    Network classifier(String name) {
        List<Layer> layers = new ArrayList<>();
        layers.add(lstm("lstm_1", 1, Direction.FORWARD, OutputMode.SEQUENCE, 3, 5, true, true));
        layers.add(lstm("lstm_2", 2, Direction.BIDIRECTIONAL, OutputMode.SEQUENCE, 5, 4, true, true));
        layers.add(lstm("lstm_3", 3, Direction.REVERSE, OutputMode.LAST_STEP, 8, 6, false, false));
        layers.add(fc("fc_1", 4, 6, 7));
        layers.add(new ActivationLayer("relu", origin(5), 7, Activation.RELU));
        layers.add(fc("fc_2", 6, 7, 4));
        layers.add(new SoftmaxLayer("softmax", origin(7), 4, false));
        return new Network(name, new SequenceInput("in", 3, 20, 1, List.of(Axis.TIME, Axis.FEATURE)), layers,
                new NetworkOutput("softmax", List.of(Axis.FEATURE)));
    }

    /** A sequence-to-sequence network with a dynamic length and every remaining kind of layer. */
    Network sequenceToSequence(String name) {
        List<Layer> layers = new ArrayList<>();
        layers.add(lstm("enc", 1, Direction.BIDIRECTIONAL, OutputMode.SEQUENCE, 2, 3, false, true));
        layers.add(new ActivationLayer("act_s", origin(2), 6, Activation.SIGMOID));
        layers.add(lstm("dec", 3, Direction.FORWARD, OutputMode.SEQUENCE, 6, 2, true, false));
        layers.add(new ActivationLayer("act_t", origin(4), 2, Activation.TANH));
        layers.add(fc("proj", 5, 2, 3));
        layers.add(new SoftmaxLayer("logp", origin(6), 3, true));
        return new Network(name, new SequenceInput("x", 2, SequenceInput.DYNAMIC, 1,
                List.of(Axis.TIME, Axis.FEATURE)), layers, new NetworkOutput("logp", List.of(Axis.TIME, Axis.FEATURE)));
    }
}
