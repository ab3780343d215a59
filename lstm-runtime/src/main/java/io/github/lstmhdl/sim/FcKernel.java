package io.github.lstmhdl.sim;

/**
 * The FC kernel's matrix-vector product out[r] = Σ_c W[r][c] · x[c], in float32, with one fixed
 * summation order: every out[r] starts at +0 and adds the products W[r][c] · x[c] one at a time for
 * c = 0, 1, …, cols − 1. Two implementations give bit-identical results because they follow that same
 * order (Java float arithmetic never fuses a multiply and an add):
 * <ul>
 * <li>{@link #matVec}, the direct path, reads the weights row by row from the memory words (eight rows at
 * a time, so that eight independent sums are in flight);</li>
 * <li>{@link #matVecColumns}, the fast path, reads a column-major copy of the weights (one array per
 * column, see {@link TransposedWeights}) and updates all rows per column (an axpy), which HotSpot's C2
 * compiles to SIMD instructions; it takes four columns per pass so that out[] is loaded and stored once
 * per four products, still adding them in column order.</li>
 * <li>{@link #matMatColumns}, the fast path for several steps at once (the products of an FC whose input
 * does not depend on the recurrence, computed for a block of steps ahead): the same column-order axpy
 * for every step, over tiles of rows, so that a tile of the weights is read from memory once per block
 * of steps instead of once per step (the FC of a big layer is memory-bound).</li>
 * </ul>
 *
 * <p>Why not the Vector API ({@code jdk.incubator.vector}): on Java 17 it is an incubator module, so
 * every JVM that loads the simulator (a user's unit tests, their surefire configuration, the CLI) would
 * need {@code --add-modules jdk.incubator.vector} and print a warning on every start; a library cannot
 * ask that of its users. These loops are written so that HotSpot's C2 vectorizes them on its own.
 */
final class FcKernel {
    private FcKernel() {
    }

    /**
     * The direct path over the memory words.
     *
     * @param mem       memory words
     * @param w         word index of W[0][0]
     * @param rowStride words between rows of W
     * @param x         word index of x[0]
     * @param rows      n
     * @param cols      m
     * @param out       receives out[0, rows)
     */
    static void matVec(float[] mem, int w, int rowStride, int x, int rows, int cols, float[] out) {
        int r = 0;
        for (; r + 8 <= rows; r += 8) {
            eightRows(mem, w + r * rowStride, rowStride, x, cols, out, r);
        }
        for (; r < rows; r++) {
            out[r] = dot(mem, w + r * rowStride, x, cols);
        }
    }

    private static void eightRows(float[] m, int w, int rs, int x, int n, float[] out, int r) {
        int w0 = w;
        int w1 = w0 + rs;
        int w2 = w1 + rs;
        int w3 = w2 + rs;
        int w4 = w3 + rs;
        int w5 = w4 + rs;
        int w6 = w5 + rs;
        int w7 = w6 + rs;
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
        for (int c = 0; c < n; c++) {
            float xc = m[x + c];
            s0 += m[w0 + c] * xc;
            s1 += m[w1 + c] * xc;
            s2 += m[w2 + c] * xc;
            s3 += m[w3 + c] * xc;
            s4 += m[w4 + c] * xc;
            s5 += m[w5 + c] * xc;
            s6 += m[w6 + c] * xc;
            s7 += m[w7 + c] * xc;
        }
        out[r] = s0;
        out[r + 1] = s1;
        out[r + 2] = s2;
        out[r + 3] = s3;
        out[r + 4] = s4;
        out[r + 5] = s5;
        out[r + 6] = s6;
        out[r + 7] = s7;
    }

    private static float dot(float[] m, int w, int x, int n) {
        float s = 0f;
        for (int c = 0; c < n; c++) {
            s += m[w + c] * m[x + c];
        }
        return s;
    }

    /**
     * The fast path over a column-major copy of the weights.
     *
     * @param columns columns[c][r] = W[r][c]; every column holds at least {@code rows} elements
     * @param mem     memory words
     * @param x       word index of x[0]
     * @param rows    n
     * @param cols    m (the number of columns used)
     * @param out     receives out[0, rows)
     */
    static void matVecColumns(float[][] columns, float[] mem, int x, int rows, int cols, float[] out) {
        for (int r = 0; r < rows; r++) {
            out[r] = 0f;
        }
        int c = 0;
        // Every array below is indexed by r alone: C2 (JDK 17) vectorizes only when the accesses share
        // their alignment, which an offset such as x + r would break.
        for (; c + 4 <= cols; c += 4) {
            float x0 = mem[x + c];
            float x1 = mem[x + c + 1];
            float x2 = mem[x + c + 2];
            float x3 = mem[x + c + 3];
            float[] k0 = columns[c];
            float[] k1 = columns[c + 1];
            float[] k2 = columns[c + 2];
            float[] k3 = columns[c + 3];
            for (int r = 0; r < rows; r++) {
                out[r] = out[r] + k0[r] * x0 + k1[r] * x1 + k2[r] * x2 + k3[r] * x3;
            }
        }
        for (; c < cols; c++) {
            float xc = mem[x + c];
            float[] k = columns[c];
            for (int r = 0; r < rows; r++) {
                out[r] += k[r] * xc;
            }
        }
    }

    /** Rows per tile of {@link #matMatColumns}: four columns' tiles and two steps' outputs stay in L1. */
    private static final int ROW_TILE = 512;

    /**
     * The fast path for {@code steps} input vectors: out[i][r] = Σ_c W[r][c] · x_i[c] for i in [0, steps),
     * each sum in column order exactly as {@link #matVecColumns} (so bit-identical to it and to
     * {@link #matVec}); only the order in which the independent sums advance differs.
     *
     * @param columns columns[c][r] = W[r][c]; every column holds at least {@code rows} elements
     * @param mem     memory words
     * @param x       x[i] is the word index of x_i[0], for i in [0, steps)
     * @param steps   the number of input vectors
     * @param rows    n
     * @param cols    m (the number of columns used)
     * @param out     out[i] receives the products of x_i in [0, rows)
     */
    static void matMatColumns(float[][] columns, float[] mem, int[] x, int steps, int rows, int cols, float[][] out) {
        for (int i = 0; i < steps; i++) {
            float[] o = out[i];
            for (int r = 0; r < rows; r++) {
                o[r] = 0f;
            }
        }
        for (int r0 = 0; r0 < rows; r0 += ROW_TILE) {
            int r1 = Math.min(rows, r0 + ROW_TILE);
            int c = 0;
            for (; c + 4 <= cols; c += 4) {
                float[] k0 = columns[c];
                float[] k1 = columns[c + 1];
                float[] k2 = columns[c + 2];
                float[] k3 = columns[c + 3];
                int i = 0;
                for (; i + 2 <= steps; i += 2) {
                    int xa = x[i] + c;
                    int xb = x[i + 1] + c;
                    fourColumnsTwoSteps(k0, k1, k2, k3, mem[xa], mem[xa + 1], mem[xa + 2], mem[xa + 3],
                            mem[xb], mem[xb + 1], mem[xb + 2], mem[xb + 3], out[i], out[i + 1], r0, r1);
                }
                for (; i < steps; i++) {
                    int xa = x[i] + c;
                    float a0 = mem[xa];
                    float a1 = mem[xa + 1];
                    float a2 = mem[xa + 2];
                    float a3 = mem[xa + 3];
                    float[] o = out[i];
                    for (int r = r0; r < r1; r++) {
                        o[r] = o[r] + k0[r] * a0 + k1[r] * a1 + k2[r] * a2 + k3[r] * a3;
                    }
                }
            }
            for (; c < cols; c++) {
                float[] k = columns[c];
                for (int i = 0; i < steps; i++) {
                    float xc = mem[x[i] + c];
                    float[] o = out[i];
                    for (int r = r0; r < r1; r++) {
                        o[r] += k[r] * xc;
                    }
                }
            }
        }
    }

    /** Four columns' products added in column order to two steps' sums, rows [r0, r1): each weight read once. */
    private static void fourColumnsTwoSteps(float[] k0, float[] k1, float[] k2, float[] k3, float a0, float a1,
            float a2, float a3, float b0, float b1, float b2, float b3, float[] oa, float[] ob, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            float w0 = k0[r];
            float w1 = k1[r];
            float w2 = k2[r];
            float w3 = k3[r];
            oa[r] = oa[r] + w0 * a0 + w1 * a1 + w2 * a2 + w3 * a3;
            ob[r] = ob[r] + w0 * b0 + w1 * b1 + w2 * b2 + w3 * b3;
        }
    }
}
