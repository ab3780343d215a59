package io.github.lstmhdl;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.ir.Activation;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.InstructionCodec;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.isa.Operand;
import io.github.lstmhdl.lower.LoweringEquivalenceTestAccess;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.pipeline.NetworkCompiler;
import io.github.lstmhdl.testing.RandomNetworks;
import io.github.lstmhdl.testing.ReferenceLstm;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Executes the encoded program of compiled networks on a flat float64 memory built from the region
 * contents, to prove that operand resolution (offsets, strides) and the weight layout are right.
 */
class ResolvedProgramTest {

    @Test
    void encodedProgramsMatchTheReference() throws Exception {
        List<Network> nets = List.of(
                RandomNetworks.builder(1, 5, 0).lstm("a", 6, Direction.BIDIRECTIONAL, OutputMode.SEQUENCE, true, true)
                        .lstm("b", 3, Direction.REVERSE, OutputMode.LAST_STEP, false, false).fc("fc", 4)
                        .softmax("sm", false).build("n1"),
                RandomNetworks.builder(2, 7, 0).lstm("a", 9, Direction.FORWARD, OutputMode.SEQUENCE, false, false)
                        .fc("fc", 3).activation("r", Activation.RELU).build("n2"));
        for (Network n : nets) {
            for (ProcessorConfig config : List.of(ProcessorConfig.defaults(),
                    ProcessorConfig.defaults().with("gateFusion", "false").with("fcInputMemorySize", "4")
                            .with("fcOutputMemorySize", "4").with("softmaxOnHost", "false"))) {
                CompiledNetwork c = NetworkCompiler.compile(n, config.with("maxSequenceLength", "6")
                        .with("alignment", "64"), "n.onnx", "t", false);
                float[][] x = RandomNetworks.sequence(3, 5, n.input().featureSize());
                double[][] got = run(c, x);
                double[][] want = ReferenceLstm.run(n, x);
                LoweringEquivalenceTestAccess.assertClose(want, got, n.name() + " " + config.canonicalText());
            }
        }
    }

    private static double[][] run(CompiledNetwork c, float[][] x) throws Exception {
        double[] mem = new double[(int) (c.memoryMap().endOffset() / 4)];
        for (RegionKind kind : List.of(RegionKind.FC_WEIGHT_DATA)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            c.contents().get(kind).writeTo(out);
            ByteBuffer b = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            int base = (int) (c.memoryMap().region(kind).offset() / 4);
            for (int i = 0; i < b.capacity() / 4; i++) {
                mem[base + i] = b.getFloat(4 * i);
            }
        }
        int d = x[0].length;
        int in = (int) (c.memoryMap().region(RegionKind.INPUT_DATA).offset() / 4);
        for (int t = 0; t < x.length; t++) {
            for (int j = 0; j < d; j++) {
                mem[in + t * d + j] = x[t][j];
            }
        }
        ByteArrayOutputStream prog = new ByteArrayOutputStream();
        c.contents().get(RegionKind.INSTRUCTION_DATA).writeTo(prog);
        List<Instruction> program = InstructionCodec.decode(prog.toByteArray());
        int steps = x.length;
        int pc = 0;
        while (program.get(pc).opcode() != Opcode.HALT) {
            Instruction s = program.get(pc);
            if (s.opcode() == Opcode.LOOP) {
                for (int i = 0; i < steps; i++) {
                    int t = s.has(Instruction.FLAG_REVERSE) ? steps - 1 - i : i;
                    for (int k = 1; k <= s.aux(); k++) {
                        Instruction body = program.get(pc + k);
                        if (body.has(Instruction.FLAG_FIRST_ITERATION) && i != 0
                                || body.has(Instruction.FLAG_LAST_ITERATION) && i != steps - 1) {
                            continue;
                        }
                        exec(mem, body, t);
                    }
                }
                pc += s.aux() + 1;
            } else {
                exec(mem, s, s.has(Instruction.FLAG_LAST_STEP) ? steps - 1 : 0);
                pc++;
            }
        }
        int k = c.metadata().output().featureSize();
        int outBase = (int) (c.memoryMap().region(RegionKind.OUTPUT_RESULT).offset() / 4);
        double[][] result = new double[c.metadata().output().sequence() ? steps : 1][k];
        for (int t = 0; t < result.length; t++) {
            System.arraycopy(mem, outBase + t * k, result[t], 0, k);
            if (!c.metadata().hostLayer().equals("none")) {
                result[t] = ReferenceLstm.softmax(result[t], c.metadata().hostLayer().equals("logsoftmax"));
            }
        }
        return result;
    }

    private static int at(Operand op, int t) {
        long a = op.address(t);
        if (a % 4 != 0) {
            throw new AssertionError("misaligned " + a);
        }
        return (int) (a / 4);
    }

    private static double act(ActivationCode a, double v) {
        return switch (a) {
            case SIGMOID -> 1 / (1 + Math.exp(-v));
            case TANH -> Math.tanh(v);
            case RELU -> Math.max(0, v);
            default -> v;
        };
    }

    private static void exec(double[] mem, Instruction s, int t) {
        int n = s.n();
        int d = at(s.dst(), t);
        int a = at(s.a(), t);
        int b = at(s.b(), t);
        int c = at(s.c(), t);
        switch (s.opcode()) {
            case FC -> {
                for (int r = 0; r < n; r++) {
                    double sum = 0;
                    for (int col = 0; col < s.m(); col++) {
                        sum += mem[a + r * s.rowStride() + col] * mem[b + col];
                    }
                    boolean acc = s.has(Instruction.FLAG_ACCUMULATE);
                    double v = acc ? mem[d + r] + sum
                            : sum + (s.has(Instruction.FLAG_NO_BIAS) ? 0 : mem[c + r]);
                    ActivationCode f = s.activation() == ActivationCode.LSTM_GATES
                            ? (r / s.aux() == 2 ? ActivationCode.TANH : ActivationCode.SIGMOID) : s.activation();
                    mem[d + r] = act(f, v);
                }
            }
            case ADD -> { for (int i = 0; i < n; i++) { mem[d + i] = mem[a + i] + mem[b + i]; } }
            case MUL -> { for (int i = 0; i < n; i++) { mem[d + i] = mem[a + i] * mem[b + i]; } }
            case SUB -> { for (int i = 0; i < n; i++) { mem[d + i] = mem[a + i] - mem[b + i]; } }
            case ACT -> { for (int i = 0; i < n; i++) { mem[d + i] = act(s.activation(), mem[a + i]); } }
            case COPY -> System.arraycopy(mem, a, mem, d, n);
            case SOFTMAX -> {
                double[] v = new double[n];
                System.arraycopy(mem, a, v, 0, n);
                System.arraycopy(ReferenceLstm.softmax(v, s.has(Instruction.FLAG_LOG)), 0, mem, d, n);
            }
            case STATE_INIT -> { for (int i = 0; i < n; i++) { mem[d + i] = s.has(Instruction.FLAG_ZERO) ? 0 : mem[a + i]; } }
            default -> { }
        }
    }
}
