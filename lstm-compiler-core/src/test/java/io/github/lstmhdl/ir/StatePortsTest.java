package io.github.lstmhdl.ir;
import io.github.lstmhdl.layout.Axis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The network's validation of its state ports: what each port may name and how its pieces must lie. */
class StatePortsTest {
    private static final int D = 2;
    private static final int H = 3;

    private static FloatTensor zeros(int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return FloatTensor.of(new float[n], shape);
    }

    private static LstmLayer lstm(String name, int d, Optional<FloatTensor> c0) {
        LstmDirection p = new LstmDirection(zeros(4 * H, d), zeros(4 * H, H), zeros(4 * H), Optional.empty(),
                Optional.empty(), c0);
        return new LstmLayer(name, name, Direction.FORWARD, OutputMode.SEQUENCE, List.of(p));
    }

    private static GruLayer gru() {
        GruLayer.Parameters p = new GruLayer.Parameters(zeros(3 * H, D), zeros(3 * H, H), zeros(3 * H), zeros(3 * H),
                Optional.empty());
        return new GruLayer("gru_1", "gru", Direction.FORWARD, OutputMode.SEQUENCE, true, List.of(p));
    }

    private static Network network(List<Layer> layers, StatePorts ports) {
        SequenceInput in = new SequenceInput("x", D, 0, 1, List.of(Axis.TIME, Axis.BATCH, Axis.FEATURE));
        return new Network("n", in, layers, new NetworkOutput("y", List.of(Axis.TIME, Axis.BATCH, Axis.FEATURE)),
                ports);
    }

    private static StatePiece piece(int layer, StateKind kind, long offset, long stride) {
        return new StatePiece(new StateRef(layer, 0, kind), offset, stride);
    }

    private static String reject(List<Layer> layers, StatePorts ports) {
        return assertThrows(IllegalArgumentException.class, () -> network(layers, ports)).getMessage();
    }

    @Test
    void aPackedInputAndOutputOfAStackAreAccepted() {
        List<Layer> stack = List.of(lstm("lstm_1", D, Optional.empty()), lstm("lstm_2", H, Optional.empty()));
        List<StatePiece> pieces = List.of(piece(0, StateKind.HIDDEN, 0, 2), piece(0, StateKind.CELL, 1, 2),
                piece(1, StateKind.HIDDEN, 6, 2), piece(1, StateKind.CELL, 7, 2));
        StatePort in = new StatePort("s", new int[] {1, 2, H, 2}, pieces);
        StatePort out = new StatePort("s_out", new int[] {1, 2, H, 2}, pieces);
        Network n = network(stack, new StatePorts(List.of(in), List.of(out)));
        assertEquals(4, n.ports().inputPieces().size());
        assertEquals(H, n.stateSize(pieces.get(2).state()));
    }

    @Test
    void eachMistakeIsNamed() {
        List<Layer> one = List.of(lstm("lstm_1", D, Optional.empty()));
        String cellOfGru = reject(List.of(gru()), new StatePorts(List.of(new StatePort("s", new int[] {H},
                List.of(piece(0, StateKind.CELL, 0, 1)))), List.of()));
        assertTrue(cellOfGru.contains("'gru_1' (GRU) has no cell state"), cellOfGru);
        String twice = reject(one, new StatePorts(List.of(new StatePort("a", new int[] {H},
                List.of(piece(0, StateKind.HIDDEN, 0, 1))), new StatePort("b", new int[] {H},
                List.of(piece(0, StateKind.HIDDEN, 0, 1)))), List.of()));
        assertTrue(twice.contains("the hidden state of layer 'lstm_1' is given by two state inputs"), twice);
        String beyond = reject(one, new StatePorts(List.of(new StatePort("a", new int[] {2 * H},
                List.of(piece(0, StateKind.HIDDEN, 2, 2)))), List.of()));
        assertTrue(beyond.contains("ends beyond its 6 elements"), beyond);
        String overlap = reject(one, new StatePorts(List.of(), List.of(new StatePort("o", new int[] {2, H},
                List.of(piece(0, StateKind.HIDDEN, 0, 1), piece(0, StateKind.CELL, 2, 1))))));
        assertTrue(overlap.contains("element 2 is written by two states"), overlap);
        String gap = reject(one, new StatePorts(List.of(), List.of(new StatePort("o", new int[] {2, H},
                List.of(piece(0, StateKind.HIDDEN, 0, 1))))));
        assertTrue(gap.contains("the states fill 3 of its 6 elements"), gap);
        String notRecurrent = reject(List.of(lstm("lstm_1", D, Optional.empty()), new ActivationLayer("relu_1", "", H,
                Activation.RELU)), new StatePorts(List.of(new StatePort("s", new int[] {H},
                List.of(piece(1, StateKind.HIDDEN, 0, 1)))), List.of()));
        assertTrue(notRecurrent.contains("layer 1 is not a recurrent layer"), notRecurrent);
        String constant = reject(List.of(lstm("lstm_1", D, Optional.of(zeros(H)))), new StatePorts(List.of(
                new StatePort("s", new int[] {H}, List.of(piece(0, StateKind.CELL, 0, 1)))), List.of()));
        assertTrue(constant.contains("also has a constant initial state"), constant);
        String name = reject(one, new StatePorts(List.of(new StatePort("x", new int[] {H},
                List.of(piece(0, StateKind.HIDDEN, 0, 1)))), List.of()));
        assertTrue(name.contains("'x' is used twice"), name);
    }
}
