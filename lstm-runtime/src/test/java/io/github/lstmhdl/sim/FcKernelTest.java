package io.github.lstmhdl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The FC kernel's paths (direct over the row-major memory words, fast over the column-major copy, and
 * the fast path for several steps at once) on random sizes and row strides: bit-identical to each other,
 * close to a float64 reference.
 */
class FcKernelTest {

    @Test
    void severalStepsAtOnceGiveTheBitsOfOneStepAtATime() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 60; trial++) {
            int rows = 1 + rnd.nextInt(trial % 4 == 0 ? 1500 : 200);
            int cols = 1 + rnd.nextInt(120);
            int steps = 1 + rnd.nextInt(9);
            float[][] columns = new float[cols][rows + rnd.nextInt(3)];
            for (float[] column : columns) {
                for (int r = 0; r < column.length; r++) {
                    column[r] = (float) (rnd.nextGaussian() * (rnd.nextInt(10) == 0 ? 100 : 1));
                }
            }
            float[] mem = new float[steps * (cols + 5) + 7];
            for (int i = 0; i < mem.length; i++) {
                mem[i] = (float) rnd.nextGaussian();
            }
            int[] x = new int[steps];
            for (int i = 0; i < steps; i++) {
                x[i] = rnd.nextInt(mem.length - cols + 1);
            }
            float[][] together = new float[steps][rows];
            FcKernel.matMatColumns(columns, mem, x, steps, rows, cols, together);
            for (int i = 0; i < steps; i++) {
                float[] alone = new float[rows];
                FcKernel.matVecColumns(columns, mem, x[i], rows, cols, alone);
                for (int r = 0; r < rows; r++) {
                    assertEquals(Float.floatToRawIntBits(alone[r]), Float.floatToRawIntBits(together[i][r]),
                            "rows=" + rows + " cols=" + cols + " steps=" + steps + " step " + i + " row " + r);
                }
            }
        }
    }

    @Test
    void fastAndDirectPathsGiveTheSameBitsOnRandomShapes() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            int rows = 1 + rnd.nextInt(300);
            int cols = 1 + rnd.nextInt(300);
            int rowStride = cols + (rnd.nextBoolean() ? 0 : rnd.nextInt(40));
            int w = rnd.nextInt(16);
            int x = w + (rows - 1) * rowStride + cols + rnd.nextInt(16);
            float[] mem = new float[x + cols + rnd.nextInt(8)];
            for (int i = 0; i < mem.length; i++) {
                mem[i] = (float) (rnd.nextGaussian() * (rnd.nextInt(10) == 0 ? 100 : 1));
            }
            float[] direct = new float[rows + 5];
            float[] fast = new float[rows + 5];
            FcKernel.matVec(mem, w, rowStride, x, rows, cols, direct);
            float[][] columns = new float[cols][rows];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    columns[c][r] = mem[w + r * rowStride + c];
                }
            }
            FcKernel.matVecColumns(columns, mem, x, rows, cols, fast);
            for (int r = 0; r < rows; r++) {
                String where = "rows=" + rows + " cols=" + cols + " stride=" + rowStride + " row " + r;
                assertEquals(Float.floatToRawIntBits(direct[r]), Float.floatToRawIntBits(fast[r]), where);
                double ref = 0;
                double magnitude = 0;
                for (int c = 0; c < cols; c++) {
                    double p = (double) mem[w + r * rowStride + c] * mem[x + c];
                    ref += p;
                    magnitude += Math.abs(p);
                }
                // the classic bound of a float32 sum of cols products in any order
                assertEquals(ref, fast[r], cols * 0x1p-24 * magnitude * 1.01 + 1e-30, where);
            }
        }
    }

    @Test
    void theSumRunsInColumnOrder() {
        // 1e8 + 1 - 1e8 in float32 column order is 0 (1 is lost), in any other grouping it could be 1
        float[] mem = {1e8f, 1f, -1e8f, 1f, 1f, 1f};
        float[] out = new float[1];
        FcKernel.matVec(mem, 0, 3, 3, 1, 3, out);
        assertEquals(0f, out[0]);
        FcKernel.matVecColumns(new float[][] {{1e8f}, {1f}, {-1e8f}}, mem, 3, 1, 3, out);
        assertEquals(0f, out[0]);
        assertTrue(Float.isFinite(out[0]));
    }
}
