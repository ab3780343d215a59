package io.github.lstmhdl.ir;
import io.github.lstmhdl.layout.Axis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Initial states: [H] shared by every sequence, or [B, H] per sequence of the input's fixed batch B. */
class InitialStatesTest {
    private static final int D = 3;
    private static final int H = 4;

    private static FloatTensor random(Random r, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return FloatTensor.of(v, shape);
    }

    private static LstmDirection direction(Optional<FloatTensor> h0, Optional<FloatTensor> c0) {
        Random r = new Random(5);
        return new LstmDirection(random(r, 4 * H, D), random(r, 4 * H, H), random(r, 4 * H), Optional.empty(), h0, c0);
    }

    private static Network network(int batch, LstmDirection d) {
        SequenceInput in = new SequenceInput("x", D, 0, batch, List.of(Axis.TIME, Axis.BATCH, Axis.FEATURE));
        LstmLayer lstm = new LstmLayer("lstm_1", "lstm", Direction.FORWARD, OutputMode.SEQUENCE, List.of(d));
        return new Network("n", in, List.of(lstm), new NetworkOutput("y", List.of(Axis.TIME, Axis.BATCH, Axis.FEATURE)));
    }

    @Test
    void perSequenceStatesNeedTheInputsFixedBatch() {
        Random r = new Random(1);
        LstmDirection perSequence = direction(Optional.of(random(r, 3, H)), Optional.of(random(r, H)));
        assertEquals(3, perSequence.stateBatch());
        assertEquals(3, network(3, perSequence).stateBatch());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> network(2, perSequence));
        assertTrue(other.getMessage().contains("initial states for 3 sequences")
                && other.getMessage().contains("batch size is 2"), other.getMessage());
        IllegalArgumentException dynamic = assertThrows(IllegalArgumentException.class, () -> network(0, perSequence));
        assertTrue(dynamic.getMessage().contains("dynamic"), dynamic.getMessage());
        LstmDirection shared = direction(Optional.of(random(r, H)), Optional.empty());
        assertEquals(0, shared.stateBatch());
        assertEquals(0, network(0, shared).stateBatch());
    }

    @Test
    void statesOfTheWrongShapeAreRejected() {
        Random r = new Random(2);
        assertThrows(IllegalArgumentException.class, () -> direction(Optional.of(random(r, H + 1)), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> direction(Optional.of(random(r, 3, H + 1)), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> direction(Optional.of(random(r, 1, 3, H)), Optional.empty()));
        LstmDirection mismatch = direction(Optional.of(random(r, 3, H)), Optional.of(random(r, 2, H)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> network(3, mismatch));
        assertTrue(e.getMessage().contains("different numbers of sequences"), e.getMessage());
    }
}
