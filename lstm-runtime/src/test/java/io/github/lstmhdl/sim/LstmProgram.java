package io.github.lstmhdl.sim;

import static io.github.lstmhdl.isa.Instruction.FLAG_ACCUMULATE;
import static io.github.lstmhdl.isa.Instruction.FLAG_LAST_ITERATION;
import static io.github.lstmhdl.isa.Instruction.FLAG_ZERO;

import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.isa.Operand;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A hand-assembled one-layer LSTM (gate order i, f, g, o; fused gate weights [4H][D+H] = [W | R]) with
 * random weights, and a float64 reference of the same network. The fused variant copies x_t next to
 * h_{t-1} and runs one FC with LSTM_GATES per step; the split variant runs an FC over x_t (with bias)
 * and an accumulating FC over h_{t-1} (row stride D+H), exercising row strides and accumulation.
 */
final class LstmProgram {
    final int d;
    final int h;
    final boolean reverse;
    final boolean lastOnly;
    final float[] w;
    final float[] bias;
    final float[] h0;
    final TestImage image;
    final List<Instruction> program;

    LstmProgram(int d, int h, int frameLimit, boolean reverse, boolean lastOnly, boolean split, long seed) {
        this.d = d;
        this.h = h;
        this.reverse = reverse;
        this.lastOnly = lastOnly;
        Random rnd = new Random(seed);
        int cols = d + h;
        w = new float[4 * h * cols];
        bias = new float[4 * h];
        h0 = new float[h];
        double scale = 1.0 / Math.sqrt(cols);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale * 2);
        }
        for (int i = 0; i < bias.length; i++) {
            bias[i] = (float) (rnd.nextDouble() - 0.5);
        }
        for (int i = 0; i < h; i++) {
            h0[i] = (float) (rnd.nextDouble() - 0.5);
        }
        float[] weights = new float[w.length + bias.length + h0.length];
        System.arraycopy(w, 0, weights, 0, w.length);
        System.arraycopy(bias, 0, weights, w.length, bias.length);
        System.arraycopy(h0, 0, weights, w.length + bias.length, h0.length);
        // system buffer: cat [D+H] (h state at cat+D), c [H], gates [4H], tmp1 [H], tmp2 [H]
        int cat = 0;
        int hs = d;
        int c = cols;
        int gates = c + h;
        int tmp1 = gates + 4 * h;
        int tmp2 = tmp1 + h;
        image = new TestImage(d, h, frameLimit, !lastOnly, tmp2 + h, weights);
        TestImage im = image;
        long wOff = im.w(0);
        long bOff = im.w(w.length);
        long h0Off = im.w(w.length + bias.length);
        List<Instruction> p = new ArrayList<>();
        p.add(Instruction.elementwise(Opcode.STATE_INIT, Operand.at(im.sys(hs)), Operand.at(h0Off), Operand.NONE, h, 0));
        p.add(Instruction.elementwise(Opcode.STATE_INIT, Operand.at(im.sys(c)), Operand.NONE, Operand.NONE, h, FLAG_ZERO));
        List<Instruction> body = new ArrayList<>();
        Operand xt = new Operand(im.in(0, 0), 4 * d);
        Operand g = Operand.at(im.sys(gates));
        if (split) {
            body.add(Instruction.fc(g, Operand.at(wOff), xt, Operand.at(bOff), 4 * h, d, ActivationCode.NONE, 0, 0, cols));
            body.add(Instruction.fc(g, Operand.at(wOff + 4L * d), Operand.at(im.sys(hs)), Operand.NONE, 4 * h, h,
                    ActivationCode.LSTM_GATES, FLAG_ACCUMULATE, h, cols));
        } else {
            body.add(Instruction.elementwise(Opcode.COPY, Operand.at(im.sys(cat)), xt, Operand.NONE, d, 0));
            body.add(Instruction.fc(g, Operand.at(wOff), Operand.at(im.sys(cat)), Operand.at(bOff), 4 * h, cols,
                    ActivationCode.LSTM_GATES, 0, h, 0));
        }
        Operand gi = Operand.at(im.sys(gates));
        Operand gf = Operand.at(im.sys(gates + h));
        Operand gg = Operand.at(im.sys(gates + 2 * h));
        Operand go = Operand.at(im.sys(gates + 3 * h));
        Operand cs = Operand.at(im.sys(c));
        Operand t1 = Operand.at(im.sys(tmp1));
        Operand t2 = Operand.at(im.sys(tmp2));
        Operand hState = Operand.at(im.sys(hs));
        body.add(Instruction.elementwise(Opcode.MUL, t1, gf, cs, h, 0));
        body.add(Instruction.elementwise(Opcode.MUL, t2, gi, gg, h, 0));
        body.add(Instruction.elementwise(Opcode.ADD, cs, t1, t2, h, 0));
        body.add(Instruction.activation(ActivationCode.TANH, t1, cs, h, 0));
        body.add(Instruction.elementwise(Opcode.MUL, hState, go, t1, h, 0));
        if (lastOnly) {
            body.add(Instruction.elementwise(Opcode.COPY, Operand.at(im.out(0)), hState, Operand.NONE, h,
                    FLAG_LAST_ITERATION));
        } else {
            body.add(Instruction.elementwise(Opcode.COPY, new Operand(im.out(0), 4 * h), hState, Operand.NONE, h, 0));
        }
        p.add(Instruction.loop(body.size(), reverse));
        p.addAll(body);
        p.add(Instruction.halt());
        program = p;
    }

    /**
     * The float64 reference: h and c start from the given states (null: h0 and zeros) and are updated
     * in place; returns the outputs ((lastOnly ? 1 : T) × H).
     */
    double[] reference(float[] x, int steps, double[] hState, double[] cState) {
        int cols = d + h;
        double[] hv = hState;
        double[] cv = cState;
        double[] out = new double[(lastOnly ? 1 : steps) * h];
        double[] z = new double[4 * h];
        for (int j = 0; j < steps; j++) {
            int t = reverse ? steps - 1 - j : j;
            for (int r = 0; r < 4 * h; r++) {
                double s = bias[r];
                for (int k = 0; k < d; k++) {
                    s += (double) w[r * cols + k] * x[t * d + k];
                }
                for (int k = 0; k < h; k++) {
                    s += (double) w[r * cols + d + k] * hv[k];
                }
                z[r] = s;
            }
            for (int k = 0; k < h; k++) {
                double i = sig(z[k]);
                double f = sig(z[h + k]);
                double g = Math.tanh(z[2 * h + k]);
                double o = sig(z[3 * h + k]);
                cv[k] = f * cv[k] + i * g;
                hv[k] = o * Math.tanh(cv[k]);
            }
            if (!lastOnly) {
                System.arraycopy(hv, 0, out, t * h, h);
            }
        }
        if (lastOnly) {
            System.arraycopy(hv, 0, out, 0, h);
        }
        return out;
    }

    double[] initialH() {
        double[] v = new double[h];
        for (int i = 0; i < h; i++) {
            v[i] = h0[i];
        }
        return v;
    }

    private static double sig(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
