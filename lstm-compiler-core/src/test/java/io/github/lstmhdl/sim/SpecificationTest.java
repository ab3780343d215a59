package io.github.lstmhdl.sim;

import static io.github.lstmhdl.isa.Instruction.FLAG_ACCUMULATE;
import static io.github.lstmhdl.isa.Instruction.FLAG_LOG;
import static io.github.lstmhdl.isa.Instruction.FLAG_NO_BIAS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * docs/isa.md §3a (Arithmetic), implemented here from the text alone, against the simulator bit for bit:
 * when the simulator's arithmetic changes, this test fails until the document (and this copy of it) says
 * what the simulator does.
 */
class SpecificationTest {

    // ---- the document's exp, sigmoid and tanh, transcribed ----

    private static final double INV_LN2 = Double.longBitsToDouble(0x3FF71547652B82FEL);
    private static final double LN2_HI = Double.longBitsToDouble(0x3FE62E42FEE00000L);
    private static final double LN2_LO = Double.longBitsToDouble(0x3DEA39EF35793C76L);
    private static final double R = 6755399441055744.0;

    private static double factorial(int j) {
        double f = 1;
        for (int i = 2; i <= j; i++) {
            f *= i;
        }
        return f;
    }

    static double docExp(double y) {
        double k = (y * INV_LN2 + R) - R;
        double r = (y - k * LN2_HI) - k * LN2_LO;
        double p = 1.0 / factorial(12);
        for (int j = 11; j >= 2; j--) {
            p = p * r + 1.0 / factorial(j);
        }
        p = p * r + 1.0;
        p = p * r + 1.0;
        return p * Math.scalb(1.0, (int) k);
    }

    static double docExpm1Small(double y) {
        double p = 1.0 / factorial(13);
        for (int j = 12; j >= 2; j--) {
            p = p * y + 1.0 / factorial(j);
        }
        p = p * y + 1.0;
        return p * y;
    }

    static float docSigmoid(float x) {
        double xd = x;
        double a = Math.abs(xd);
        if (Double.isNaN(xd)) {
            return quiet(x);
        }
        if (a > 104) {
            return xd > 0 ? 1f : 0f;
        }
        double e = docExp(-a);
        boolean negative = (Double.doubleToRawLongBits(xd) & Long.MIN_VALUE) != 0;
        return (float) ((negative ? e : 1.0) / (1.0 + e));
    }

    static float docTanh(float x) {
        double xd = x;
        double a = Math.abs(xd);
        if (Double.isNaN(xd)) {
            return quiet(x);
        }
        if (a > 20) {
            return (float) Math.copySign(1.0, xd);
        }
        double y = 2.0 * a;
        double m = y < 0.35 ? docExpm1Small(y) : docExp(y) - 1.0;
        return (float) Math.copySign(m / (m + 2.0), xd);
    }

    /** The document: a NaN comes out as the input's NaN with the quiet bit (0x00400000) set. */
    static float quiet(float nan) {
        return Float.intBitsToFloat(Float.floatToRawIntBits(nan) | 0x00400000);
    }

    static float docAct(ActivationCode act, float v, int row, int aux) {
        return switch (act) {
            case NONE -> v;
            case SIGMOID -> docSigmoid(v);
            case TANH -> docTanh(v);
            case RELU -> v < 0f ? 0f : v;
            case LSTM_GATES -> row / aux == 2 ? docTanh(v) : docSigmoid(v);
            case GELU -> docGelu(v);
            case GELU_TANH -> (float) (0.5 * v * (1.0 + docTanhDouble(0.7978845608028654 * (v + 0.044715 * ((double) v * v
                    * v)))));
            case ELU, PRELU -> throw new AssertionError(act + " takes a parameter: docParameterized");
        };
    }

    /** The document's GELU: erf by Abramowitz and Stegun 7.1.26 with the document's exp. */
    static float docGelu(float x) {
        double X = x;
        if (Double.isNaN(X)) {
            return x;
        }
        double u = Math.abs(X) * 0.7071067811865476;
        double t = 1.0 / (1.0 + 0.3275911 * u);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                + t * 1.061405429))));
        double erf = u >= 26 ? 1.0 : 1.0 - poly * docExp(-(u * u));
        return (float) (0.5 * X * (1.0 + (X < 0 ? -erf : erf)));
    }

    /** The document's tanh in double, before its rounding to float32. */
    static double docTanhDouble(double xd) {
        double a = Math.abs(xd);
        if (a > 20) {
            return Math.copySign(1.0, xd);
        }
        double y = 2.0 * a;
        double m = y < 0.35 ? docExpm1Small(y) : docExp(y) - 1.0;
        return Math.copySign(m / (m + 2.0), xd);
    }

    /** The document's ELU and PRELU of x with the parameter p (alpha, slope). */
    static float docParameterized(ActivationCode act, float x, float p) {
        if (act == ActivationCode.PRELU) {
            return x < 0f ? x * p : x;
        }
        double xd = x;
        if (Double.isNaN(xd) || xd >= 0) {
            return x;
        }
        double m = xd > -0.35 ? docExpm1Small(xd) : xd < -700 ? -1.0 : docExp(xd) - 1.0;
        return (float) ((double) p * m);
    }

    private static void assertSameBits(float expected, float actual, String what) {
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual),
                () -> what + ": expected " + expected + ", simulator " + actual);
    }

    @Test
    void sigmoidAndTanhAreTheDocumentedAlgorithm() {
        Random rnd = new Random(8);
        List<Float> xs = new ArrayList<>(List.of(0f, -0f, 1f, -1f, 0.175f, -0.175f, 0.17500001f, 20f, -20f,
                Math.nextUp(20f), 104f, -104f, Math.nextUp(104f), -Math.nextUp(104f), Float.MIN_VALUE, -Float.MIN_VALUE,
                Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN));
        for (int i = 0; i < 300_000; i++) {
            xs.add((float) (rnd.nextGaussian() * 8));
            xs.add(Float.intBitsToFloat(rnd.nextInt()));
        }
        for (float x : xs) {
            assertSameBits(docSigmoid(x), Float32Math.sigmoid(x), "sigmoid(" + x + ")");
            assertSameBits(docTanh(x), Float32Math.tanh(x), "tanh(" + x + ")");
        }
    }

    // ---- instructions on the simulator ----

    private static float[] random(int n, Random rnd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * 3);
        }
        return v;
    }

    /** FC: a float32 running sum over columns 0..m−1, then the bias or the old dst, then the activation. */
    @Test
    void fcIsTheDocumentedRunningSum() throws Exception {
        Random rnd = new Random(81);
        int[][] cases = {{19, 37, 0}, {16, 40, 45}, {12, 1, 0}, {8, 0, 0}, {33, 300, 301}};
        int[] flagsOf = {0, FLAG_NO_BIAS, FLAG_ACCUMULATE};
        for (int[] k : cases) {
            int rows = k[0];
            int cols = k[1];
            int strideField = k[2];
            int rs = strideField == 0 ? cols : strideField;
            for (ActivationCode act : ActivationCode.values()) {
                if (act.parameterized()) {
                    continue; // ACT only: parameterizedActivationsAreTheDocumentedOnes, fcRejects...
                }
                for (int flags : flagsOf) {
                    int aux = act == ActivationCode.LSTM_GATES ? (rows + 3) / 4 : 0;
                    float[] wb = random(Math.max(1, rows * rs) + rows, rnd);
                    float[] x = random(Math.max(1, cols), rnd);
                    float[] old = random(rows, rnd);
                    float[] input = new float[x.length + rows];
                    System.arraycopy(x, 0, input, 0, x.length);
                    System.arraycopy(old, 0, input, x.length, rows);
                    TestImage im = new TestImage(input.length, rows, 1, true, 1, wb);
                    long biasAt = im.w(Math.max(1, rows * rs));
                    List<Instruction> p = List.of(
                            Instruction.elementwise(Opcode.COPY, Operand.at(im.out(0)), Operand.at(im.in(0, x.length)),
                                    Operand.NONE, rows, 0),
                            Instruction.fc(Operand.at(im.out(0)), Operand.at(im.w(0)), Operand.at(im.in(0, 0)),
                                    Operand.at(biasAt), rows, cols, act, flags, aux, strideField),
                            Instruction.halt());
                    float[] y = im.load(p).predict(input, 1);
                    for (int r = 0; r < rows; r++) {
                        float s = 0f;
                        for (int c = 0; c < cols; c++) {
                            float product = wb[r * rs + c] * x[c];
                            s = s + product;
                        }
                        float v = flags == FLAG_ACCUMULATE ? old[r] + s
                                : flags == FLAG_NO_BIAS ? s : s + wb[Math.max(1, rows * rs) + r];
                        assertSameBits(docAct(act, v, r, aux), y[r], "FC " + rows + "x" + cols + " " + act
                                + " flags " + flags + " row " + r);
                    }
                }
            }
        }
    }

    @Test
    void elementwiseActivationsSoftmaxAndReluAreTheDocumentedOnes() throws Exception {
        Random rnd = new Random(82);
        int n = 700;
        float[] a = random(n, rnd);
        a[0] = -0f;
        a[1] = 0f;
        a[2] = -1e-40f;
        for (ActivationCode act : List.of(ActivationCode.SIGMOID, ActivationCode.TANH, ActivationCode.RELU,
                ActivationCode.NONE, ActivationCode.GELU, ActivationCode.GELU_TANH)) {
            TestImage im = new TestImage(n, n, 1, true, 1, new float[1]);
            float[] y = im.load(List.of(Instruction.activation(act, Operand.at(im.out(0)), Operand.at(im.in(0, 0)), n,
                    0), Instruction.halt())).predict(a, 1);
            for (int i = 0; i < n; i++) {
                assertSameBits(docAct(act, a[i], i, 0), y[i], act + "(" + a[i] + ")");
            }
        }
        for (boolean log : new boolean[] {false, true}) {
            TestImage im = new TestImage(n, n, 1, true, 1, new float[1]);
            float[] y = im.load(List.of(Instruction.elementwise(Opcode.SOFTMAX, Operand.at(im.out(0)),
                    Operand.at(im.in(0, 0)), Operand.NONE, n, log ? FLAG_LOG : 0), Instruction.halt())).predict(a, 1);
            float mx = a[0];
            for (int i = 1; i < n; i++) {
                mx = Math.max(mx, a[i]);
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum = sum + StrictMath.exp((double) a[i] - (double) mx);
            }
            double logSum = StrictMath.log(sum);
            for (int i = 0; i < n; i++) {
                float expected = log ? (float) (((double) a[i] - mx) - logSum)
                        : (float) (StrictMath.exp((double) a[i] - mx) / sum);
                assertSameBits(expected, y[i], (log ? "log-softmax" : "softmax") + " element " + i);
            }
        }
    }

    @Test
    void parameterizedActivationsAreTheDocumentedOnes() throws Exception {
        Random rnd = new Random(87);
        int n = 700;
        float[] a = random(n, rnd);
        for (int i = 0; i < n; i++) {
            a[i] *= 4; // ELU's series, its exponential and the limit below −700
        }
        a[0] = -0f;
        a[1] = 0f;
        a[2] = -1e-40f;
        a[3] = -0.34999f;
        a[4] = -0.35f;
        a[5] = -800f;
        a[6] = Float.NaN;
        a[7] = -1e-7f;
        float[] params = random(n, rnd);
        for (ActivationCode act : List.of(ActivationCode.ELU, ActivationCode.PRELU)) {
            TestImage im = new TestImage(n, n, 1, true, 1, params);
            float[] y = im.load(List.of(new Instruction(Opcode.ACT, 0, act, n, 0, Operand.at(im.out(0)),
                    Operand.at(im.in(0, 0)), Operand.at(im.w(0)), Operand.NONE, 0, 0), Instruction.halt())).predict(a, 1);
            for (int i = 0; i < n; i++) {
                assertSameBits(docParameterized(act, a[i], params[i]), y[i], act + "(" + a[i] + ", " + params[i] + ")");
            }
        }
    }

    /** NORM, transcribed from the document, on vectors of several lengths (1: the variance is 0). */
    @Test
    void normIsTheDocumentedLayerNormalization() throws Exception {
        Random rnd = new Random(88);
        for (int n : new int[] {1, 2, 7, 64, 300}) {
            float[] a = random(n, rnd);
            for (int i = 0; i < n; i++) {
                a[i] = a[i] * 30 + 5; // a mean far from 0
            }
            float[] params = random(2 * n + 1, rnd);
            params[2 * n] = n == 7 ? 0f : 1e-5f;
            TestImage im = new TestImage(n, n, 1, true, 1, params);
            float[] y = im.load(List.of(Instruction.elementwise(Opcode.NORM, Operand.at(im.out(0)),
                    Operand.at(im.in(0, 0)), Operand.at(im.w(0)), n, 0), Instruction.halt())).predict(a, 1);
            float sum = 0f;
            for (int i = 0; i < n; i++) {
                sum = sum + a[i];
            }
            float mean = sum / (float) n;
            float sq = 0f;
            for (int i = 0; i < n; i++) {
                float d = a[i] - mean;
                float p = d * d;
                sq = sq + p;
            }
            float variance = sq / (float) n;
            float den = (float) Math.sqrt((double) (variance + params[2 * n]));
            for (int i = 0; i < n; i++) {
                float q = (a[i] - mean) / den;
                float scaled = q * params[i];
                assertSameBits(scaled + params[n + i], y[i], "NORM n=" + n + " element " + i);
            }
        }
    }

    @Test
    void fcRejectsTheParameterizedActivations() throws Exception {
        TestImage im = new TestImage(4, 4, 1, true, 1, new float[20]);
        for (ActivationCode act : List.of(ActivationCode.ELU, ActivationCode.PRELU)) {
            Simulator sim = im.load(List.of(Instruction.fc(Operand.at(im.out(0)), Operand.at(im.w(0)),
                    Operand.at(im.in(0, 0)), Operand.at(im.w(16)), 4, 4, act, 0, 0, 0), Instruction.halt()));
            SimulationException e = org.junit.jupiter.api.Assertions.assertThrows(SimulationException.class,
                    () -> sim.predict(new float[4], 1));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(act + " is an ACT activation only"),
                    e.getMessage());
        }
    }

    /** Every instruction reads all its sources before it writes dst, even when they overlap partly. */
    @Test
    void partialOverlapReadsEverySourceFirst() throws Exception {
        int n = 9;
        float[] v = random(n + 1, new Random(83));
        TestImage im = new TestImage(n + 1, n + 1, 1, true, n + 1, new float[1]);
        Operand lo = Operand.at(im.sys(0));
        Operand hi = Operand.at(im.sys(1));
        float[] y = im.load(List.of(
                Instruction.elementwise(Opcode.COPY, lo, Operand.at(im.in(0, 0)), Operand.NONE, n + 1, 0),
                // dst one element above a and b: dst[i] = a[i] + b[i] with the old a and b
                Instruction.elementwise(Opcode.ADD, hi, lo, lo, n, 0),
                Instruction.elementwise(Opcode.COPY, Operand.at(im.out(0)), lo, Operand.NONE, n + 1, 0),
                Instruction.halt())).predict(v, 1);
        assertSameBits(v[0], y[0], "element 0");
        for (int i = 0; i < n; i++) {
            assertSameBits(v[i] + v[i], y[i + 1], "element " + (i + 1));
        }
    }
    /**
     * SUB as §3 Arithmetic says: one float32 subtraction a − b per element, rounded to nearest even,
     * a the left operand; x − x is +0.0 and (−0.0) − (+0.0) is −0.0. The expected bits are built from
     * the text (the exact difference in double, which holds any difference of two floats of close
     * exponents exactly, rounded once), not from the simulator's expression.
     */
    /** One two-source elementwise instruction over a (input 0 … n − 1) and b (input n … 2n − 1), once. */
    private static float[] binaryOnce(Opcode op, float[] a, float[] b) throws Exception {
        int n = a.length;
        float[] v = new float[2 * n];
        System.arraycopy(a, 0, v, 0, n);
        System.arraycopy(b, 0, v, n, n);
        TestImage im = new TestImage(2 * n, n, 1, true, 1, new float[1]);
        return im.load(List.of(
                Instruction.elementwise(op, Operand.at(im.out(0)), Operand.at(im.in(0, 0)), Operand.at(im.in(0, n)), n,
                        0),
                Instruction.halt())).predict(v, 1);
    }

    /**
     * docs/isa.md §3 (Arithmetic, MAX): the larger of a and b; a NaN operand gives that NaN (a's when
     * both are), +0 is larger than −0; the bits are copied. The expected values are written from the text.
     */
    @Test
    void maxIsTheLargerOperandWithNaNAndSignedZeroAsSpecified() throws Exception {
        float nanA = Float.intBitsToFloat(0x7FC00001);
        float nanB = Float.intBitsToFloat(0x7FC00002);
        float[] a = {1f, -0f, 0f, -3f, nanA, 2f, nanA, Float.NEGATIVE_INFINITY, -Float.MAX_VALUE};
        float[] b = {2f, 0f, -0f, -4f, 5f, nanB, nanB, -1e30f, -7f};
        float[] expected = {2f, 0f, 0f, -3f, nanA, nanB, nanA, -1e30f, -7f};
        float[] y = binaryOnce(Opcode.MAX, a, b);
        for (int i = 0; i < a.length; i++) {
            assertSameBits(expected[i], y[i], "MAX element " + i + " (" + a[i] + ", " + b[i] + ")");
        }
    }

    @Test
    void subtractionIsOneRoundedFloat32OperationOfAMinusB() throws Exception {
        float[] a = {1f, -0f, 0f, 3.5f, Float.MIN_VALUE, 1f, 16777216f, -2.75f};
        float[] b = {1f, 0f, -0f, 1.25f, -Float.MIN_VALUE, 1e-8f, 0.5f, 2.75f};
        int n = a.length;
        float[] y = binaryOnce(Opcode.SUB, a, b);
        // 1 − 1e-8 rounds back to 1; 2^24 − 0.5 is a tie between 2^24 − 1 and 2^24 and goes to the even 2^24
        float[] expected = {0f, -0f, 0f, 2.25f, 2 * Float.MIN_VALUE, 1f, 16777216f, -5.5f};
        for (int i = 0; i < n; i++) {
            assertSameBits(expected[i], y[i], "SUB element " + i + " (" + a[i] + " - " + b[i] + ")");
        }
    }

    /**
     * docs/isa.md §3 (LOOP): a LOOP whose m field is not 0 runs m iterations whatever the run's T: t walks
     * 0 … m − 1 (m − 1 … 0 with FLAG_REVERSE), and FLAG_FIRST_ITERATION and FLAG_LAST_ITERATION refer to
     * its iterations 0 and m − 1; with m = 0 it runs T iterations.
     */
    @Test
    void aLoopWithATripCountRunsThatManyIterations() throws Exception {
        int d = 2;
        int frames = 5;
        TestImage im = new TestImage(d, d, frames, true, 2 * d, new float[1]);
        float[] input = random(frames * d, new Random(87));
        Operand x = new Operand(im.in(0, 0), 4 * d);
        Operand y = new Operand(im.out(0), 4 * d);
        Operand first = Operand.at(im.sys(0));
        Operand last = Operand.at(im.sys(d));
        Instruction loop = Instruction.loop(3, true);
        List<Instruction> program = List.of(
                new Instruction(Opcode.LOOP, loop.flags(), ActivationCode.NONE, 0, 3, Operand.NONE, Operand.NONE,
                        Operand.NONE, Operand.NONE, 3, 0),
                Instruction.elementwise(Opcode.COPY, y, x, Operand.NONE, d, 0),
                Instruction.elementwise(Opcode.COPY, first, x, Operand.NONE, d, Instruction.FLAG_FIRST_ITERATION),
                Instruction.elementwise(Opcode.COPY, last, x, Operand.NONE, d, Instruction.FLAG_LAST_ITERATION),
                Instruction.elementwise(Opcode.COPY, new Operand(im.out(3 * d), 0), first, Operand.NONE, d, 0),
                Instruction.elementwise(Opcode.COPY, new Operand(im.out(4 * d), 0), last, Operand.NONE, d, 0),
                Instruction.halt());
        float[] out = im.load(program).run(input, frames, true);
        for (int i = 0; i < 3 * d; i++) {
            assertSameBits(input[i], out[i], "frame " + i / d + " is copied by one of the 3 iterations");
        }
        for (int i = 0; i < d; i++) {
            assertSameBits(input[2 * d + i], out[3 * d + i], "the first iteration of the reverse loop is t = m − 1 = 2");
            assertSameBits(input[i], out[4 * d + i], "its last iteration is t = 0");
        }
    }

    /**
     * docs/isa.md §2 (header bytes 16..19) and §5: a program with a fixed sequence length runs only at that
     * T; another T is an error of the run, before anything executes.
     */
    @Test
    void aProgramWithAFixedLengthRunsOnlyAtThatLength() throws Exception {
        int d = 2;
        TestImage im = new TestImage(d, d, 6, true, d, new float[1]);
        List<Instruction> program = List.of(Instruction.loop(1, false),
                Instruction.elementwise(Opcode.COPY, new Operand(im.out(0), 4 * d), new Operand(im.in(0, 0), 4 * d),
                        Operand.NONE, d, 0),
                Instruction.halt());
        Simulator sim = Simulator.load(im.image(io.github.lstmhdl.isa.InstructionCodec.encode(program, 1, 4)));
        float[] input = random(4 * d, new Random(88));
        float[] out = sim.run(input, 4, true);
        assertSameBits(input[3 * d], out[3 * d], "T = 4 runs");
        SimulationException e = assertThrows(SimulationException.class,
                () -> sim.run(java.util.Arrays.copyOf(input, 3 * d), 3, true));
        assertTrue(e.getMessage().contains("only length this program runs at"), e.getMessage());
    }

    /**
     * docs/isa.md §2 (Fields an opcode does not use): the decoder accepts any value there and the simulator
     * ignores it, so a program whose unused fields and flags are random gives the clean program's bits.
     */
    @Test
    void fieldsAndFlagsAnOpcodeDoesNotUseAreIgnored() throws Exception {
        int d = 4;
        int frames = 3;
        float[] weights = random(64, new Random(84));
        float[] input = random(frames * d, new Random(85));
        TestImage im = new TestImage(d, d, frames, true, 16, weights);
        Operand s0 = Operand.at(im.sys(0));
        Operand s4 = Operand.at(im.sys(4));
        Operand s8 = Operand.at(im.sys(8));
        Operand s12 = Operand.at(im.sys(12));
        Operand x = new Operand(im.in(0, 0), 4 * d);
        Operand y = new Operand(im.out(0), 4 * d);
        List<Instruction> clean = List.of(
                Instruction.elementwise(Opcode.STATE_INIT, s0, Operand.at(im.w(0)), Operand.NONE, d, 0),
                Instruction.loop(5, false),
                Instruction.fc(s4, Operand.at(im.w(4)), x, Operand.at(im.w(20)), d, d, ActivationCode.TANH, 0, 0, 0),
                Instruction.fc(s4, Operand.at(im.w(24)), s0, Operand.NONE, d, d, ActivationCode.SIGMOID,
                        FLAG_ACCUMULATE, 0, 0),
                Instruction.elementwise(Opcode.ADD, s0, s0, s4, d, 0),
                Instruction.activation(ActivationCode.TANH, s8, s0, d, 0),
                Instruction.elementwise(Opcode.COPY, y, s8, Operand.NONE, d, 0),
                Instruction.elementwise(Opcode.SOFTMAX, s12, s8, Operand.NONE, d, 0),
                new Instruction(Opcode.NOP, 0, ActivationCode.NONE, 0, 0, Operand.NONE, Operand.NONE, Operand.NONE,
                        Operand.NONE, 0, 0),
                Instruction.halt());
        float[] expected = im.load(clean).run(input, frames, true);

        Random rnd = new Random(86);
        int outside = Instruction.FLAG_FIRST_ITERATION | Instruction.FLAG_LAST_ITERATION;
        int inside = Instruction.FLAG_LAST_STEP;
        int own = Instruction.FLAG_REVERSE | Instruction.FLAG_ZERO | Instruction.FLAG_LOG | FLAG_ACCUMULATE
                | FLAG_NO_BIAS;
        for (int round = 0; round < 20; round++) {
            List<Instruction> dirty = new ArrayList<>();
            for (int pc = 0; pc < clean.size(); pc++) {
                Instruction in = clean.get(pc);
                boolean inLoop = pc >= 2 && pc <= 6;
                int context = inLoop ? inside : outside;
                ActivationCode anyAct = ActivationCode.values()[rnd.nextInt(ActivationCode.values().length)];
                int big = rnd.nextInt(Integer.MAX_VALUE);
                Operand junk = new Operand(Integer.toUnsignedLong(rnd.nextInt()), rnd.nextInt());
                int junkFlags = rnd.nextInt(256);
                dirty.add(switch (in.opcode()) {
                    case STATE_INIT -> new Instruction(in.opcode(), in.flags() | junkFlags & (own & ~Instruction.FLAG_ZERO
                            | context), anyAct, in.n(), big, in.dst(), in.a(), junk, junk, big, big);
                    case LOOP -> new Instruction(in.opcode(), in.flags() | junkFlags & ~Instruction.FLAG_REVERSE, anyAct,
                            big, in.m(), junk, junk, junk, junk, in.aux(), big);
                    case FC -> new Instruction(in.opcode(), in.flags() | junkFlags & (Instruction.FLAG_REVERSE
                            | Instruction.FLAG_ZERO | Instruction.FLAG_LOG | context), in.activation(), in.n(), in.m(),
                            in.dst(), in.a(), in.b(), in.has(FLAG_ACCUMULATE) ? junk : in.c(), big, in.rowStride());
                    case ADD, MUL, SUB, NORM, MAX -> new Instruction(in.opcode(), in.flags() | junkFlags & (own | context), anyAct,
                            in.n(), big, in.dst(), in.a(), in.b(), junk, big, big);
                    case ACT -> new Instruction(in.opcode(), in.flags() | junkFlags & (own | context), in.activation(),
                            in.n(), big, in.dst(), in.a(), junk, junk, big, big);
                    case COPY -> new Instruction(in.opcode(), in.flags() | junkFlags & (own | context), anyAct, in.n(),
                            big, in.dst(), in.a(), junk, junk, big, big);
                    case SOFTMAX -> new Instruction(in.opcode(), in.flags() | junkFlags & (own & ~Instruction.FLAG_LOG
                            | context), anyAct, in.n(), big, in.dst(), in.a(), junk, junk, big, big);
                    case NOP, HALT -> new Instruction(in.opcode(), junkFlags, anyAct, big, big, junk, junk, junk, junk,
                            big, big);
                });
            }
            float[] actual = im.load(dirty).run(input, frames, true);
            for (int i = 0; i < expected.length; i++) {
                assertSameBits(expected[i], actual[i], "round " + round + " element " + i);
            }
        }
    }
    /**
     * docs/isa.md §6 (Output modes) and image-format.md (input, output): every output vector of a bidirectional
     * layer is [forward H | backward H], for the last state (the backward direction's state after time step 0),
     * the last step (the backward direction after only step T − 1) and the last cell alike; the independent
     * float64 reference writes direction k at features k·H.
     */
    @Test
    void bidirectionalOutputsAreForwardFeaturesThenBackward() throws Exception {
        int d = 3;
        int h = 5;
        int t = 4;
        for (io.github.lstmhdl.ir.OutputMode mode : io.github.lstmhdl.ir.OutputMode.values()) {
            io.github.lstmhdl.ir.Network network = io.github.lstmhdl.testing.RandomNetworks.builder(7, d, 0)
                    .lstm("lstm_1", h, io.github.lstmhdl.ir.Direction.BIDIRECTIONAL, mode, false, true)
                    .build("bi");
            float[][] x = io.github.lstmhdl.testing.RandomNetworks.sequence(8, t, d);
            double[][] expected = io.github.lstmhdl.testing.ReferenceLstm.run(network, x);
            io.github.lstmhdl.image.writer.CompiledNetwork compiled = io.github.lstmhdl.pipeline.NetworkCompiler.compile(network,
                    io.github.lstmhdl.config.ProcessorConfig.defaults().with("maxSequenceLength", "8"),
                    "bi.lstm.json", "test", false);
            java.io.ByteArrayOutputStream image = new java.io.ByteArrayOutputStream();
            io.github.lstmhdl.image.writer.ElfImageWriter.write(compiled, image);
            Simulator sim = Simulator.load(io.github.lstmhdl.image.ImageReader.read(image.toByteArray(), "bi.elf"));
            float[] flat = new float[t * d];
            for (int i = 0; i < t; i++) {
                System.arraycopy(x[i], 0, flat, i * d, d);
            }
            float[] y = sim.predict(flat, t);
            assertEquals(expected.length * 2 * h, y.length, mode.toString());
            for (int i = 0; i < y.length; i++) {
                assertEquals(expected[i / (2 * h)][i % (2 * h)], y[i], 1e-5, mode + " element " + i);
            }
        }
    }
}
