package io.github.lstmhdl.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.isa.Operand;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Time blocking (an FC whose input the loop never writes has its products computed for blocks of
 * {@link Processor#STEP_BLOCK} steps ahead): which FCs take it, and that a recurrent program gives the
 * same bits with it as on the direct path, for sequence lengths around the block size, forward and
 * reverse, run after run.
 */
class SimulatorTimeBlockingTest {
    private static final int FRAME_LIMIT = 2 * Processor.STEP_BLOCK + 13;

    /**
     * A one-layer recurrent cell: h = 0, then per step g = W·x_t + b (instruction 2, from the input:
     * blockable), g += U·h (3, from the state, TANH), h = g (4), y_t = h (5); {@code spoil} first copies the weights onto themselves,
     * which takes every FC off the fast path.
     */
    private static Simulator load(TestImage im, int d, int r, boolean reverse, boolean spoil)
            throws SimulationException {
        List<Instruction> p = new ArrayList<>();
        if (spoil) {
            p.add(Instruction.elementwise(Opcode.COPY, Operand.at(im.w(0)), Operand.at(im.w(0)), Operand.NONE,
                    im.weights.length, 0));
        }
        p.add(Instruction.elementwise(Opcode.STATE_INIT, Operand.at(im.sys(r)), Operand.NONE, Operand.NONE, r,
                Instruction.FLAG_ZERO));
        p.add(Instruction.loop(4, reverse));
        p.add(Instruction.fc(Operand.at(im.sys(0)), Operand.at(im.w(0)), new Operand(im.in(0, 0), 4 * d),
                Operand.at(im.w(r * d + r * r)), r, d, ActivationCode.NONE, 0, 0, 0));
        p.add(Instruction.fc(Operand.at(im.sys(0)), Operand.at(im.w(r * d)), Operand.at(im.sys(r)), Operand.NONE,
                r, r, ActivationCode.TANH, Instruction.FLAG_ACCUMULATE, 0, 0));
        p.add(Instruction.elementwise(Opcode.COPY, Operand.at(im.sys(r)), Operand.at(im.sys(0)), Operand.NONE, r, 0));
        p.add(Instruction.elementwise(Opcode.COPY, new Operand(im.out(0), 4 * r), Operand.at(im.sys(r)), Operand.NONE,
                r, 0));
        p.add(Instruction.halt());
        return im.load(p);
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    @Test
    void blockedProductsGiveTheDirectPathsBitsAroundTheBlockSize() throws Exception {
        Random rnd = new Random(17);
        int[] lengths = {1, Processor.STEP_BLOCK - 1, Processor.STEP_BLOCK, Processor.STEP_BLOCK + 1, FRAME_LIMIT};
        for (int trial = 0; trial < 12; trial++) {
            int d = 1 + rnd.nextInt(70);
            int r = 1 + rnd.nextInt(600);
            float[] weights = new float[r * d + r * r + r];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = (float) (rnd.nextGaussian() / Math.sqrt(d + r));
            }
            TestImage im = new TestImage(d, r, FRAME_LIMIT, true, 2 * r, weights);
            boolean reverse = rnd.nextBoolean();
            Simulator blocked = load(im, d, r, reverse, false);
            Simulator direct = load(im, d, r, reverse, true);
            assertTrue(blocked.computesAhead(2), "the FC over the input is blocked");
            assertFalse(blocked.computesAhead(3), "the FC over the state h, which the loop writes, is not");
            assertFalse(direct.computesAhead(3), "nor the FC over the input off the fast path (after the spoiling COPY)");
            for (int steps : lengths) {
                float[] x = new float[steps * d];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (rnd.nextDouble() * 2 - 1);
                }
                String what = "trial " + trial + ": d " + d + ", rows " + r + ", " + steps + " steps"
                        + (reverse ? ", reverse" : "");
                int[] y = bits(blocked.predict(x, steps));
                assertArrayEquals(bits(direct.predict(x, steps)), y, what + ": blocked vs direct");
                assertArrayEquals(y, bits(blocked.predict(x, steps)), what + ": second run");
            }
        }
    }
}
