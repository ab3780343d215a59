package io.github.lstmhdl.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.isa.Operand;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The timing model's figures, computed by hand from docs/isa.md §9. */
class TimingModelTest {
    /** zcu102_single: 4 threads, 220 MHz, 19200 MB/s, float32. */
    private static final TimingParameters ZCU102 = TimingParameters.of(ProcessorConfig.defaults());

    private static Instruction fc(int rows, int cols, ActivationCode act) {
        return Instruction.fc(Operand.at(0), Operand.at(0), Operand.at(0), Operand.at(0), rows, cols, act, 0,
                act == ActivationCode.LSTM_GATES ? rows / 4 : 0, 0);
    }

    private static Instruction ew(Opcode op, int n, int flags) {
        return Instruction.elementwise(op, Operand.at(0), Operand.at(0), Operand.at(0), n, flags);
    }

    @Test
    void parametersOfThePresetAndOfTheMetadata() {
        assertEquals(new TimingParameters(4, 220, 19200, 4), ZCU102);
        assertEquals(ZCU102, TimingParameters.fromProcessorFields(
                Map.of("fcThreads", "4", "clockFrequencyMHz", "220", "memoryBandwidthMBps", "19200"), 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TimingParameters.fromProcessorFields(Map.of("fcThreads", "4", "clockFrequencyMHz", "x"), 4));
        assertEquals("processor field clockFrequencyMHz is 'x', not a positive integer", e.getMessage());
    }

    @Test
    void fcIsTheSlowerOfLanesAndWeightStreamPlusPipelineAndIssue() {
        // 128 rows × 38 columns on 4 lanes: 32 × 38 = 1216 cycles; weights 128·38·4 = 19456 bytes at
        // 19200/220 bytes a cycle: ceil(19456 · 220 / 19200) = ceil(222.93) = 223 cycles
        Instruction gates = fc(128, 38, ActivationCode.LSTM_GATES);
        assertEquals(1216, TimingModel.fcComputeCycles(gates, ZCU102));
        assertEquals(223, TimingModel.fcMemoryCycles(gates, ZCU102));
        assertEquals(FcBound.COMPUTE, TimingModel.fcBound(gates, ZCU102));
        assertEquals(4 + 12 + 1216, TimingModel.cycles(gates, ZCU102));
        // 16 lanes at 150 MHz and 4200 MB/s (28 bytes a cycle): 8 × 38 = 304 lane cycles, but
        // ceil(19456 · 150 / 4200) = ceil(694.86) = 695 memory cycles
        TimingParameters slow = new TimingParameters(16, 150, 4200, 4);
        assertEquals(304, TimingModel.fcComputeCycles(gates, slow));
        assertEquals(695, TimingModel.fcMemoryCycles(gates, slow));
        assertEquals(FcBound.MEMORY, TimingModel.fcBound(gates, slow));
        assertEquals(4 + 12 + 695, TimingModel.cycles(gates, slow));
        // rows not a multiple of the lanes: 3 rows on 4 lanes is one pass
        assertEquals(16, TimingModel.fcComputeCycles(fc(3, 16, ActivationCode.NONE), ZCU102));
        assertEquals(4 + 12, TimingModel.cycles(fc(0, 16, ActivationCode.NONE), ZCU102));
    }

    @Test
    void elementwiseActivationSoftmaxAndControl() {
        assertEquals(4 + 4 + 8, TimingModel.cycles(ew(Opcode.MUL, 32, 0), ZCU102));
        assertEquals(4 + 4 + 9, TimingModel.cycles(ew(Opcode.ADD, 33, 0), ZCU102));
        assertEquals(4 + 4 + 8, TimingModel.cycles(ew(Opcode.SUB, 32, 0), ZCU102));
        assertEquals(4 + 4 + 32, TimingModel.cycles(ew(Opcode.COPY, 128, 0), ZCU102));
        assertEquals(4 + 4 + 8, TimingModel.cycles(ew(Opcode.STATE_INIT, 32, Instruction.FLAG_ZERO), ZCU102));
        assertEquals(4 + 8 + 8, TimingModel.cycles(Instruction.activation(ActivationCode.TANH, Operand.at(0),
                Operand.at(0), 32, 0), ZCU102));
        assertEquals(4 + 4 + 8, TimingModel.cycles(Instruction.activation(ActivationCode.RELU, Operand.at(0),
                Operand.at(0), 32, 0), ZCU102));
        assertEquals(4 + 16 + 3 * 10, TimingModel.cycles(ew(Opcode.SOFTMAX, 10, 0), ZCU102));
        assertEquals(4, TimingModel.cycles(Instruction.loop(7, false), ZCU102));
        assertEquals(4, TimingModel.cycles(Instruction.halt(), ZCU102));
        assertEquals(4, TimingModel.cycles(ew(Opcode.NOP, 99, 0), ZCU102));
        assertThrows(IllegalArgumentException.class, () -> TimingModel.fcComputeCycles(ew(Opcode.ADD, 1, 0), ZCU102));
    }

    @Test
    void aHugeFcSaturatesInsteadOfWrapping() {
        Instruction huge = fc(Integer.MAX_VALUE, Integer.MAX_VALUE, ActivationCode.NONE);
        assertEquals(Long.MAX_VALUE, TimingModel.fcMemoryCycles(huge, ZCU102));
        assertEquals(Long.MAX_VALUE, TimingModel.cycles(huge, ZCU102));
    }

    @Test
    void programCyclesAreFixedPlusPerStepTimesT() {
        Instruction add = ew(Opcode.ADD, 8, 0); // 4 + 4 + 2 = 10
        Instruction once = ew(Opcode.COPY, 4, Instruction.FLAG_LAST_ITERATION); // 4 + 4 + 1 = 9
        Instruction both = ew(Opcode.COPY, 4, Instruction.FLAG_FIRST_ITERATION | Instruction.FLAG_LAST_ITERATION);
        List<Instruction> program = List.of(ew(Opcode.STATE_INIT, 8, Instruction.FLAG_ZERO), // 10
                Instruction.loop(3, true), add, once, both, add, Instruction.halt());
        ProgramTiming timing = ProgramTiming.of(program, ZCU102);
        assertEquals(2 + 10, timing.perStepCycles());
        CycleCounts five = timing.counts(5);
        assertEquals(10 + (4 + 5 * 2) + 5 * 10 + 9 + 0 + 10 + 4, five.total());
        assertEquals(List.of(1L, 1L, 5L, 1L, 0L, 1L, 1L), List.of(five.executions(0), five.executions(1),
                five.executions(2), five.executions(3), five.executions(4), five.executions(5), five.executions(6)));
        // T = 1: the instruction with both iteration flags runs
        assertEquals(10 + (4 + 2) + 10 + 9 + 9 + 10 + 4, timing.counts(1).total());
        assertEquals(false, timing.inLoopBody(0));
        assertEquals(true, timing.inLoopBody(4));
        assertEquals(false, timing.inLoopBody(5));
    }

    @Test
    void aHaltInABodyEndsTheRunInTheFirstIteration() {
        Instruction add = ew(Opcode.ADD, 8, 0);
        List<Instruction> program = List.of(Instruction.loop(3, false), add,
                ew(Opcode.COPY, 4, Instruction.FLAG_LAST_ITERATION), Instruction.halt(), Instruction.halt());
        CycleCounts c = ProgramTiming.of(program, ZCU102).counts(6);
        assertEquals((4 + 2) + 10 + 0 + 4, c.total());
        assertEquals(0, c.executions(4));
    }
}
