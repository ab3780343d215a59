package io.github.lstmhdl.sim;

import static io.github.lstmhdl.isa.Instruction.FLAG_FIRST_ITERATION;
import static io.github.lstmhdl.isa.Instruction.FLAG_LAST_ITERATION;
import static io.github.lstmhdl.isa.Instruction.FLAG_LAST_STEP;
import static io.github.lstmhdl.isa.Instruction.FLAG_ZERO;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.image.ImageMetadata;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.isa.Operand;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Time loops (forward, reverse), iteration predicates, the last-step flag, and state across runs. */
class SimulatorLoopAndStateTest {
    private static final int D = 3;

    private static float[] random(int n, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static Instruction copy(long dst, int dstStride, long a, int aStride, int n, int flags) {
        return Instruction.elementwise(Opcode.COPY, new Operand(dst, dstStride), new Operand(a, aStride), Operand.NONE,
                n, flags);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void loopRunsTheBodyOncePerStepInItsDirection(boolean reverse) throws Exception {
        int steps = 6;
        TestImage im = new TestImage(D, D, 8, true, D, new float[1]);
        Operand acc = Operand.at(im.sys(0));
        List<Instruction> p = List.of(
                Instruction.elementwise(Opcode.STATE_INIT, acc, Operand.NONE, Operand.NONE, D, FLAG_ZERO),
                Instruction.loop(2, reverse),
                Instruction.elementwise(Opcode.ADD, acc, acc, new Operand(im.in(0, 0), 4 * D), D, 0),
                copy(im.out(0), 4 * D, im.sys(0), 0, D, 0),
                Instruction.halt());
        float[] x = random(steps * D, 1);
        float[] y = im.load(p).predict(x, steps);
        assertEquals(steps * D, y.length);
        for (int i = 0; i < D; i++) {
            float sum = 0;
            for (int j = 0; j < steps; j++) {
                int t = reverse ? steps - 1 - j : j;
                sum += x[t * D + i];
                assertEquals(sum, y[t * D + i], 0f, "t=" + t + " i=" + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void firstAndLastIterationPredicates(boolean reverse) throws Exception {
        int steps = 5;
        TestImage im = new TestImage(D, 3 * D, 8, false, 1, new float[1]);
        List<Instruction> p = List.of(
                Instruction.loop(3, reverse),
                copy(im.out(0), 0, im.in(0, 0), 4 * D, D, FLAG_FIRST_ITERATION),
                copy(im.out(D), 0, im.in(0, 0), 4 * D, D, FLAG_LAST_ITERATION),
                copy(im.out(2 * D), 0, im.in(0, 0), 4 * D, D, FLAG_LAST_STEP), // ignored inside a loop: every step
                Instruction.halt());
        float[] x = random(steps * D, 2);
        float[] y = im.load(p).predict(x, steps);
        int first = reverse ? steps - 1 : 0;
        int last = reverse ? 0 : steps - 1;
        for (int i = 0; i < D; i++) {
            assertEquals(x[first * D + i], y[i], 0f);
            assertEquals(x[last * D + i], y[D + i], 0f);
            assertEquals(x[last * D + i], y[2 * D + i], 0f);
        }
    }

    @Test
    void lastStepFlagOutsideALoopAddressesStepTMinus1() throws Exception {
        int steps = 4;
        TestImage im = new TestImage(D, 2 * D, 8, false, 1, new float[1]);
        List<Instruction> p = List.of(
                copy(im.out(0), 0, im.in(0, 0), 4 * D, D, 0),
                copy(im.out(D), 0, im.in(0, 0), 4 * D, D, FLAG_LAST_STEP),
                Instruction.halt());
        float[] x = random(steps * D, 3);
        float[] y = im.load(p).predict(x, steps);
        for (int i = 0; i < D; i++) {
            assertEquals(x[i], y[i], 0f);
            assertEquals(x[(steps - 1) * D + i], y[D + i], 0f);
        }
    }

    /** acc starts from a constant c0 on reset, adds every step; the output is acc after the run. */
    private static Simulator accumulator(float[] c0) throws SimulationException {
        TestImage im = new TestImage(D, D, 8, false, D, c0);
        Operand acc = Operand.at(im.sys(0));
        return im.load(List.of(
                Instruction.elementwise(Opcode.STATE_INIT, acc, Operand.at(im.w(0)), Operand.NONE, D, 0),
                Instruction.loop(1, false),
                Instruction.elementwise(Opcode.ADD, acc, acc, new Operand(im.in(0, 0), 4 * D), D, 0),
                copy(im.out(0), 0, im.sys(0), 0, D, 0),
                Instruction.halt()));
    }

    private static float[] sum(float[] start, float[] x) {
        float[] s = start.clone();
        for (int i = 0; i < x.length; i++) {
            s[i % D] += x[i];
        }
        return s;
    }

    @Test
    void statePersistsAcrossRunsUnlessReset() throws Exception {
        float[] c0 = random(D, 4);
        Simulator sim = accumulator(c0);
        float[] x1 = random(3 * D, 5);
        float[] x2 = random(2 * D, 6);
        // the first run after load resets even when asked to keep the state
        float[] y1 = sim.predictAndUpdateState(x1, 3);
        assertArrayEquals(sum(c0, x1), y1);
        float[] y2 = sim.predictAndUpdateState(x2, 2);
        assertArrayEquals(sum(y1, x2), y2);
        float[] y3 = sim.predict(x2, 2);
        assertArrayEquals(sum(c0, x2), y3);
        float[] y4 = sim.run(x1, 3, false);
        assertArrayEquals(sum(y3, x1), y4);
        sim.resetState();
        assertArrayEquals(sum(c0, x1), sim.run(x1, 3, false));
    }

    /** acc starts from row n of c0 [batch, D] on reset (STATE_INIT's source strided by the sequence index). */
    private static Simulator perSequenceAccumulator(float[] c0, int batch) throws SimulationException {
        TestImage im = new TestImage(D, D, 8, false, D, c0);
        im.inputSpec = new ImageMetadata.TensorSpec("x", D, true, 1, List.of("TIME", "BATCH", "FEATURE"), 0, batch);
        im.outputSpec = new ImageMetadata.TensorSpec("y", D, false, 1, List.of("BATCH", "FEATURE"), 0, batch);
        Operand acc = Operand.at(im.sys(0));
        return im.load(List.of(
                Instruction.elementwise(Opcode.STATE_INIT, acc, new Operand(im.w(0), 4 * D), Operand.NONE, D, 0),
                Instruction.loop(1, false),
                Instruction.elementwise(Opcode.ADD, acc, acc, new Operand(im.in(0, 0), 4 * D), D, 0),
                copy(im.out(0), 0, im.sys(0), 0, D, 0),
                Instruction.halt()));
    }

    @Test
    void stateInitReadsTheRowOfTheRunsSequenceIndex() throws Exception {
        int batch = 3;
        float[] c0 = random(batch * D, 11);
        Simulator sim = perSequenceAccumulator(c0, batch);
        assertEquals(batch, sim.stateBatch());
        float[] x = random(2 * D, 12);
        for (int n : new int[] {2, 0, 1}) {
            float[] row = Arrays.copyOfRange(c0, n * D, (n + 1) * D);
            assertArrayEquals(sum(row, x), sim.run(x, 2, true, n), "sequence " + n);
        }
        // without a reset the index does not matter: the state continues
        float[] before = sim.run(x, 2, true, 1);
        assertArrayEquals(sum(before, x), sim.run(x, 2, false, 2));
        // the 3-argument run is sequence 0
        assertArrayEquals(sum(Arrays.copyOf(c0, D), x), sim.run(x, 2, true));
        // runTensor gives sequence n of a [T, N, D] tensor its own initial state
        float[] tnd = random(2 * batch * D, 13);
        Tensor y = sim.runTensor(new int[] {2, batch, D}, tnd, false);
        for (int n = 0; n < batch; n++) {
            float[] seq = new float[2 * D];
            for (int t = 0; t < 2; t++) {
                System.arraycopy(tnd, (t * batch + n) * D, seq, t * D, D);
            }
            float[] expected = sum(Arrays.copyOfRange(c0, n * D, (n + 1) * D), seq);
            assertArrayEquals(expected, Arrays.copyOfRange(y.data(), n * D, (n + 1) * D), "sequence " + n);
        }
    }

    /** docs/formats.md (Symbolic dimensions) and docs/isa.md §5: a per-sequence image runs a batch of exactly B. */
    @Test
    void perSequenceImageRunsABatchOfExactlyItsStateBatch() throws Exception {
        Simulator sim = perSequenceAccumulator(random(3 * D, 17), 3);
        for (int n : new int[] {1, 2, 4}) {
            float[] x = random(2 * n * D, 18);
            SimulationException e = assertThrows(SimulationException.class,
                    () -> sim.runTensor(new int[] {2, n, D}, x, false));
            assertTrue(e.getMessage().contains("the batch holds " + n + " sequences"), e.getMessage());
            assertTrue(e.getMessage().contains("exactly 3"), e.getMessage());
        }
        assertEquals(3 * D, sim.runTensor(new int[] {2, 3, D}, random(2 * 3 * D, 19), false).data().length);
    }

    @Test
    void sequenceIndexOutsideTheBatchIsAnError() throws Exception {
        Simulator sim = perSequenceAccumulator(random(3 * D, 14), 3);
        float[] x = random(D, 15);
        SimulationException e = assertThrows(SimulationException.class, () -> sim.run(x, 1, true, 3));
        assertTrue(e.getMessage().contains("sequence index 3"), e.getMessage());
        assertThrows(SimulationException.class, () -> sim.run(x, 1, true, -1));
        // a shared-state image takes any non-negative index (it has no effect)
        float[] c0 = random(D, 16);
        Simulator shared = accumulator(c0);
        assertEquals(0, shared.stateBatch());
        assertArrayEquals(sum(c0, x), shared.run(x, 1, true, 7));
        assertThrows(SimulationException.class, () -> shared.run(x, 1, true, -1));
    }

    @Test
    void stateInitWithoutResetLeavesTheState() throws Exception {
        float[] c0 = random(D, 7);
        Simulator sim = accumulator(c0);
        float[] x = random(D, 8);
        float[] a = sim.predict(x, 1);
        float[] b = sim.predictAndUpdateState(x, 1);
        float[] c = sim.predictAndUpdateState(x, 1);
        assertArrayEquals(sum(a, x), b);
        assertArrayEquals(sum(b, x), c);
    }

    @Test
    void schedulerDataHoldsTheRunParametersAndTheStepsDone() throws Exception {
        TestImage im = new TestImage(1, 3, 8, false, 1, new float[1]);
        // out[0] = STEPS_DONE of the previous run, out[1] = this run's T, out[2] = this run's control word
        List<Instruction> p = List.of(
                copy(im.out(0), 0, im.scheduler + 12, 0, 1, 0),
                copy(im.out(1), 0, im.scheduler, 0, 2, 0),
                Instruction.halt());
        Simulator sim = im.load(p);
        sim.predict(new float[3], 3);
        float[] y = sim.predictAndUpdateState(new float[2], 2);
        assertEquals(3, Float.floatToRawIntBits(y[0]));
        assertEquals(2, Float.floatToRawIntBits(y[1]));
        assertEquals(0, Float.floatToRawIntBits(y[2]));
        y = sim.predict(new float[1], 1);
        assertEquals(2, Float.floatToRawIntBits(y[0]));
        assertEquals(1, Float.floatToRawIntBits(y[1]));
        assertEquals(1, Float.floatToRawIntBits(y[2]));
    }

    @Test
    void aHugeMemorySizeIsNotAllocated() throws Exception {
        TestImage im = new TestImage(D, D, 4, true, 1, new float[1]);
        im.memorySize = 4L << 30;
        Simulator sim = im.load(List.of(copy(im.out(0), 0, im.in(0, 0), 0, 2 * D, 0), Instruction.halt()));
        float[] x = random(2 * D, 9);
        assertArrayEquals(x, sim.predict(x, 2));
    }
}
