package io.github.lstmhdl.sim;

/**
 * The FC kernel's matrix-vector product over the memory words: out[r] = Σ_c W[r][c] · x[c], the weights
 * read row by row. Every dot product is summed in float32 in four partial sums (lane k takes the
 * columns c ≡ k mod 4 of the first ⌊m/4⌋·4 columns; the remaining columns go to lane 0 in order), then
 * combined as (l0 + l1) + (l2 + l3). The order is fixed, so results are deterministic; four rows are
 * processed together so that each x element is loaded once per four rows.
 */
final class FcKernel {
    private FcKernel() {
    }

    /**
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
        for (; r + 4 <= rows; r += 4) {
            fourRows(mem, w + r * rowStride, rowStride, x, cols, out, r);
        }
        for (; r < rows; r++) {
            out[r] = dot(mem, w + r * rowStride, x, cols);
        }
    }

    private static void fourRows(float[] m, int w, int rs, int x, int n, float[] out, int r) {
        int w0 = w;
        int w1 = w + rs;
        int w2 = w + 2 * rs;
        int w3 = w + 3 * rs;
        float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        float b0 = 0, b1 = 0, b2 = 0, b3 = 0;
        float c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        float d0 = 0, d1 = 0, d2 = 0, d3 = 0;
        int c = 0;
        for (; c + 4 <= n; c += 4) {
            int s = x + c;
            float x0 = m[s];
            float x1 = m[s + 1];
            float x2 = m[s + 2];
            float x3 = m[s + 3];
            int p = w0 + c;
            a0 += m[p] * x0;
            a1 += m[p + 1] * x1;
            a2 += m[p + 2] * x2;
            a3 += m[p + 3] * x3;
            p = w1 + c;
            b0 += m[p] * x0;
            b1 += m[p + 1] * x1;
            b2 += m[p + 2] * x2;
            b3 += m[p + 3] * x3;
            p = w2 + c;
            c0 += m[p] * x0;
            c1 += m[p + 1] * x1;
            c2 += m[p + 2] * x2;
            c3 += m[p + 3] * x3;
            p = w3 + c;
            d0 += m[p] * x0;
            d1 += m[p + 1] * x1;
            d2 += m[p + 2] * x2;
            d3 += m[p + 3] * x3;
        }
        for (; c < n; c++) {
            float xc = m[x + c];
            a0 += m[w0 + c] * xc;
            b0 += m[w1 + c] * xc;
            c0 += m[w2 + c] * xc;
            d0 += m[w3 + c] * xc;
        }
        out[r] = (a0 + a1) + (a2 + a3);
        out[r + 1] = (b0 + b1) + (b2 + b3);
        out[r + 2] = (c0 + c1) + (c2 + c3);
        out[r + 3] = (d0 + d1) + (d2 + d3);
    }

    private static float dot(float[] m, int w, int x, int n) {
        float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int c = 0;
        for (; c + 4 <= n; c += 4) {
            a0 += m[w + c] * m[x + c];
            a1 += m[w + c + 1] * m[x + c + 1];
            a2 += m[w + c + 2] * m[x + c + 2];
            a3 += m[w + c + 3] * m[x + c + 3];
        }
        for (; c < n; c++) {
            a0 += m[w + c] * m[x + c];
        }
        return (a0 + a1) + (a2 + a3);
    }
}
