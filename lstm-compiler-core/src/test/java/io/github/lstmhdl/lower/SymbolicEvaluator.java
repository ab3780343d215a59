package io.github.lstmhdl.lower;

import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.testing.ReferenceLstm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes a lowered, scheduled symbolic program in float64, with one array per storage unit, as
 * docs/isa.md specifies the instructions. States persist between runs of the same evaluator.
 */
public final class SymbolicEvaluator {
    private final LoweredNetwork lowered;
    private final List<SymInstruction> program;
    private final Map<String, double[]> units = new HashMap<>();

    public SymbolicEvaluator(LoweredNetwork lowered, List<SymInstruction> program) {
        this.lowered = lowered;
        this.program = program;
        for (DataBuffer b : lowered.buffers()) {
            units.put(b.name(), new double[Math.toIntExact(b.elements())]);
        }
        for (WeightBlock w : lowered.weights()) {
            double[] a = new double[Math.toIntExact(w.elements())];
            int[] pos = {0};
            w.source().writeTo(new FloatSink() {
                @Override
                public void put(float[] values, int offset, int length) {
                    for (int i = 0; i < length; i++) {
                        a[pos[0]++] = values[offset + i];
                    }
                }

                @Override
                public void zeros(long count) {
                    pos[0] += (int) count;
                }
            });
            if (pos[0] != a.length) {
                throw new AssertionError(w.name() + " produced " + pos[0] + " of " + a.length + " elements");
            }
            units.put(w.name(), a);
        }
    }

    /** Runs one sequence; returns [T][K] or [1][K], with the host layer applied. */
    public double[][] run(float[][] sequence, boolean reset) {
        int steps = sequence.length;
        int d = sequence[0].length;
        double[] in = units.get(LoweredNetwork.INPUT_UNIT);
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < d; j++) {
                in[t * d + j] = sequence[t][j];
            }
        }
        int pc = 0;
        while (true) {
            SymInstruction s = program.get(pc);
            if (s.opcode() == Opcode.HALT) {
                break;
            }
            if (s.opcode() == Opcode.LOOP) {
                boolean rev = s.has(Instruction.FLAG_REVERSE);
                for (int iter = 0; iter < steps; iter++) {
                    int t = rev ? steps - 1 - iter : iter;
                    for (int k = 1; k <= s.aux(); k++) {
                        SymInstruction body = program.get(pc + k);
                        if (body.has(Instruction.FLAG_FIRST_ITERATION) && iter != 0) {
                            continue;
                        }
                        if (body.has(Instruction.FLAG_LAST_ITERATION) && iter != steps - 1) {
                            continue;
                        }
                        exec(body, t, reset);
                    }
                }
                pc += s.aux() + 1;
                continue;
            }
            exec(s, s.has(Instruction.FLAG_LAST_STEP) ? steps - 1 : 0, reset);
            pc++;
        }
        int k = lowered.network().outputSize();
        boolean seq = lowered.network().outputIsSequence();
        double[] out = units.get(LoweredNetwork.OUTPUT_UNIT);
        double[][] result = new double[seq ? steps : 1][k];
        for (int t = 0; t < result.length; t++) {
            System.arraycopy(out, t * k, result[t], 0, k);
            if (!lowered.hostLayer().equals("none")) {
                result[t] = ReferenceLstm.softmax(result[t], lowered.hostLayer().equals("logsoftmax"));
            }
        }
        return result;
    }

    private int addr(SymOperand op, int t) {
        return Math.toIntExact(op.elementOffset() + (long) op.elementStride() * t);
    }

    private double[] unit(SymOperand op) {
        double[] a = units.get(op.unit());
        if (a == null) {
            throw new AssertionError("unknown unit " + op.unit());
        }
        return a;
    }

    private void exec(SymInstruction s, int t, boolean reset) {
        int n = s.n();
        switch (s.opcode()) {
            case FC -> {
                double[] dst = unit(s.dst());
                double[] w = unit(s.a());
                double[] x = unit(s.b());
                int d0 = addr(s.dst(), t);
                int w0 = addr(s.a(), t);
                int x0 = addr(s.b(), t);
                boolean acc = s.has(Instruction.FLAG_ACCUMULATE);
                boolean noBias = acc || s.has(Instruction.FLAG_NO_BIAS);
                double[] bias = noBias ? null : unit(s.c());
                int b0 = noBias ? 0 : addr(s.c(), t);
                for (int r = 0; r < n; r++) {
                    double sum = 0;
                    for (int c = 0; c < s.m(); c++) {
                        sum += w[w0 + r * s.rowStride() + c] * x[x0 + c];
                    }
                    double v = acc ? dst[d0 + r] + sum : sum + (noBias ? 0 : bias[b0 + r]);
                    ActivationCode act = s.activation();
                    if (act == ActivationCode.LSTM_GATES) {
                        act = r / s.aux() == 2 ? ActivationCode.TANH : ActivationCode.SIGMOID;
                    }
                    dst[d0 + r] = act(act, v);
                }
            }
            case ADD, MUL, SUB -> {
                double[] dst = unit(s.dst());
                double[] a = unit(s.a());
                double[] b = unit(s.b());
                int d0 = addr(s.dst(), t);
                int a0 = addr(s.a(), t);
                int b0 = addr(s.b(), t);
                for (int i = 0; i < n; i++) {
                    dst[d0 + i] = s.opcode() == Opcode.ADD ? a[a0 + i] + b[b0 + i]
                            : s.opcode() == Opcode.SUB ? a[a0 + i] - b[b0 + i] : a[a0 + i] * b[b0 + i];
                }
            }
            case ACT, COPY -> {
                double[] dst = unit(s.dst());
                double[] a = unit(s.a());
                int d0 = addr(s.dst(), t);
                int a0 = addr(s.a(), t);
                double[] tmp = new double[n];
                for (int i = 0; i < n; i++) {
                    tmp[i] = s.opcode() == Opcode.COPY ? a[a0 + i] : act(s.activation(), a[a0 + i]);
                }
                System.arraycopy(tmp, 0, dst, d0, n);
            }
            case SOFTMAX -> {
                double[] a = unit(s.a());
                double[] v = new double[n];
                System.arraycopy(a, addr(s.a(), t), v, 0, n);
                System.arraycopy(ReferenceLstm.softmax(v, s.has(Instruction.FLAG_LOG)), 0, unit(s.dst()),
                        addr(s.dst(), t), n);
            }
            case STATE_INIT -> {
                if (reset) {
                    double[] dst = unit(s.dst());
                    int d0 = addr(s.dst(), t);
                    for (int i = 0; i < n; i++) {
                        dst[d0 + i] = s.has(Instruction.FLAG_ZERO) ? 0 : unit(s.a())[addr(s.a(), t) + i];
                    }
                }
            }
            case NOP -> {
            }
            default -> throw new AssertionError("unexpected " + s);
        }
    }

    private static double act(ActivationCode a, double v) {
        return switch (a) {
            case NONE -> v;
            case SIGMOID -> 1 / (1 + Math.exp(-v));
            case TANH -> Math.tanh(v);
            case RELU -> Math.max(0, v);
            case LSTM_GATES -> throw new AssertionError("LSTM_GATES outside FC");
            case ELU, PRELU, GELU, GELU_TANH -> throw new AssertionError(a + ": not evaluated here");
        };
    }
}
