package io.github.lstmhdl.ir;
import io.github.lstmhdl.layout.Axis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link Network} asks of its layers through {@link RecurrentLayer} (directions, output mode) and
 * the exhaustive dispatch {@link Layer#accept}: the last recurrent layer decides whether the output
 * is a sequence and how many directions it concatenates; every kind reaches its own case.
 */
class RecurrentLayerTest {
    private static final int D = 3;
    private static final int H = 2;

    private static LstmLayer lstm(String name, Direction direction, OutputMode mode, int inputSize) {
        LstmDirection params = LstmDirection.of(FloatTensor.zeros(4 * H, inputSize), FloatTensor.zeros(4 * H, H),
                FloatTensor.zeros(4 * H));
        List<LstmDirection> dirs = direction == Direction.BIDIRECTIONAL ? List.of(params, params) : List.of(params);
        return new LstmLayer(name, "", direction, mode, dirs);
    }

    private static Network network(List<Layer> layers, List<Axis> outputAxes) {
        SequenceInput in = new SequenceInput("x", D, 0, 1, List.of(Axis.TIME, Axis.FEATURE));
        return new Network("n", in, layers, new NetworkOutput("y", outputAxes));
    }

    @Test
    void theLastRecurrentLayerDecidesSequenceAndDirections() {
        LstmLayer first = lstm("a", Direction.FORWARD, OutputMode.SEQUENCE, D);
        LstmLayer last = lstm("b", Direction.BIDIRECTIONAL, OutputMode.LAST_STATE, H);
        FullyConnectedLayer fc = new FullyConnectedLayer("fc", "", FloatTensor.zeros(5, 2 * H), FloatTensor.zeros(5));
        Network n = network(List.of(first, last, fc), List.of(Axis.FEATURE));
        assertFalse(n.outputIsSequence());
        assertEquals(2, n.outputDirections());
        assertEquals(0, n.stateBatch());

        Network plain = network(List.of(new ActivationLayer("r", "", D, Activation.RELU)),
                List.of(Axis.TIME, Axis.FEATURE));
        assertTrue(plain.outputIsSequence());
        assertEquals(1, plain.outputDirections());
    }

    @Test
    void aRecurrentLayerNeedsASequence() {
        LstmLayer first = lstm("a", Direction.FORWARD, OutputMode.LAST_STATE, D);
        LstmLayer second = lstm("b", Direction.FORWARD, OutputMode.SEQUENCE, H);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> network(List.of(first, second), List.of(Axis.TIME, Axis.FEATURE)));
        assertTrue(e.getMessage().contains("'b' is recurrent (LSTM) but its input is no longer a sequence"),
                e.getMessage());
    }

    @Test
    void everyKindReachesItsOwnCase() {
        Layer.Cases<String, RuntimeException> kinds = new Layer.Cases<>() {
            @Override
            public String lstm(LstmLayer layer) {
                return "lstm";
            }

            @Override
            public String gru(GruLayer layer) {
                return "gru";
            }

            @Override
            public String fullyConnected(FullyConnectedLayer layer) {
                return "fc";
            }

            @Override
            public String activation(ActivationLayer layer) {
                return "activation";
            }

            @Override
            public String softmax(SoftmaxLayer layer) {
                return "softmax";
            }

            @Override
            public String convolution(ConvolutionLayer layer) {
                return "convolution";
            }

            @Override
            public String maxPool(MaxPoolLayer layer) {
                return "maxPool";
            }

            @Override
            public String layerNorm(LayerNormLayer layer) {
                return "layerNorm";
            }
        };
        assertEquals("lstm", lstm("a", Direction.REVERSE, OutputMode.SEQUENCE, D).accept(kinds));
        assertEquals("fc", new FullyConnectedLayer("f", "", FloatTensor.zeros(1, 1), FloatTensor.zeros(1))
                .accept(kinds));
        assertEquals("activation", new ActivationLayer("r", "", 1, Activation.TANH).accept(kinds));
        assertEquals("softmax", new SoftmaxLayer("s", "", 1, true).accept(kinds));
        assertEquals("convolution", new ConvolutionLayer("c", "", FloatTensor.zeros(1, 1, 1), FloatTensor.zeros(1), 1, 1,
                0, 0, ConvolutionLayer.PadMode.CONSTANT, 0f).accept(kinds));
        assertEquals("maxPool", new MaxPoolLayer("m", "", 2, 2, 1, 1, 0, 0, ConvolutionLayer.PadMode.CONSTANT, 0f)
                .accept(kinds));
        assertEquals("layerNorm", new LayerNormLayer("n", "", 1, FloatTensor.zeros(1), FloatTensor.zeros(1), 1e-5f)
                .accept(kinds));
        GruLayer.Parameters gru = new GruLayer.Parameters(FloatTensor.zeros(3, 2), FloatTensor.zeros(3, 1),
                FloatTensor.zeros(3), FloatTensor.zeros(3), java.util.Optional.empty());
        assertEquals("gru", new GruLayer("g", "", Direction.FORWARD, OutputMode.SEQUENCE, true, List.of(gru))
                .accept(kinds));
    }
}
