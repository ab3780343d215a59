package io.github.lstmhdl.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.CompiledNetwork;
import io.github.lstmhdl.NetworkCompiler;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.ElfImageWriter;
import io.github.lstmhdl.image.ImageReader;
import io.github.lstmhdl.image.LoadedImage;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.isa.Operand;
import io.github.lstmhdl.testing.RandomNetworks;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A LOOP whose body is one FC over fixed weights runs as a batched matrix product; it must give exactly
 * the bits of the step-by-step path (the same summation order per output element).
 */
class SimulatorBatchedLoopTest {

    private static float[] randomInput(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }

    private static int batchedLoops(Simulator sim) {
        int n = 0;
        for (int pc = 0; pc < sim.program().size(); pc++) {
            if (sim.batchedLoop(pc)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void compiledNetworksGiveTheSameBitsBatchedAndStepByStep() throws Exception {
        Random rnd = new Random(77);
        Direction[] dirs = Direction.values();
        for (int trial = 0; trial < 6; trial++) {
            int d = 1 + rnd.nextInt(70);
            int h = 1 + rnd.nextInt(60);
            Direction dir = dirs[trial % dirs.length];
            Network network = RandomNetworks.builder(500 + trial, d, 0)
                    .lstm("lstm_1", h, dir, OutputMode.SEQUENCE, trial % 2 == 1, trial % 3 == 0)
                    .lstm("lstm_2", 1 + rnd.nextInt(40), Direction.FORWARD, OutputMode.SEQUENCE, false, false)
                    .fc("fc_1", 1 + rnd.nextInt(9)).build("net" + trial);
            int frames = 40 + rnd.nextInt(30);
            CompiledNetwork compiled = NetworkCompiler.compile(network,
                    ProcessorConfig.defaults().with("maxSequenceLength", "" + frames), "net.lstm.json", "test", false);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ElfImageWriter.write(compiled, bytes);
            LoadedImage image = ImageReader.read(bytes.toByteArray(), "net.elf");
            Simulator batched = Simulator.load(image, true);
            Simulator plain = Simulator.load(image, false);
            // one projection loop per LSTM direction, and the fc_1 loop
            assertEquals(dir.count() + 2, batchedLoops(batched), "trial " + trial);
            assertEquals(0, batchedLoops(plain));
            for (int t : new int[] {frames, 1, 33, frames - 1}) {
                float[] x = randomInput(rnd, t * d);
                float[] y = batched.predict(x, t);
                assertArrayEquals(plain.predict(x, t), y, 0f, "trial " + trial + " T=" + t);
                assertArrayEquals(y, batched.predict(x, t), 0f, "trial " + trial + " T=" + t + ", second run");
            }
        }
    }

    @Test
    void reverseAccumulatingAndGateActivationsGiveTheSameBits() throws Exception {
        reverseAccumulatingAndGateActivations(37, 12);
        // wide enough for several row blocks of the batched kernel
        reverseAccumulatingAndGateActivations(1500, 25);
    }

    private static void reverseAccumulatingAndGateActivations(int cols, int gate) throws Exception {
        Random rnd = new Random(5 + cols);
        int rows = 4 * gate;
        int rowStride = cols + 3;
        int frames = 71;
        float[] weights = new float[rows * rowStride + rows];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) rnd.nextGaussian();
        }
        TestImage im = new TestImage(cols, rows, frames, true, 4, weights);
        Operand x = new Operand(im.in(0, 0), 4 * cols);
        Operand y = new Operand(im.out(0), 4 * rows);
        Operand w = Operand.at(im.w(0));
        Operand bias = Operand.at(im.w(rows * rowStride));
        List<Instruction> p = new ArrayList<>();
        p.add(Instruction.loop(1, false));
        p.add(Instruction.fc(y, w, x, bias, rows, cols, ActivationCode.NONE, 0, 0, rowStride));
        p.add(Instruction.loop(1, true));
        p.add(Instruction.fc(y, w, x, Operand.NONE, rows, cols, ActivationCode.LSTM_GATES, Instruction.FLAG_ACCUMULATE,
                gate, rowStride));
        p.add(Instruction.loop(1, true));
        p.add(Instruction.fc(y, w, x, Operand.NONE, rows, cols - 5, ActivationCode.TANH, Instruction.FLAG_NO_BIAS, 0,
                rowStride));
        p.add(Instruction.halt());
        Simulator batched = Simulator.load(im.image(p), true);
        Simulator plain = Simulator.load(im.image(p), false);
        assertTrue(batched.batchedLoop(0) && batched.batchedLoop(2) && batched.batchedLoop(4));
        for (int t : new int[] {frames, 1, 2, 5, 32, 33, 64, 65}) {
            float[] in = randomInput(rnd, t * cols);
            assertArrayEquals(plain.predict(in, t), batched.predict(in, t), 0f, "cols " + cols + ", T=" + t);
        }
    }

    @Test
    void loopsThatAStepCouldSeeAreNotBatched() throws Exception {
        float[] weights = new float[16 + 4];
        Random rnd = new Random(9);
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) rnd.nextGaussian();
        }
        TestImage im = new TestImage(4, 4, 6, true, 64, weights);
        Operand w = Operand.at(im.w(0));
        Operand bias = Operand.at(im.w(16));
        List<Instruction> p = new ArrayList<>();
        // 0: dst at step t is x at step t + 1 (a recurrence through memory): not batched
        p.add(Instruction.loop(1, false));
        p.add(Instruction.fc(new Operand(im.sys(4), 16), w, new Operand(im.sys(0), 16), bias, 4, 4,
                ActivationCode.TANH, 0, 0, 0));
        // 2: fixed input: not batched
        p.add(Instruction.loop(1, false));
        p.add(Instruction.fc(new Operand(im.out(0), 16), w, Operand.at(im.sys(0)), bias, 4, 4, ActivationCode.NONE, 0,
                0, 0));
        // 4: two instructions in the body: not batched
        p.add(Instruction.loop(2, false));
        p.add(Instruction.fc(new Operand(im.out(0), 16), w, new Operand(im.in(0, 0), 16), bias, 4, 4,
                ActivationCode.NONE, 0, 0, 0));
        p.add(Instruction.elementwise(Opcode.COPY, Operand.at(im.sys(40)), Operand.at(im.sys(0)), Operand.NONE, 4, 0));
        // 7: input and output time-strided and apart: batched
        p.add(Instruction.loop(1, false));
        p.add(Instruction.fc(new Operand(im.out(0), 16), w, new Operand(im.in(0, 0), 16), bias, 4, 4,
                ActivationCode.SIGMOID, 0, 0, 0));
        p.add(Instruction.halt());
        Simulator batched = Simulator.load(im.image(p), true);
        assertFalse(batched.batchedLoop(0));
        assertFalse(batched.batchedLoop(2));
        assertFalse(batched.batchedLoop(4));
        assertTrue(batched.batchedLoop(7));
        Simulator plain = Simulator.load(im.image(p), false);
        float[] in = randomInput(rnd, 6 * 4);
        assertArrayEquals(plain.predict(in, 6), batched.predict(in, 6), 0f);
    }
}
