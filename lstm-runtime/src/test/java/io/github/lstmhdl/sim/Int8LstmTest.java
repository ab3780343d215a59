package io.github.lstmhdl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Int8Params;
import io.github.lstmhdl.isa.Int8Params.Format;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.isa.Operand;
import io.github.lstmhdl.quant.FixedPoint;
import io.github.lstmhdl.quant.FixedPoint.Multiplier;
import io.github.lstmhdl.quant.Int8Boundary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Random int8 LSTM networks with a fully connected head (the program of docs/isa.md §4a's "An LSTM step
 * in int8", assembled here, quantized here from random float weights calibrated on random inputs): the
 * simulator's outputs are {@link Int8Reference}'s bit for bit over several time steps, and the int8
 * network's error against the float network is measured, with per-row weight scales (the scheme) and,
 * for comparison, one scale per weight matrix.
 */
class Int8LstmTest {

    /** A float LSTM (gates i, f, g, o; rows [W_x | W_h] of D + H columns) with an FC head. */
    record FloatNet(int d, int h, int k, double[][] w, double[] b, double[][] wy, double[] by) {
        static FloatNet random(Random rnd, int d, int h, int k) {
            double[][] w = new double[4 * h][d + h];
            double[] b = new double[4 * h];
            for (int r = 0; r < 4 * h; r++) {
                double rowScale = 0.2 + rnd.nextDouble() * 1.3; // rows of different magnitudes
                for (int c = 0; c < d + h; c++) {
                    w[r][c] = rnd.nextGaussian() * rowScale / Math.sqrt(d + h) * 2;
                }
                b[r] = rnd.nextGaussian() * 0.5;
            }
            double[][] wy = new double[k][h];
            double[] by = new double[k];
            for (int r = 0; r < k; r++) {
                for (int c = 0; c < h; c++) {
                    wy[r][c] = rnd.nextGaussian();
                }
                by[r] = rnd.nextGaussian() * 0.2;
            }
            return new FloatNet(d, h, k, w, b, wy, by);
        }

        /** The outputs per step [T][K], and the largest |c| seen (calibration). */
        double[][] run(double[][] x, double[] maxCell) {
            double[] hs = new double[h];
            double[] cs = new double[h];
            double[][] y = new double[x.length][k];
            for (int t = 0; t < x.length; t++) {
                double[] g = new double[4 * h];
                for (int r = 0; r < 4 * h; r++) {
                    double s = b[r];
                    for (int c = 0; c < d; c++) {
                        s += w[r][c] * x[t][c];
                    }
                    for (int c = 0; c < h; c++) {
                        s += w[r][d + c] * hs[c];
                    }
                    g[r] = r / h == 2 ? Math.tanh(s) : 1 / (1 + Math.exp(-s));
                }
                for (int j = 0; j < h; j++) {
                    cs[j] = g[h + j] * cs[j] + g[j] * g[2 * h + j];
                    hs[j] = g[3 * h + j] * Math.tanh(cs[j]);
                    maxCell[0] = Math.max(maxCell[0], Math.abs(cs[j]));
                }
                for (int r = 0; r < k; r++) {
                    double s = by[r];
                    for (int c = 0; c < h; c++) {
                        s += wy[r][c] * hs[c];
                    }
                    y[t][r] = s;
                }
            }
            return y;
        }
    }

    /** The quantized network: every integer the program's records and weights hold. */
    record Int8Net(int d, int h, int k, byte[] w, int[] bias, Multiplier[] mx, Multiplier[] mh, byte[] wy, int[] by,
            Multiplier[] my, int cellBits, Int8Boundary boundary) {

        static Int8Net quantize(FloatNet f, double xMin, double xMax, double yMin, double yMax, double maxCell,
                boolean perRow) {
            int d = f.d();
            int h = f.h();
            double sx = (xMax - xMin) / 255;
            int zx = (int) Math.max(-128, Math.min(127, Math.round(-128 - xMin / sx)));
            double sy = (yMax - yMin) / 255;
            int zy = (int) Math.max(-128, Math.min(127, Math.round(-128 - yMin / sy)));
            Int8Boundary boundary = new Int8Boundary((float) sx, zx, (float) sy, zy);
            sx = boundary.inputScale();
            sy = boundary.outputScale();
            double sh = 1.0 / 128;
            double[] sw = scales(f.w(), perRow);
            byte[] w = new byte[4 * h * (d + h)];
            int[] bias = new int[4 * h];
            Multiplier[] mx = new Multiplier[4 * h];
            Multiplier[] mh = new Multiplier[4 * h];
            for (int r = 0; r < 4 * h; r++) {
                for (int c = 0; c < d + h; c++) {
                    w[r * (d + h) + c] = (byte) Math.round(f.w()[r][c] / sw[r]);
                }
                bias[r] = (int) Math.round(f.b()[r] / (sw[r] * sx));
                mx[r] = FixedPoint.quantize(sw[r] * sx * 4096);
                mh[r] = FixedPoint.quantize(sw[r] * sh * 4096);
            }
            double[] swy = scales(f.wy(), perRow);
            byte[] wy = new byte[f.k() * h];
            int[] by = new int[f.k()];
            Multiplier[] my = new Multiplier[f.k()];
            for (int r = 0; r < f.k(); r++) {
                for (int c = 0; c < h; c++) {
                    wy[r * h + c] = (byte) Math.round(f.wy()[r][c] / swy[r]);
                }
                by[r] = (int) Math.round(f.by()[r] / (swy[r] * sh));
                my[r] = FixedPoint.quantize(swy[r] * sh / sy);
            }
            // the cell state's power-of-two scale 2^-k: the largest k whose int16 range covers |c|
            int cellBits = (int) Math.max(0, Math.min(15, 15 - Math.ceil(Math.log(maxCell * 1.05) / Math.log(2))));
            return new Int8Net(d, h, f.k(), w, bias, mx, mh, wy, by, my, cellBits, boundary);
        }

        private static double[] scales(double[][] w, boolean perRow) {
            double[] s = new double[w.length];
            double all = 0;
            for (int r = 0; r < w.length; r++) {
                for (double v : w[r]) {
                    s[r] = Math.max(s[r], Math.abs(v));
                }
                all = Math.max(all, s[r]);
            }
            for (int r = 0; r < w.length; r++) {
                s[r] = (perRow ? s[r] : all) / 127;
                if (s[r] == 0) {
                    s[r] = 1;
                }
            }
            return s;
        }

        /** The reference: docs/isa.md §4a's arithmetic, step by step, on integers; the output bytes [T][K]. */
        int[][] reference(float[] input, int steps) {
            int[] hq = new int[h];
            int[] c = new int[h];
            int[][] y = new int[steps][k];
            int zx = boundary.inputZero();
            for (int t = 0; t < steps; t++) {
                int[] x = new int[d];
                for (int j = 0; j < d; j++) {
                    double q = zx + Math.rint(input[t * d + j] / (double) boundary.inputScale());
                    x[j] = (int) Math.max(-128, Math.min(127, q));
                }
                int[] g = new int[4 * h];
                for (int r = 0; r < 4 * h; r++) {
                    long acc = bias[r];
                    for (int j = 0; j < d; j++) {
                        acc += w[r * (d + h) + j] * (x[j] - zx);
                    }
                    int gx = Int8Reference.sat(mbqm(acc, mx[r]), -32768, 32767);
                    long acch = 0;
                    for (int j = 0; j < h; j++) {
                        acch += w[r * (d + h) + d + j] * hq[j];
                    }
                    int pre = Int8Reference.sat(gx + (long) mbqm(acch, mh[r]), -32768, 32767);
                    g[r] = Int8Reference.apply(r / h == 2 ? Int8Reference.TANH : Int8Reference.SIGMOID, pre);
                }
                for (int j = 0; j < h; j++) {
                    c[j] = Int8Reference.sat(Int8Reference.mbqm(g[h + j] * c[j], 1 << 30, -14), -32768, 32767);
                    int ig = Int8Reference.sat(Int8Reference.mbqm(g[j] * g[2 * h + j], 1 << 30, cellBits - 29),
                            -32768, 32767);
                    c[j] = Int8Reference.sat((long) Int8Reference.mbqm(c[j], 1 << 30, 1)
                            + Int8Reference.mbqm(ig, 1 << 30, 1), -32768, 32767);
                    int q = Int8Reference.sat(Int8Reference.mbqm(c[j], 1 << 30, 13 - cellBits), -32768, 32767);
                    int th = Int8Reference.apply(Int8Reference.TANH, q);
                    hq[j] = Int8Reference.sat(Int8Reference.mbqm(g[3 * h + j] * th, 1 << 30, -22), -128, 127);
                }
                for (int r = 0; r < k; r++) {
                    long acc = by[r];
                    for (int j = 0; j < h; j++) {
                        acc += wy[r * h + j] * hq[j];
                    }
                    y[t][r] = Int8Reference.sat(boundary.outputZero() + (long) mbqm(acc, my[r]), -128, 127);
                }
            }
            return y;
        }

        private static int mbqm(long acc, Multiplier m) {
            return Int8Reference.mbqm(Int8Reference.sat(acc, Integer.MIN_VALUE, Integer.MAX_VALUE), m.multiplier(),
                    m.shift());
        }

        /** The image of the §4a program for this network. */
        Simulator image(int frameLimit) throws SimulationException {
            int hBytes = (h + 1) & ~1;
            int sysBytes = hBytes + 2 * h + 8 * h + 2 * h;
            Int8TestImage im = new Int8TestImage(d, k, frameLimit, sysBytes, w.length + wy.length
                    + (int) Int8Params.Fc.bytes(4 * h) * 2 + (int) Int8Params.Fc.bytes(k) + 6 * 32 + 64, boundary);
            long hAt = im.system;
            long cAt = hAt + hBytes;
            long gates = cAt + 2L * h;
            long tmp = gates + 8L * h;
            long wAt = im.put(w);
            long wyAt = im.put(wy);
            long recX = im.put(new Int8Params.Fc(Format.I16, boundary.inputZero(), 0, bias, mx).encode());
            long recH = im.put(new Int8Params.Fc(Format.I16, 0, 0, new int[4 * h], mh).encode());
            long recY = im.put(new Int8Params.Fc(Format.I8, 0, boundary.outputZero(), by, my).encode());
            long recFc = im.put(elementwise(Format.I16, new Multiplier(1 << 30, -14)));
            long recIg = im.put(elementwise(Format.I16, new Multiplier(1 << 30, cellBits - 29)));
            long recAdd = im.put(elementwise(Format.I16, Int8Params.IDENTITY));
            long recTanh = im.put(elementwise(Format.I16, new Multiplier(1 << 30, 13 - cellBits)));
            long recH8 = im.put(elementwise(Format.I8, new Multiplier(1 << 30, -22)));
            List<Instruction> p = new ArrayList<>();
            p.add(new Instruction(Opcode.STATE_INIT, Instruction.FLAG_ZERO, ActivationCode.NONE, h, 0, at(hAt),
                    Operand.NONE, Operand.NONE, Operand.NONE, 0, 0));
            p.add(new Instruction(Opcode.STATE_INIT, Instruction.FLAG_ZERO, ActivationCode.NONE, 2 * h, 0, at(cAt),
                    Operand.NONE, Operand.NONE, Operand.NONE, 0, 0));
            p.add(Instruction.loop(8, false));
            p.add(new Instruction(Opcode.FC, 0, ActivationCode.NONE, 4 * h, d, at(gates), at(wAt),
                    new Operand(im.input, d), at(recX), 0, d + h));
            p.add(new Instruction(Opcode.FC, Instruction.FLAG_ACCUMULATE, ActivationCode.LSTM_GATES, 4 * h, h,
                    at(gates), at(wAt + d), at(hAt), at(recH), h, d + h));
            p.add(binary(Opcode.MUL, cAt, gates + 2L * h, cAt, recFc));
            p.add(binary(Opcode.MUL, tmp, gates, gates + 4L * h, recIg));
            p.add(binary(Opcode.ADD, cAt, cAt, tmp, recAdd));
            p.add(new Instruction(Opcode.ACT, 0, ActivationCode.TANH, h, 0, at(tmp), at(cAt), Operand.NONE,
                    at(recTanh), 0, 0));
            p.add(binary(Opcode.MUL, hAt, gates + 6L * h, tmp, recH8));
            p.add(new Instruction(Opcode.FC, 0, ActivationCode.NONE, k, h, new Operand(im.output, k), at(wyAt),
                    at(hAt), at(recY), 0, 0));
            p.add(Instruction.halt());
            return im.load(p);
        }

        private Instruction binary(Opcode op, long dst, long a, long b, long rec) {
            return new Instruction(op, 0, ActivationCode.NONE, h, 0, at(dst), at(a), at(b), at(rec), 0, 0);
        }

        /** All operands int16 but dst, which is {@code dst}; M1 = m, M2 the identity (ADD's second term). */
        private static byte[] elementwise(Format dst, Multiplier m) {
            return new Int8Params.Elementwise(Format.I16, Format.I16, dst, 0, 0, 0, m, Int8Params.IDENTITY).encode();
        }

        private static Operand at(long offset) {
            return Operand.at(offset);
        }
    }

    /** Error figures of one scheme over many networks. */
    private static final class Errors {
        double max;
        double sumSq;
        long count;
        double relMax;

        void add(double[] exact, float[] approx, double range) {
            for (int i = 0; i < exact.length; i++) {
                double e = Math.abs(exact[i] - approx[i]);
                max = Math.max(max, e);
                relMax = Math.max(relMax, e / range);
                sumSq += e * e;
                count++;
            }
        }

        double rms() {
            return Math.sqrt(sumSq / count);
        }
    }

    private static double[][] sequence(Random rnd, int steps, int d) {
        double[][] x = new double[steps][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = (rnd.nextDouble() * 2 - 1) * (1 + j % 3) + 0.3 * (j % 2);
            }
        }
        return x;
    }

    @Test
    void randomNetworksGiveTheReferenceBitsAndTheirErrorIsMeasured() throws Exception {
        Random rnd = new Random(2026);
        Errors perRow = new Errors();
        Errors perTensor = new Errors();
        int networks = 40;
        for (int n = 0; n < networks; n++) {
            int d = rnd.nextInt(1, 9);
            int h = rnd.nextInt(1, 25);
            int k = rnd.nextInt(1, 6);
            int steps = rnd.nextInt(1, 13);
            FloatNet f = FloatNet.random(rnd, d, h, k);
            List<double[][]> calibration = new ArrayList<>();
            for (int s = 0; s < 8; s++) {
                calibration.add(sequence(rnd, steps, d));
            }
            double xMin = 0;
            double xMax = 0;
            double yMin = 0;
            double yMax = 0;
            double[] maxCell = {1e-3};
            for (double[][] x : calibration) {
                for (double[] row : x) {
                    for (double v : row) {
                        xMin = Math.min(xMin, v);
                        xMax = Math.max(xMax, v);
                    }
                }
                for (double[] row : f.run(x, maxCell)) {
                    for (double v : row) {
                        yMin = Math.min(yMin, v);
                        yMax = Math.max(yMax, v);
                    }
                }
            }
            for (boolean rows : new boolean[] {true, false}) {
                Int8Net q = Int8Net.quantize(f, xMin, xMax, yMin, yMax, maxCell[0], rows);
                Simulator sim = q.image(steps);
                for (double[][] x : calibration) {
                    float[] input = new float[steps * d];
                    for (int t = 0; t < steps; t++) {
                        for (int j = 0; j < d; j++) {
                            input[t * d + j] = (float) x[t][j];
                        }
                    }
                    float[] out = sim.predict(input, steps);
                    int[][] want = q.reference(input, steps);
                    byte[] raw = new byte[input.length];
                    for (int i = 0; i < raw.length; i++) {
                        raw[i] = q.boundary().quantizeInput(input[i]);
                    }
                    byte[] rawOut = sim.runRaw(raw, steps, true);
                    double[][] exact = f.run(x, new double[1]);
                    for (int t = 0; t < steps; t++) {
                        for (int r = 0; r < k; r++) {
                            assertEquals(q.boundary().dequantizeOutput((byte) want[t][r]), out[t * k + r],
                                    "network " + n + " step " + t + " output " + r);
                            assertEquals(want[t][r], rawOut[t * k + r], "raw: network " + n + " step " + t);
                        }
                        float[] got = new float[k];
                        System.arraycopy(out, t * k, got, 0, k);
                        (rows ? perRow : perTensor).add(exact[t], got, yMax - yMin);
                    }
                }
            }
        }
        System.out.println(String.format(Locale.ROOT, "Int8LstmTest: %d random LSTM+FC networks, int8 vs float:"
                + " per-row weight scales max |error| %.4f (%.2f%% of the output range), RMS %.4f;"
                + " per-tensor weight scales max |error| %.4f (%.2f%%), RMS %.4f", networks, perRow.max,
                100 * perRow.relMax, perRow.rms(), perTensor.max, 100 * perTensor.relMax, perTensor.rms()));
        assertTrue(perRow.relMax < 0.05, "per-row int8 error " + perRow.relMax + " of the output range");
    }
}
