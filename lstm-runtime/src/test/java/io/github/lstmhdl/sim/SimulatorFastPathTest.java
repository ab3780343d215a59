package io.github.lstmhdl.sim;

import static io.github.lstmhdl.isa.Instruction.FLAG_ACCUMULATE;
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
 * The FC fast path (column-major weight copies made at load) on whole programs: which instructions take
 * it, and that a program gives the same bits whichever path its FCs take, run after run.
 */
class SimulatorFastPathTest {
    private static final int T = 3;

    /** A random FC split into row and column tiles over a [rows][cols] weight block, sequence output. */
    private record Tiled(TestImage image, List<Instruction> fcs, int rows, int cols) {
        static Tiled random(Random rnd) {
            int rows = 1 + rnd.nextInt(300);
            int cols = 1 + rnd.nextInt(300);
            int pad = rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(9);
            int rowStride = cols + pad;
            float[] weights = new float[rows * rowStride + rows];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = (float) rnd.nextGaussian();
            }
            TestImage im = new TestImage(cols, rows, T, true, 1, weights);
            int rowSplit = 1 + rnd.nextInt(rows);
            int colSplit = 1 + rnd.nextInt(cols);
            long bias = im.w(rows * rowStride);
            List<Instruction> fcs = new ArrayList<>();
            int[][] rowTiles = rowSplit == rows ? new int[][] {{0, rows}} : new int[][] {{0, rowSplit}, {rowSplit, rows}};
            for (int[] tile : rowTiles) {
                int r0 = tile[0];
                int n = tile[1] - r0;
                Operand dst = new Operand(im.out(r0), 4 * rows);
                fcs.add(Instruction.fc(dst, Operand.at(im.w(r0 * rowStride)), new Operand(im.in(0, 0), 4 * cols),
                        Operand.at(bias + 4L * r0), n, colSplit, ActivationCode.NONE, 0, 0, rowStride));
                if (colSplit < cols) {
                    fcs.add(Instruction.fc(dst, Operand.at(im.w(r0 * rowStride + colSplit)),
                            new Operand(im.in(0, colSplit), 4 * cols), Operand.NONE, n, cols - colSplit,
                            ActivationCode.TANH, FLAG_ACCUMULATE, 0, rowStride));
                }
            }
            return new Tiled(im, fcs, rows, cols);
        }

        /** The tiles in a loop over the steps; {@code spoil} first copies the weights onto themselves. */
        Simulator load(boolean spoil) throws SimulationException {
            List<Instruction> p = new ArrayList<>();
            if (spoil) {
                p.add(Instruction.elementwise(Opcode.COPY, Operand.at(image.w(0)), Operand.at(image.w(0)), Operand.NONE,
                        image.weights.length, 0));
            }
            p.add(Instruction.loop(fcs.size(), false));
            p.addAll(fcs);
            p.add(Instruction.halt());
            return image.load(p);
        }
    }

    private static void assertPaths(Simulator sim, boolean fast) {
        for (int pc = 0; pc < sim.program().size(); pc++) {
            if (sim.program().get(pc).opcode() == Opcode.FC) {
                assertTrue(sim.fastPath(pc) == fast, "instruction " + pc + " should take the "
                        + (fast ? "fast" : "direct") + " path");
            }
        }
    }

    @Test
    void tiledFcsGiveTheSameBitsOnBothPathsAndOnEveryRun() throws Exception {
        Random rnd = new Random(2024);
        for (int trial = 0; trial < 25; trial++) {
            Tiled tiled = Tiled.random(rnd);
            float[] x = new float[T * tiled.cols];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (rnd.nextDouble() * 2 - 1);
            }
            Simulator fast = tiled.load(false);
            Simulator direct = tiled.load(true);
            assertPaths(fast, true);
            assertPaths(direct, false);
            float[] y = fast.predict(x, T);
            String what = "trial " + trial + ": rows " + tiled.rows + ", cols " + tiled.cols;
            assertArrayEquals(y, direct.predict(x, T), 0f, what + ", fast vs direct path");
            assertArrayEquals(y, fast.predict(x, T), 0f, what + ", second run");
            assertArrayEquals(y, tiled.load(false).predict(x, T), 0f, what + ", second load");
        }
    }

    @Test
    void onlyFixedWeightsInsideTheWeightRegionThatNothingWritesAreCopied() throws Exception {
        Random rnd = new Random(3);
        float[] weights = new float[64];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) rnd.nextGaussian();
        }
        TestImage im = new TestImage(4, 4, T, true, 32, weights);
        Operand x = new Operand(im.in(0, 0), 16);
        Operand y = new Operand(im.out(0), 16);
        List<Instruction> p = new ArrayList<>();
        p.add(Instruction.loop(6, false));
        // 1: fixed weights in the weight region: fast
        p.add(Instruction.fc(y, Operand.at(im.w(0)), x, Operand.NONE, 4, 4, ActivationCode.NONE,
                Instruction.FLAG_NO_BIAS, 0, 0));
        // 2: weights that move with the step: direct
        p.add(Instruction.fc(y, new Operand(im.w(16), 16), x, Operand.NONE, 4, 4, ActivationCode.NONE,
                Instruction.FLAG_ACCUMULATE, 0, 0));
        // 3: weights in the system buffer: direct
        p.add(Instruction.fc(y, Operand.at(im.sys(0)), x, Operand.NONE, 4, 4, ActivationCode.NONE,
                Instruction.FLAG_ACCUMULATE, 0, 0));
        // 4: weights at w(48) that instruction 6 overwrites at its last step (t = T-1): direct
        p.add(Instruction.fc(y, Operand.at(im.w(48)), x, Operand.NONE, 4, 4, ActivationCode.NONE,
                Instruction.FLAG_ACCUMULATE, 0, 0));
        // 5: the same weights as instruction 1, shared: fast
        p.add(Instruction.fc(Operand.at(im.sys(16)), Operand.at(im.w(0)), x, Operand.NONE, 4, 4, ActivationCode.NONE,
                Instruction.FLAG_NO_BIAS, 0, 0));
        // 6: a COPY whose destination moves by 16 bytes a step and reaches w(48) at t = T-1
        long sweepStart = im.w(48) - 4L * 4 * (T - 1);
        p.add(Instruction.elementwise(Opcode.COPY, new Operand(sweepStart, 16), Operand.at(im.sys(0)), Operand.NONE,
                4, 0));
        p.add(Instruction.halt());
        Simulator sim = im.load(p);
        assertTrue(sim.fastPath(1));
        assertFalse(sim.fastPath(2));
        assertFalse(sim.fastPath(3));
        assertFalse(sim.fastPath(4));
        assertTrue(sim.fastPath(5));
    }
}
