package io.github.lstmhdl.sim;

import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;
import java.util.HashMap;
import java.util.Map;

/**
 * Column-major copies of FC weights, built once when a program is loaded, for the fast path of
 * {@link FcKernel#matVecColumns}, a part of the float32 kernels ({@link Float32Kernels}). An FC
 * instruction gets a copy only when its weights can never change while the simulator lives:
 * <ul>
 * <li>the weight operand has a fixed address (stride 0) and its whole range lies inside the read-only
 * range given (the FC weight region, which the host never writes);</li>
 * <li>no instruction of the program can write into that range at any time step below the frame limit
 * (the weights region is read-only by convention, but nothing stops a program from writing there);</li>
 * <li>the copies fit the budget; beyond it the remaining instructions keep the direct path.</li>
 * </ul>
 * Instructions that share the same weight operand, rows, columns and row stride share one copy. Whether an
 * instruction takes the fast or the direct path never changes its result: both sum in the same order.
 */
final class TransposedWeights {
    private TransposedWeights() {
    }

    private record Key(long offset, int rows, int cols, int rowStride) {
    }

    /**
     * @param program       the decoded program
     * @param mem           the memory words, already holding the image
     * @param readOnlyStart first byte of the range whose contents the host never writes
     * @param readOnlyEnd   end (exclusive) of that range
     * @param maxSteps      the largest number of time steps a run can have (the frame limit)
     * @param budgetWords   the most floats all copies together may hold
     * @return per instruction index, columns[c][r] = W[r][c] for an FC on the fast path, else null
     */
    static float[][][] build(Instruction[] program, float[] mem, long readOnlyStart, long readOnlyEnd, int maxSteps,
            long budgetWords) {
        float[][][] byInstruction = new float[program.length][][];
        Map<Key, float[][]> copies = new HashMap<>();
        long used = 0;
        for (int pc = 0; pc < program.length; pc++) {
            Instruction in = program[pc];
            if (in.opcode() != Opcode.FC || in.a().stride() != 0) {
                continue;
            }
            int rows = in.n();
            int cols = in.m();
            int rowStride = in.rowStride() == 0 ? cols : in.rowStride();
            if (rows <= 0 || cols <= 0 || rowStride < cols) {
                continue; // nothing to gain, or an error that the direct path reports when it executes
            }
            long start = in.a().offset();
            long end = start + Float.BYTES * ((long) (rows - 1) * rowStride + cols);
            if (start % Float.BYTES != 0 || start < readOnlyStart || end > readOnlyEnd
                    || end > (long) Float.BYTES * mem.length
                    || ProgramWrites.writtenBy(program, 0, program.length, start, end, maxSteps, Float.BYTES)) {
                continue;
            }
            Key key = new Key(start, rows, cols, rowStride);
            float[][] columns = copies.get(key);
            if (columns == null) {
                long words = (long) rows * cols;
                if (used + words > budgetWords) {
                    continue;
                }
                columns = transpose(mem, (int) (start >>> 2), rows, cols, rowStride);
                copies.put(key, columns);
                used += words;
            }
            byInstruction[pc] = columns;
        }
        return byInstruction;
    }

    private static float[][] transpose(float[] mem, int w, int rows, int cols, int rowStride) {
        float[][] columns = new float[cols][rows];
        for (int r = 0; r < rows; r++) {
            int row = w + r * rowStride;
            for (int c = 0; c < cols; c++) {
                columns[c][r] = mem[row + c];
            }
        }
        return columns;
    }
}
