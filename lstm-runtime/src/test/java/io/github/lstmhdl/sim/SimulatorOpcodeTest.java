package io.github.lstmhdl.sim;

import static io.github.lstmhdl.isa.Instruction.FLAG_ACCUMULATE;
import static io.github.lstmhdl.isa.Instruction.FLAG_LOG;
import static io.github.lstmhdl.isa.Instruction.FLAG_NO_BIAS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.isa.Operand;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Every opcode and its flags on hand-assembled one-step programs, against float64 or exact references. */
class SimulatorOpcodeTest {
    private static final Random RND = new Random(42);

    private static float[] random(int n, Random rnd) {
        float[] v = new float[n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextDouble() * 4 - 2);
        }
        return v;
    }

    private static Operand at(long offset) {
        return Operand.at(offset);
    }

    private static double act(ActivationCode a, double v, int row, int gateRows) {
        return switch (a) {
            case NONE -> v;
            case SIGMOID -> 1 / (1 + Math.exp(-v));
            case TANH -> Math.tanh(v);
            case RELU -> Math.max(0, v);
            case LSTM_GATES -> row / gateRows == 2 ? Math.tanh(v) : 1 / (1 + Math.exp(-v));
            case ELU, PRELU, GELU, GELU_TANH -> throw new AssertionError(a + ": SpecificationTest covers it");
        };
    }

    @ParameterizedTest(name = "rows={0} cols={1} stride={2} act={3} flags={4}")
    @CsvSource({
        "1, 1, 0, NONE, 0",
        "3, 5, 0, SIGMOID, 0",
        "4, 4, 0, TANH, 0",
        "7, 9, 0, RELU, 0",
        "13, 17, 0, NONE, 128",
        "8, 6, 11, NONE, 0",
        "9, 3, 5, TANH, 128",
        "12, 10, 0, LSTM_GATES, 0",
        "10, 7, 9, LSTM_GATES, 8",
        "6, 33, 40, SIGMOID, 8",
        "5, 0, 0, NONE, 0",
    })
    void fullyConnected(int rows, int cols, int strideArg, ActivationCode activation, int flags) throws Exception {
        int stride = strideArg == 0 ? cols : strideArg;
        int gateRows = activation == ActivationCode.LSTM_GATES ? (rows + 3) / 4 : 0;
        Random rnd = new Random(rows * 31L + cols);
        float[] wb = random(Math.max(1, rows * stride) + rows, rnd);
        float[] x = random(Math.max(1, cols), rnd);
        float[] old = random(rows, rnd);
        float[] input = new float[x.length + rows];
        System.arraycopy(x, 0, input, 0, x.length);
        System.arraycopy(old, 0, input, x.length, rows);
        TestImage im = new TestImage(input.length, rows, 1, true, 1, wb);
        long biasAt = im.w(Math.max(1, rows * stride));
        List<Instruction> p = new ArrayList<>();
        p.add(Instruction.elementwise(Opcode.COPY, at(im.out(0)), at(im.in(0, x.length)), Operand.NONE, rows, 0));
        p.add(Instruction.fc(at(im.out(0)), at(im.w(0)), at(im.in(0, 0)), at(biasAt), rows, cols, activation, flags,
                gateRows, strideArg));
        p.add(Instruction.halt());
        float[] y = im.load(p).predict(input, 1);
        boolean accumulate = (flags & FLAG_ACCUMULATE) != 0;
        boolean noBias = (flags & FLAG_NO_BIAS) != 0;
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int c = 0; c < cols; c++) {
                s += (double) wb[r * stride + c] * x[c];
            }
            s += accumulate ? old[r] : noBias ? 0 : wb[Math.max(1, rows * stride) + r];
            assertEquals(act(activation, s, r, Math.max(1, gateRows)), y[r], 1e-5, "row " + r);
        }
    }

    @Test
    void fullyConnectedReadsAllOfXBeforeWritingDstThatAliasesIt() throws Exception {
        int n = 6;
        float[] w = random(n * n, RND);
        float[] x = random(n, RND);
        TestImage im = new TestImage(n, n, 1, true, n, w);
        List<Instruction> p = List.of(
                Instruction.elementwise(Opcode.COPY, at(im.sys(0)), at(im.in(0, 0)), Operand.NONE, n, 0),
                Instruction.fc(at(im.sys(0)), at(im.w(0)), at(im.sys(0)), Operand.NONE, n, n, ActivationCode.NONE,
                        FLAG_NO_BIAS, 0, 0),
                Instruction.elementwise(Opcode.COPY, at(im.out(0)), at(im.sys(0)), Operand.NONE, n, 0),
                Instruction.halt());
        float[] y = im.load(p).predict(x, 1);
        for (int r = 0; r < n; r++) {
            double s = 0;
            for (int c = 0; c < n; c++) {
                s += (double) w[r * n + c] * x[c];
            }
            assertEquals(s, y[r], 1e-5);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Opcode.class, names = {"ADD", "MUL", "SUB"})
    void addAndMultiplyAreExactFloat32(Opcode op) throws Exception {
        int n = 11;
        float[] input = random(2 * n, RND);
        TestImage im = new TestImage(2 * n, n, 1, true, 1, new float[1]);
        List<Instruction> p = List.of(
                Instruction.elementwise(op, at(im.out(0)), at(im.in(0, 0)), at(im.in(0, n)), n, 0),
                Instruction.halt());
        float[] y = im.load(p).predict(input, 1);
        for (int i = 0; i < n; i++) {
            float e = op == Opcode.ADD ? input[i] + input[n + i]
                    : op == Opcode.SUB ? input[i] - input[n + i] : input[i] * input[n + i];
            assertEquals(e, y[i], 0f);
        }
    }

    @Test
    void elementwiseWithPartlyOverlappingOperandsReadsBeforeWriting() throws Exception {
        int n = 8;
        float[] input = random(n + 1, RND);
        TestImage im = new TestImage(n + 1, n, 1, true, n + 1, new float[1]);
        // dst = sys[1..n+1), a = b = sys[0..n): every a[i] must be read before dst overwrites it
        List<Instruction> p = List.of(
                Instruction.elementwise(Opcode.COPY, at(im.sys(0)), at(im.in(0, 0)), Operand.NONE, n + 1, 0),
                Instruction.elementwise(Opcode.ADD, at(im.sys(1)), at(im.sys(0)), at(im.sys(0)), n, 0),
                Instruction.elementwise(Opcode.COPY, at(im.out(0)), at(im.sys(1)), Operand.NONE, n, 0),
                Instruction.halt());
        float[] y = im.load(p).predict(input, 1);
        for (int i = 0; i < n; i++) {
            assertEquals(input[i] + input[i], y[i], 0f);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ActivationCode.class, names = {"NONE", "SIGMOID", "TANH", "RELU"})
    void activation(ActivationCode code) throws Exception {
        int n = 9;
        float[] input = random(n, RND);
        input[0] = 40f;
        input[1] = -40f;
        TestImage im = new TestImage(n, n, 1, true, 1, new float[1]);
        List<Instruction> p = List.of(Instruction.activation(code, at(im.out(0)), at(im.in(0, 0)), n, 0),
                Instruction.halt());
        float[] y = im.load(p).predict(input, 1);
        for (int i = 0; i < n; i++) {
            assertEquals((float) act(code, input[i], i, 1), y[i], 1e-7, "element " + i);
        }
    }

    @Test
    void activationLstmGatesUsesRowsPerGate() throws Exception {
        int h = 3;
        float[] input = random(4 * h, RND);
        TestImage im = new TestImage(4 * h, 4 * h, 1, true, 1, new float[1]);
        List<Instruction> p = List.of(
                new Instruction(Opcode.ACT, 0, ActivationCode.LSTM_GATES, 4 * h, 0, at(im.out(0)), at(im.in(0, 0)),
                        Operand.NONE, Operand.NONE, h, 0),
                Instruction.halt());
        float[] y = im.load(p).predict(input, 1);
        for (int i = 0; i < 4 * h; i++) {
            assertEquals(act(ActivationCode.LSTM_GATES, input[i], i, h), y[i], 1e-7, "element " + i);
        }
    }

    @Test
    void copyHasMemmoveSemantics() throws Exception {
        int n = 7;
        float[] input = random(n, RND);
        TestImage im = new TestImage(n, 2 * n, 1, true, n + 2, new float[1]);
        List<Instruction> p = List.of(
                Instruction.elementwise(Opcode.COPY, at(im.sys(0)), at(im.in(0, 0)), Operand.NONE, n, 0),
                Instruction.elementwise(Opcode.COPY, at(im.sys(2)), at(im.sys(0)), Operand.NONE, n, 0),
                Instruction.elementwise(Opcode.COPY, at(im.out(0)), at(im.sys(2)), Operand.NONE, n, 0),
                Instruction.elementwise(Opcode.COPY, at(im.sys(0)), at(im.sys(1)), Operand.NONE, n, 0),
                Instruction.elementwise(Opcode.COPY, at(im.out(n)), at(im.sys(0)), Operand.NONE, n, 0),
                Instruction.halt());
        float[] y = im.load(p).predict(input, 1);
        for (int i = 0; i < n; i++) {
            assertEquals(input[i], y[i], 0f, "forward overlap, element " + i);
        }
        // after the second move, sys[0..n) = old sys[1..n+1) = [x1, x0, x1, ..., x_{n-2}]... computed directly:
        float[] sys = new float[n + 2];
        System.arraycopy(input, 0, sys, 0, n);
        System.arraycopy(sys, 0, sys, 2, n);
        System.arraycopy(sys, 1, sys, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(sys[i], y[n + i], 0f, "backward overlap, element " + i);
        }
    }

    @ParameterizedTest
    @CsvSource({"false", "true"})
    void softmax(boolean log) throws Exception {
        int n = 10;
        float[] input = random(n, RND);
        input[3] = 80f; // would overflow exp in float without the max subtraction
        TestImage im = new TestImage(n, n, 1, true, 1, new float[1]);
        List<Instruction> p = List.of(
                Instruction.elementwise(Opcode.SOFTMAX, at(im.out(0)), at(im.in(0, 0)), Operand.NONE, n,
                        log ? FLAG_LOG : 0),
                Instruction.halt());
        float[] y = im.load(p).predict(input, 1);
        double max = 80;
        double sum = 0;
        for (float v : input) {
            sum += Math.exp(v - max);
        }
        for (int i = 0; i < n; i++) {
            double e = log ? input[i] - max - Math.log(sum) : Math.exp(input[i] - max) / sum;
            assertEquals(e, y[i], 1e-6 * Math.max(1, Math.abs(e)));
        }
    }

    @Test
    void nopDoesNothingAndHaltEndsTheRun() throws Exception {
        float[] input = random(2, RND);
        TestImage im = new TestImage(2, 2, 1, true, 1, new float[1]);
        List<Instruction> p = List.of(
                new Instruction(Opcode.NOP, 0, ActivationCode.NONE, 0, 0, Operand.NONE, Operand.NONE, Operand.NONE,
                        Operand.NONE, 0, 0),
                Instruction.elementwise(Opcode.COPY, at(im.out(0)), at(im.in(0, 0)), Operand.NONE, 2, 0),
                Instruction.halt(),
                Instruction.elementwise(Opcode.COPY, at(im.out(0)), at(im.w(0)), Operand.NONE, 2, 0));
        assertArrayEquals(input, im.load(p).predict(input, 1));
    }

    @ParameterizedTest
    @CsvSource({"softmax", "logsoftmax"})
    void hostLayerIsAppliedPerOutputVector(String hostLayer) throws Exception {
        int n = 4;
        int steps = 3;
        float[] input = random(steps * n, RND);
        TestImage im = new TestImage(n, n, 5, true, 1, new float[1]);
        im.hostLayer = hostLayer;
        List<Instruction> p = List.of(
                Instruction.elementwise(Opcode.COPY, at(im.out(0)), at(im.in(0, 0)), Operand.NONE, steps * n, 0),
                Instruction.halt());
        float[] y = im.load(p).predict(input, steps);
        assertEquals(steps * n, y.length);
        for (int t = 0; t < steps; t++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += Math.exp(input[t * n + i]);
            }
            for (int i = 0; i < n; i++) {
                double e = Math.exp(input[t * n + i]) / sum;
                assertEquals(hostLayer.equals("softmax") ? e : Math.log(e), y[t * n + i], 1e-6);
            }
        }
    }
}
