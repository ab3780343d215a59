package io.github.lstmhdl.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.isa.Operand;
import org.junit.jupiter.api.Test;

/**
 * The float32 kernel set on its own: each kernel's result, and overlapping operands giving the result
 * of reading every source before writing the destination.
 */
class Float32KernelsTest {

    private static final Instruction NOP = new Instruction(Opcode.NOP, 0, ActivationCode.NONE, 0, 0, Operand.NONE,
            Operand.NONE, Operand.NONE, Operand.NONE, 0, 0);

    private static Float32Kernels kernels(float[] mem) {
        return new Float32Kernels(mem, new Instruction[] {NOP}, 0, 0, 1);
    }

    @Test
    void elementwiseKernelsReadTheirSourcesBeforeWritingAnOverlappingDestination() {
        float[] mem = {1, 2, 3, 4, 0, 0};
        kernels(mem).add(0, 0, 0, 1, 3); // dst starts inside a = b
        assertArrayEquals(new float[] {1, 2, 4, 6, 0, 0}, mem);
        float[] m2 = {1, 2, 3, 4, 0, 0};
        kernels(m2).mul(0, 1, 0, 0, 3); // dst starts before a
        assertArrayEquals(new float[] {2, 6, 12, 4, 0, 0}, m2);
        float[] m3 = {1, 2, 3, 4, 5, 6};
        kernels(m3).add(0, 0, 3, 0, 3); // dst is a itself: in place, no scratch needed
        assertArrayEquals(new float[] {5, 7, 9, 4, 5, 6}, m3);
    }

    @Test
    void copyMovesOverlappingRangesAndZeroClears() {
        float[] mem = {1, 2, 3, 4, 5};
        Float32Kernels k = kernels(mem);
        k.copy(0, 0, 1, 3);
        assertArrayEquals(new float[] {1, 1, 2, 3, 5}, mem);
        k.zero(0, 3, 2);
        assertArrayEquals(new float[] {1, 1, 2, 0, 0}, mem);
    }

    @Test
    void activationAndSoftmaxOnAnOverlappingDestination() {
        float[] mem = {-1, 2, -3, 0};
        kernels(mem).activate(0, ActivationCode.RELU, 0, 0, KernelSet.NO_PARAMS, 1, 3);
        assertArrayEquals(new float[] {-1, 0, 2, 0}, mem);
        float[] m2 = {0, 0, 5, 0};
        kernels(m2).softmax(0, 1, 0, 2, false); // softmax of (0, 5) into [0, 2)
        double sum = StrictMath.exp(-5) + StrictMath.exp(0); // the maximum 5 subtracted first
        assertArrayEquals(new float[] {(float) (StrictMath.exp(-5) / sum), (float) (StrictMath.exp(0) / sum), 5, 0}, m2);
    }

    @Test
    void fcStartsFromTheBiasTheOldDestinationOrZero() {
        // W = [[1, 2], [3, 4]] at 0, x = (1, 1) at 4, bias = (10, 20) at 6, dst at 8
        float[] base = {1, 2, 3, 4, 1, 1, 10, 20, 100, 200};
        float[] mem = base.clone();
        Float32Kernels k = kernels(mem);
        assertFalse(k.fastPath(0)); // nothing was read-only: the direct path
        k.fc(0, 0, 2, 4, 6, 8, 2, 2, false, ActivationCode.NONE, 0, KernelSet.NOT_AHEAD);
        assertArrayEquals(new float[] {13, 27}, new float[] {mem[8], mem[9]});
        k.fc(0, 0, 2, 4, KernelSet.NO_BIAS, 8, 2, 2, true, ActivationCode.NONE, 0, KernelSet.NOT_AHEAD);
        assertArrayEquals(new float[] {16, 34}, new float[] {mem[8], mem[9]});
        k.fc(0, 0, 2, 4, KernelSet.NO_BIAS, 8, 2, 2, false, ActivationCode.RELU, 0, KernelSet.NOT_AHEAD);
        assertArrayEquals(new float[] {3, 7}, new float[] {mem[8], mem[9]});
    }
}
