package io.github.lstmhdl.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Int8Params;
import io.github.lstmhdl.isa.Int8Params.Format;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.isa.Operand;
import io.github.lstmhdl.quant.FixedPoint;
import io.github.lstmhdl.quant.FixedPoint.Multiplier;
import io.github.lstmhdl.quant.Int16Activation;
import io.github.lstmhdl.quant.Int8Boundary;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * docs/isa.md §4a, the int8 datapath, against the simulator bit for bit: {@link Int8Reference} (written
 * from the text, calling none of the simulator's kernels) on random single instructions of every
 * computing opcode, format, flag and activation, and on random int8 LSTM networks with an FC head over
 * several time steps; the tables of the text's formula are the simulator's.
 */
class Int8SpecificationTest {
    /** Input and output cross the boundary unchanged: scale 1, zero point 0, so floats are the bytes. */
    private static final Int8Boundary RAW = new Int8Boundary(1f, 0, 1f, 0);

    @Test
    void theTablesOfTheDocumentedFormulaAreTheSimulators() {
        assertArrayEquals(Int8Reference.SIGMOID, Int16Activation.SIGMOID.table());
        assertArrayEquals(Int8Reference.TANH, Int16Activation.TANH.table());
        for (int q = Short.MIN_VALUE; q <= Short.MAX_VALUE; q++) {
            assertEquals(Int8Reference.apply(Int8Reference.SIGMOID, q), Int16Activation.SIGMOID.apply((short) q));
            assertEquals(Int8Reference.apply(Int8Reference.TANH, q), Int16Activation.TANH.apply((short) q));
        }
    }

    @Test
    void thePrimitivesOfTheTextAreFixedPoints() {
        Random rnd = new Random(7);
        int[] edge = {0, 1, -1, 2, -2, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 30, -(1 << 30), 3, -3};
        for (int k = 0; k < 200_000; k++) {
            int a = k < edge.length * edge.length ? edge[k % edge.length] : rnd.nextInt();
            int b = k < edge.length * edge.length ? edge[k / edge.length] : rnd.nextInt();
            assertEquals(Int8Reference.srdhm(a, b), FixedPoint.saturatingRoundingDoublingHighMul(a, b), a + "·" + b);
            int e = rnd.nextInt(32);
            assertEquals(Int8Reference.rdbpot(a, e), FixedPoint.roundingDivideByPot(a, e), a + "/2^" + e);
            Multiplier m = randomMultiplier(rnd);
            int x = a >> rnd.nextInt(32);
            assertEquals(Int8Reference.mbqm(x, m.multiplier(), m.shift()), FixedPoint.multiply(x, m), x + " " + m);
        }
    }

    @Test
    void randomInstructionsOfEveryKindGiveTheTextsBits() throws Exception {
        Random rnd = new Random(1414);
        for (int k = 0; k < 2500; k++) {
            randomInstruction(rnd, k);
        }
    }

    private static Format format(Random rnd) {
        return rnd.nextBoolean() ? Format.I8 : Format.I16;
    }

    private static int zero(Random rnd, Format f) {
        return f == Format.I16 ? 0 : rnd.nextInt(-128, 128);
    }

    private static int[] values(Random rnd, Format f, int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextInt(f.min(), f.max() + 1);
        }
        return v;
    }

    private static void put(byte[] dst, int at, Format f, int[] v) {
        for (int i = 0; i < v.length; i++) {
            if (f == Format.I8) {
                dst[at + i] = (byte) v[i];
            } else {
                dst[at + 2 * i] = (byte) v[i];
                dst[at + 2 * i + 1] = (byte) (v[i] >> 8);
            }
        }
    }

    private static int even(int bytes) {
        return bytes + (bytes & 1);
    }

    private static Operand at(long offset) {
        return Operand.at(offset);
    }

    private static int[] table(ActivationCode act, int i, int gateRows) {
        return act == ActivationCode.TANH || act == ActivationCode.LSTM_GATES && i / gateRows == 2
                ? Int8Reference.TANH : Int8Reference.SIGMOID;
    }

    /**
     * One computing instruction on random operands in the system buffer (copied there from the input),
     * its dst copied to the output: the output bytes are the reference's.
     */
    private static void randomInstruction(Random rnd, int k) throws Exception {
        Opcode op = List.of(Opcode.FC, Opcode.ADD, Opcode.SUB, Opcode.MUL, Opcode.ACT).get(rnd.nextInt(5));
        int n = rnd.nextInt(1, 20);
        boolean fc = op == Opcode.FC;
        int cols = fc ? rnd.nextInt(0, 24) : 0;
        Format fa = fc ? Format.I8 : format(rnd);
        Format fb = op == Opcode.ACT || fc ? Format.I8 : format(rnd);
        Format fd = format(rnd);
        int za = zero(rnd, fa);
        int zb = op == Opcode.ACT ? 0 : zero(rnd, fb);
        int zd = zero(rnd, fd);
        int[] a = values(rnd, fa, fc ? cols : n);
        int[] b = values(rnd, fb, fc ? 0 : op == Opcode.ACT ? 0 : n);
        int[] old = values(rnd, fd, n);
        int aBytes = even(a.length * fa.bytes());
        int bBytes = even(b.length * fb.bytes());
        int dBytes = n * fd.bytes();
        int total = aBytes + bBytes + even(dBytes);
        byte[] block = new byte[total];
        put(block, 0, fa, a);
        put(block, aBytes, fb, b);
        put(block, aBytes + bBytes, fd, old);
        int stride = cols + rnd.nextInt(3);
        Int8TestImage im = new Int8TestImage(total, dBytes, 1, total, n * Math.max(1, stride) + 64 + 12 * n, RAW);
        long aAt = im.system;
        long bAt = im.system + aBytes;
        long dAt = im.system + aBytes + bBytes;
        ActivationCode act = ActivationCode.values()[rnd.nextInt(ActivationCode.values().length)];
        if (act.floatOnly()) {
            act = ActivationCode.RELU; // float32 only (docs/isa.md §4a)
        }
        if (fc && fd == Format.I8 && act != ActivationCode.RELU) {
            act = ActivationCode.NONE; // sigmoid and tanh in the write-back need an int16 dst
        }
        int gateRows = act == ActivationCode.LSTM_GATES ? rnd.nextInt((n + 3) / 4, n + 1) : 0;
        int[] expected = new int[n];
        Instruction in;
        String what;
        if (fc) {
            byte[] w = new byte[Math.max(1, (n - 1) * stride + cols)];
            rnd.nextBytes(w);
            long wAt = im.put(w);
            int[] bias = new int[n];
            Multiplier[] m = new Multiplier[n];
            for (int r = 0; r < n; r++) {
                bias[r] = rnd.nextInt() >> rnd.nextInt(32);
                m[r] = randomMultiplier(rnd);
            }
            int flags = (rnd.nextInt(3) == 0 ? Instruction.FLAG_ACCUMULATE : 0)
                    | (rnd.nextInt(3) == 0 ? Instruction.FLAG_NO_BIAS : 0);
            boolean accumulate = (flags & Instruction.FLAG_ACCUMULATE) != 0;
            boolean useBias = !accumulate && (flags & Instruction.FLAG_NO_BIAS) == 0;
            long cAt = im.put(new Int8Params.Fc(fd, za, zd, bias, m).encode());
            in = new Instruction(Opcode.FC, flags, act, n, cols, at(dAt), at(wAt), at(aAt), at(cAt), gateRows,
                    stride == cols && rnd.nextBoolean() ? 0 : stride);
            for (int r = 0; r < n; r++) {
                long acc = 0;
                for (int c = 0; c < cols; c++) {
                    acc += (long) w[r * stride + c] * (a[c] - za);
                }
                if (useBias) {
                    acc += bias[r];
                }
                int v = Int8Reference.mbqm(Int8Reference.sat(acc, Integer.MIN_VALUE, Integer.MAX_VALUE),
                        m[r].multiplier(), m[r].shift());
                int u = Int8Reference.sat((accumulate ? old[r] : zd) + (long) v, fd.min(), fd.max());
                expected[r] = switch (act) {
                    case NONE -> u;
                    case RELU -> Math.max(u, zd);
                    case SIGMOID, TANH, LSTM_GATES -> Int8Reference.apply(table(act, r, gateRows), u);
                    case ELU, PRELU, GELU, GELU_TANH -> throw new AssertionError("not drawn");
                };
            }
            what = "FC " + act + " flags " + flags + " rows " + n + " cols " + cols + " dst " + fd;
        } else {
            Multiplier m1 = randomMultiplier(rnd);
            Multiplier m2 = randomMultiplier(rnd);
            long cAt = im.put(new Int8Params.Elementwise(fa, fb, fd, za, zb, zd, m1, m2).encode());
            boolean inPlace = fa == fd && rnd.nextInt(4) == 0;
            long dst = inPlace ? aAt : dAt;
            ActivationCode code = op == Opcode.ACT ? act : ActivationCode.NONE;
            in = new Instruction(op, 0, code, n, 0, at(dst), at(aAt), op == Opcode.ACT ? Operand.NONE : at(bAt),
                    at(cAt), gateRows, 0);
            dAt = dst;
            for (int i = 0; i < n; i++) {
                long u = switch (op) {
                    case ADD, SUB -> zd + (long) Int8Reference.mbqm(a[i] - za, m1.multiplier(), m1.shift())
                            + (op == Opcode.ADD ? 1 : -1)
                                    * (long) Int8Reference.mbqm(b[i] - zb, m2.multiplier(), m2.shift());
                    case MUL -> zd + (long) Int8Reference.mbqm((a[i] - za) * (b[i] - zb), m1.multiplier(), m1.shift());
                    default -> switch (code) {
                        case NONE -> zd + (long) Int8Reference.mbqm(a[i] - za, m1.multiplier(), m1.shift());
                        case RELU -> zd + (long) Int8Reference.mbqm(Math.max(a[i] - za, 0), m1.multiplier(), m1.shift());
                        case SIGMOID, TANH, LSTM_GATES -> {
                            int q = Int8Reference.sat(Int8Reference.mbqm(a[i] - za, m1.multiplier(), m1.shift()),
                                    -32768, 32767);
                            int y = Int8Reference.apply(table(code, i, gateRows), q);
                            yield fd == Format.I16 ? y : zd + (long) Int8Reference.mbqm(y, m2.multiplier(), m2.shift());
                        }
                        case ELU, PRELU, GELU, GELU_TANH -> throw new AssertionError("not drawn");
                    };
                };
                expected[i] = Int8Reference.sat(u, fd.min(), fd.max());
            }
            what = op + " " + code + " a " + fa + " b " + fb + " dst " + fd + (inPlace ? " in place" : "");
        }
        List<Instruction> p = new ArrayList<>();
        p.add(Instruction.elementwise(Opcode.COPY, at(im.system), at(im.input), Operand.NONE, total, 0));
        p.add(in);
        p.add(Instruction.elementwise(Opcode.COPY, at(im.output), at(dAt), Operand.NONE, dBytes, 0));
        p.add(Instruction.halt());
        float[] input = new float[total];
        for (int i = 0; i < total; i++) {
            input[i] = block[i];
        }
        float[] out = im.load(p).predict(input, 1);
        byte[] want = new byte[dBytes];
        put(want, 0, fd, expected);
        for (int i = 0; i < dBytes; i++) {
            assertEquals(want[i], (int) out[i], "case " + k + ": " + what + ", byte " + i);
        }
    }

    /** The raw int8 run needs an int8 image; the boundary conversions round as the text says. */
    @Test
    void rawRunsNeedAnInt8ImageAndTheBoundaryRoundsAsSpecified() throws Exception {
        Simulator single = new TestImage(2, 2, 1, true, 1, new float[1]).load(List.of(Instruction.halt()));
        SimulationException e = org.junit.jupiter.api.Assertions.assertThrows(SimulationException.class,
                () -> single.runRaw(new byte[2], 1, true));
        assertTrue(e.getMessage().contains("raw int8 values need an int8 image, not single"), e.getMessage());
        Int8Boundary b = new Int8Boundary(0.5f, 3, 0.25f, -7);
        assertEquals(3 + 2, b.quantizeInput(1.0f)); // 1.0 / 0.5 = 2
        assertEquals(3 + 2, b.quantizeInput(1.25f)); // rint(2.5) = 2, ties to even
        assertEquals(3 + 4, b.quantizeInput(1.75f)); // rint(3.5) = 4
        assertEquals(127, b.quantizeInput(1e9f));
        assertEquals(-128, b.quantizeInput(Float.NEGATIVE_INFINITY));
        assertEquals(3, b.quantizeInput(Float.NaN));
        assertEquals(0.25f * (100 + 7), b.dequantizeOutput((byte) 100));
        for (int q = -128; q < 128; q++) {
            assertEquals(q, b.quantizeInput(b.dequantizeInput((byte) q)), "the raw path's round trip");
        }
    }

    private static Multiplier randomMultiplier(Random rnd) {
        int m = rnd.nextInt(20) == 0 ? 0 : (1 << 30) + rnd.nextInt(1 << 30);
        int s = rnd.nextInt(10) == 0 ? rnd.nextInt(-31, 32) : rnd.nextInt(-20, 3);
        return new Multiplier(m, s);
    }
}
