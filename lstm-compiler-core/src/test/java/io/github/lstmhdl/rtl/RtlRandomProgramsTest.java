package io.github.lstmhdl.rtl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.image.LoadedImage;
import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Int8Params;
import io.github.lstmhdl.isa.Int8Params.Format;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.isa.Operand;
import io.github.lstmhdl.quant.FixedPoint.Multiplier;
import io.github.lstmhdl.quant.Int8Boundary;
import io.github.lstmhdl.sim.Int8TestImage;
import io.github.lstmhdl.sim.Simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Random int8 programs on the RTL and the simulator: each program holds 20 computing instructions (FC,
 * ADD, SUB, MUL, ACT of random formats, zero points, multipliers and shifts over the whole ranges the
 * records allow, every activation, FLAG_ACCUMULATE and FLAG_NO_BIAS, row strides, in-place operands)
 * and a STATE_INIT from the weight region, on random operand bytes, every result copied to the output:
 * the output bytes must be identical. This reaches what compiled networks do not: saturations,
 * left shifts, M = 0, int8 dsts of table activations, RELU in the FC write-back.
 */
class RtlRandomProgramsTest {
    private static final int PROGRAMS = 12;
    private static final int PER_PROGRAM = 20;

    /** One random instruction's operands: its bytes in the input block and where its result lies. */
    private record Piece(Instruction instruction, int dstOffset, int dstBytes) {
    }

    @Test
    void randomInstructionsOfEveryKindGiveTheSimulatorsBits() throws Exception {
        Random rnd = new Random(18_2026);
        RtlBench bench = RtlBench.forThreads(4);
        for (int p = 0; p < PROGRAMS; p++) {
            program(rnd, p, bench);
        }
    }

    /**
     * What the RTL refuses stops the run with the instruction and the reason, and STATUS_DONE is never
     * written: SOFTMAX (not an int8 operation, as on the simulator) and an ADD whose dst starts inside
     * its source a (a partial overlap, which the compiler never emits and this RTL does not cover).
     */
    @Test
    void refusedInstructionsStopTheRunWithTheirReason() throws Exception {
        RtlBench bench = RtlBench.forThreads(4);
        Int8TestImage im = new Int8TestImage(8, 8, 1, 64, 256, new Int8Boundary(1f, 0, 1f, 0));
        long record = im.put(new Int8Params.Elementwise(Format.I8, Format.I8, Format.I8, 0, 0, 0, Int8Params.IDENTITY,
                Int8Params.IDENTITY).encode());
        Instruction softmax = new Instruction(Opcode.SOFTMAX, 0, ActivationCode.NONE, 8, 0, Operand.at(im.output),
                Operand.at(im.input), Operand.NONE, Operand.NONE, 0, 0);
        Instruction overlap = new Instruction(Opcode.ADD, 0, ActivationCode.NONE, 8, 0, Operand.at(im.system + 1),
                Operand.at(im.system), Operand.at(im.input), Operand.at(record), 0, 0);
        String[][] cases = {{"softmax", "instruction 1: SOFTMAX is not an int8 operation"},
            {"overlap", "instruction 1: not supported by this RTL: dst partially overlaps a source"}};
        Instruction[] refused = {softmax, overlap};
        for (int i = 0; i < refused.length; i++) {
            LoadedImage image = im.image(List.of(Instruction.elementwise(Opcode.COPY, Operand.at(im.system),
                    Operand.at(im.input), Operand.NONE, 8, 0), refused[i], Instruction.halt()));
            byte[] memory = MemoryFile.initial(image);
            MemoryFile.prepareRun(image, memory, new byte[8], 1, true);
            RtlBench.Run r = bench.run(image, memory, "refused-" + cases[i][0], 1_000_000L, null);
            assertEquals(2, r.exitStatus(), r.messages());
            assertTrue(r.messages().contains(cases[i][1]), r.messages());
            assertEquals(0, MemoryFile.word(r.memory(), MemoryFile.schedulerOffset(image)
                    + io.github.lstmhdl.isa.SchedulerData.STATUS), "no STATUS_DONE");
        }
    }

    /**
     * The scheduler's time handling on a hand-made program, for T = 1 to 4: a forward and a reverse LOOP
     * with time-strided operands, FLAG_LAST_ITERATION and FLAG_FIRST_ITERATION in a body, a NOP, and an
     * instruction outside the loops with FLAG_LAST_STEP; the output bytes must be the simulator's.
     */
    @Test
    void loopsIterationFlagsAndTheLastStepGiveTheSimulatorsBits() throws Exception {
        Int8TestImage im = new Int8TestImage(4, 4, 4, 32, 64, new Int8Boundary(1f, 0, 1f, 0));
        long sys = im.system;
        List<Instruction> program = List.of(
                Instruction.loop(2, false),
                Instruction.elementwise(Opcode.COPY, new Operand(sys, 4), new Operand(im.input, 4), Operand.NONE, 4, 0),
                Instruction.elementwise(Opcode.COPY, Operand.at(sys + 16), new Operand(im.input, 4), Operand.NONE, 4,
                        Instruction.FLAG_LAST_ITERATION),
                Instruction.loop(2, true),
                Instruction.elementwise(Opcode.COPY, new Operand(im.output, 4), new Operand(sys, 4), Operand.NONE, 2,
                        0),
                Instruction.elementwise(Opcode.NOP, Operand.NONE, Operand.NONE, Operand.NONE, 0,
                        Instruction.FLAG_FIRST_ITERATION),
                Instruction.elementwise(Opcode.COPY, new Operand(im.output + 2, 4), Operand.at(sys + 16), Operand.NONE,
                        2, Instruction.FLAG_LAST_STEP),
                Instruction.halt());
        runsLikeTheSimulatorAtT1To4(im, program, new Random(4), "loops-");
    }

    /**
     * Loops with their own trip count (m = 3, docs/isa.md LOOP: what a layer after a convolution over time
     * runs), forward and reverse with FLAG_LAST_ITERATION, at runs of T = 1 to 4: fewer, as many, and more
     * iterations than T; the output bytes must be the simulator's.
     */
    @Test
    void aLoopWithATripCountRunsThatManyIterationsWhateverT() throws Exception {
        Int8TestImage im = new Int8TestImage(4, 4, 4, 32, 64, new Int8Boundary(1f, 0, 1f, 0));
        long sys = im.system;
        List<Instruction> program = List.of(
                tripLoop(2, 3, false),
                Instruction.elementwise(Opcode.COPY, new Operand(sys, 4), new Operand(im.input, 4), Operand.NONE, 4, 0),
                Instruction.elementwise(Opcode.COPY, Operand.at(sys + 16), new Operand(im.input, 4), Operand.NONE, 4,
                        Instruction.FLAG_LAST_ITERATION),
                tripLoop(1, 3, true),
                Instruction.elementwise(Opcode.COPY, new Operand(im.output, 4), new Operand(sys, 4), Operand.NONE, 2,
                        0),
                Instruction.elementwise(Opcode.COPY, new Operand(im.output + 2, 4), Operand.at(sys + 16), Operand.NONE,
                        2, Instruction.FLAG_LAST_STEP),
                Instruction.halt());
        runsLikeTheSimulatorAtT1To4(im, program, new Random(6), "trip-loops-");
    }

    /** Runs the program at T = 1 to 4 on random input frames of 4 bytes: the output bytes must be the simulator's. */
    private static void runsLikeTheSimulatorAtT1To4(Int8TestImage im, List<Instruction> program, Random rnd,
            String name) throws Exception {
        RtlBench bench = RtlBench.forThreads(4);
        LoadedImage image = im.image(program);
        for (int t = 1; t <= 4; t++) {
            byte[] input = new byte[4 * t];
            rnd.nextBytes(input);
            byte[] expected = Simulator.load(image).runRaw(input, t, true);
            byte[] memory = MemoryFile.initial(image);
            MemoryFile.prepareRun(image, memory, input, t, true);
            RtlBench.Run r = bench.run(image, memory, name + t, 1_000_000L, null);
            assertEquals(0, r.exitStatus(), r.messages());
            assertArrayEquals(expected, Arrays.copyOfRange(r.memory(), (int) im.output, (int) im.output + expected.length),
                    "T = " + t);
        }
    }

    private static Instruction tripLoop(int bodyLength, int trips, boolean reverse) {
        return new Instruction(Opcode.LOOP, reverse ? Instruction.FLAG_REVERSE : 0, ActivationCode.NONE, 0, trips,
                Operand.NONE, Operand.NONE, Operand.NONE, Operand.NONE, bodyLength, 0);
    }

    /**
     * Per-sequence initial states: a STATE_INIT whose source stride steps over the weight region's states by
     * SEQUENCE_INDEX (docs/isa.md section 2) copies sequence n's state, for each n of a batch of 3.
     */
    @Test
    void theSequenceIndexPicksTheInitialStateOfItsSequence() throws Exception {
        RtlBench bench = RtlBench.forThreads(4);
        Int8TestImage im = new Int8TestImage(1, 6, 1, 8, 64, new Int8Boundary(1f, 0, 1f, 0));
        byte[] states = new byte[18];
        new Random(5).nextBytes(states);
        long statesAt = im.put(states);
        LoadedImage plain = im.image(List.of(
                new Instruction(Opcode.STATE_INIT, 0, ActivationCode.NONE, 6, 0, Operand.at(im.system),
                        new Operand(statesAt, 6), Operand.NONE, Operand.NONE, 0, 0),
                Instruction.elementwise(Opcode.COPY, Operand.at(im.output), Operand.at(im.system), Operand.NONE, 6, 0),
                Instruction.halt()));
        io.github.lstmhdl.image.ImageMetadata md = plain.metadata();
        io.github.lstmhdl.image.ImageMetadata.TensorSpec in = md.input();
        io.github.lstmhdl.image.ImageMetadata batch = new io.github.lstmhdl.image.ImageMetadata(md.formatVersion(),
                md.compilerVersion(), md.networkName(), md.dataType(), md.frameLimit(),
                new io.github.lstmhdl.image.ImageMetadata.TensorSpec(in.name(), in.featureSize(), in.sequence(),
                        in.directions(), in.axes(), in.sequenceLength(), 3, in.scale(), in.zeroPoint()),
                md.output(), md.hostLayer(), md.processor(), md.memoryMap(), md.contentSha256());
        LoadedImage image = new LoadedImage(batch, plain.contents());
        Simulator sim = Simulator.load(image);
        for (int n = 0; n < 3; n++) {
            float[] out = sim.run(new float[1], 1, true, n);
            byte[] expected = new byte[out.length];
            for (int i = 0; i < out.length; i++) {
                expected[i] = (byte) out[i];
            }
            assertArrayEquals(Arrays.copyOfRange(states, 6 * n, 6 * n + 6), expected, "the simulator, sequence " + n);
            byte[] memory = MemoryFile.initial(image);
            MemoryFile.prepareRun(image, memory, new byte[1], 1, true, n);
            RtlBench.Run r = bench.run(image, memory, "sequence-" + n, 1_000_000L, null);
            assertEquals(0, r.exitStatus(), r.messages());
            assertArrayEquals(expected, Arrays.copyOfRange(r.memory(), (int) im.output, (int) im.output + 6),
                    "sequence " + n);
        }
    }

    private static Format format(Random rnd) {
        return rnd.nextBoolean() ? Format.I8 : Format.I16;
    }

    private static int zero(Random rnd, Format f) {
        return f == Format.I16 ? 0 : rnd.nextInt(-128, 128);
    }

    private static Multiplier multiplier(Random rnd) {
        return Int8TestImage.randomMultiplier(rnd);
    }

    private static byte[] randomBytes(Random rnd, int length) {
        byte[] b = new byte[length];
        rnd.nextBytes(b);
        return b;
    }

    /** A random FC record of n rows (zero points, biases, multipliers) for a dst of format fd. */
    private static Int8Params.Fc fcRecord(Random rnd, int n, Format fd) {
        int[] bias = new int[n];
        Multiplier[] rows = new Multiplier[n];
        Int8TestImage.randomFcRows(rnd, bias, rows);
        return new Int8Params.Fc(fd, zero(rnd, Format.I8), zero(rnd, fd), bias, rows);
    }

    private static int even(int bytes) {
        return bytes + (bytes & 1);
    }

    private static void program(Random rnd, int index, RtlBench bench) throws Exception {
        // first the operand layout (in the system buffer, copied there from the input), then the records
        List<int[]> shapes = new ArrayList<>();
        int total = 0;
        for (int k = 0; k < PER_PROGRAM; k++) {
            int op = rnd.nextInt(5);
            int n = rnd.nextInt(1, 20);
            int cols = op == 0 ? rnd.nextInt(0, 24) : 0;
            int fa = op == 0 ? 0 : rnd.nextInt(2);
            int fb = op == 0 || op == 4 ? 0 : rnd.nextInt(2);
            int fd = rnd.nextInt(2);
            int aBytes = even((op == 0 ? cols : n) << fa);
            int bBytes = op == 0 || op == 4 ? 0 : even(n << fb);
            int dBytes = n << fd;
            shapes.add(new int[] {op, n, cols, fa, fb, fd, total, total + aBytes, total + aBytes + bBytes, dBytes});
            total += aBytes + bBytes + even(dBytes);
        }
        int stateBytes = 10;
        int outputs = stateBytes;
        for (int[] s : shapes) {
            outputs += s[9];
        }
        Int8TestImage im = new Int8TestImage(total, outputs, 1, total + stateBytes, 20_000,
                new Int8Boundary(1f, 0, 1f, 0));
        List<Piece> pieces = new ArrayList<>();
        for (int[] s : shapes) {
            pieces.add(instruction(rnd, im, s));
        }
        List<Instruction> program = new ArrayList<>();
        program.add(Instruction.elementwise(Opcode.COPY, Operand.at(im.system), Operand.at(im.input), Operand.NONE,
                total, 0));
        byte[] state = new byte[stateBytes];
        rnd.nextBytes(state);
        long stateAt = im.put(state);
        program.add(new Instruction(Opcode.STATE_INIT, 0, ActivationCode.NONE, stateBytes, 0,
                Operand.at(im.system + total), Operand.at(stateAt), Operand.NONE, Operand.NONE, 0, 0));
        for (Piece pc : pieces) {
            program.add(pc.instruction());
        }
        long out = im.output;
        program.add(Instruction.elementwise(Opcode.COPY, Operand.at(out), Operand.at(im.system + total), Operand.NONE,
                stateBytes, 0));
        out += stateBytes;
        for (Piece pc : pieces) {
            program.add(Instruction.elementwise(Opcode.COPY, Operand.at(out), Operand.at(im.system + pc.dstOffset()),
                    Operand.NONE, pc.dstBytes(), 0));
            out += pc.dstBytes();
        }
        program.add(Instruction.halt());
        LoadedImage image = im.image(program);
        byte[] input = new byte[total];
        rnd.nextBytes(input);
        byte[] expected = Simulator.load(image).runRaw(input, 1, true);
        byte[] memory = MemoryFile.initial(image);
        MemoryFile.prepareRun(image, memory, input, 1, true);
        RtlBench.Run r = bench.run(image, memory, "random-" + index, 50_000_000L, null);
        assertEquals(0, r.exitStatus(), "program " + index + ": " + r.messages());
        byte[] actual = Arrays.copyOfRange(r.memory(), (int) im.output, (int) im.output + expected.length);
        assertArrayEquals(expected, actual, "program " + index + ": " + program);
    }

    /** The activations of the int8 datapath (the others are float32 only: docs/isa.md §4a). */
    private static final List<ActivationCode> INT8_ACTIVATIONS = List.of(ActivationCode.NONE, ActivationCode.SIGMOID,
            ActivationCode.TANH, ActivationCode.RELU, ActivationCode.LSTM_GATES);

    private static Piece instruction(Random rnd, Int8TestImage im, int[] s) {
        Opcode op = List.of(Opcode.FC, Opcode.ADD, Opcode.SUB, Opcode.MUL, Opcode.ACT).get(s[0]);
        int n = s[1];
        int cols = s[2];
        Format fa = s[3] == 1 ? Format.I16 : Format.I8;
        Format fb = s[4] == 1 ? Format.I16 : Format.I8;
        Format fd = s[5] == 1 ? Format.I16 : Format.I8;
        long aAt = im.system + s[6];
        long bAt = im.system + s[7];
        int dOffset = s[8];
        ActivationCode act = INT8_ACTIVATIONS.get(rnd.nextInt(INT8_ACTIVATIONS.size()));
        if (op == Opcode.FC && fd == Format.I8 && act != ActivationCode.RELU) {
            act = ActivationCode.NONE; // sigmoid and tanh in the write-back need an int16 dst
        }
        int gateRows = act == ActivationCode.LSTM_GATES ? rnd.nextInt((n + 3) / 4, n + 1) : 0;
        if (op == Opcode.FC) {
            int stride = cols + rnd.nextInt(3);
            long wAt = im.put(randomBytes(rnd, Math.max(1, (n - 1) * stride + cols)));
            long cAt = im.put(fcRecord(rnd, n, fd).encode());
            int flags = Int8TestImage.randomFcFlags(rnd);
            return new Piece(new Instruction(Opcode.FC, flags, act, n, cols, Operand.at(im.system + dOffset),
                    Operand.at(wAt), Operand.at(aAt), Operand.at(cAt), gateRows,
                    stride == cols && rnd.nextBoolean() ? 0 : stride), dOffset, s[9]);
        }
        long cAt = im.put(new Int8Params.Elementwise(fa, fb, fd, zero(rnd, fa), zero(rnd, fb), zero(rnd, fd),
                multiplier(rnd), multiplier(rnd)).encode());
        boolean inPlace = fa == fd && rnd.nextInt(4) == 0;
        int dst = inPlace ? s[6] : dOffset;
        ActivationCode code = op == Opcode.ACT ? act : ActivationCode.NONE;
        return new Piece(new Instruction(op, 0, code, n, 0, Operand.at(im.system + dst), Operand.at(aAt),
                op == Opcode.ACT ? Operand.NONE : Operand.at(bAt), Operand.at(cAt), gateRows, 0), dst, s[9]);
    }
}
