package io.github.lstmhdl.testing;

import io.github.lstmhdl.ir.ActivationLayer;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.FullyConnectedLayer;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.LstmDirection;
import io.github.lstmhdl.ir.LstmLayer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.ir.SoftmaxLayer;

/**
 * An independent float64 evaluator of an IR {@link Network} on one sequence, written straight from
 * the LSTM equations (canonical gate order i, f, g, o; peepholes i, f, o; the output gate's peephole
 * sees the new cell state), as a test oracle for importers and the compiler.
 */
public final class ReferenceLstm {
    private ReferenceLstm() {
    }

    /**
     * Runs {@code network} on {@code sequence} ([T][D]) from zero (or the layers' initial) state.
     *
     * @return [T][K] when the network returns a sequence, else [1][K]
     */
    public static double[][] run(Network network, float[][] sequence) {
        double[][] x = new double[sequence.length][];
        for (int t = 0; t < sequence.length; t++) {
            x[t] = new double[sequence[t].length];
            for (int j = 0; j < x[t].length; j++) {
                x[t][j] = sequence[t][j];
            }
        }
        for (Layer layer : network.layers()) {
            x = apply(layer, x);
        }
        return x;
    }

    /** Runs one layer on [T][in] rows. */
    public static double[][] apply(Layer layer, double[][] x) {
        if (layer instanceof LstmLayer l) {
            return lstm(l, x);
        }
        double[][] out = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            out[t] = step(layer, x[t]);
        }
        return out;
    }

    private static double[] step(Layer layer, double[] v) {
        if (layer instanceof FullyConnectedLayer fc) {
            return affine(fc.weights(), fc.bias(), v);
        }
        if (layer instanceof ActivationLayer a) {
            double[] out = new double[v.length];
            for (int j = 0; j < v.length; j++) {
                out[j] = switch (a.activation()) {
                    case RELU -> Math.max(0, v[j]);
                    case SIGMOID -> sigmoid(v[j]);
                    case TANH -> Math.tanh(v[j]);
                };
            }
            return out;
        }
        SoftmaxLayer s = (SoftmaxLayer) layer;
        double max = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            max = Math.max(max, d);
        }
        double sum = 0;
        for (double d : v) {
            sum += Math.exp(d - max);
        }
        double[] out = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = s.logarithmic() ? v[j] - max - Math.log(sum) : Math.exp(v[j] - max) / sum;
        }
        return out;
    }

    private static double[] affine(FloatTensor w, FloatTensor b, double[] v) {
        int rows = w.dim(0);
        int cols = w.dim(1);
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            double acc = b.get(r);
            for (int c = 0; c < cols; c++) {
                acc += w.get(r, c) * v[c];
            }
            out[r] = acc;
        }
        return out;
    }

    private static double[][] lstm(LstmLayer layer, double[][] x) {
        int steps = x.length;
        int h = layer.hiddenSize();
        int dirs = layer.direction().count();
        double[][] seq = new double[steps][h * dirs];
        double[][] lastH = new double[dirs][];
        double[][] lastC = new double[dirs][];
        for (int d = 0; d < dirs; d++) {
            boolean backward = layer.direction() == io.github.lstmhdl.ir.Direction.REVERSE || d == 1;
            LstmDirection p = layer.directions().get(d);
            double[] hs = vector(p.initialHidden().orElse(null), h);
            double[] cs = vector(p.initialCell().orElse(null), h);
            FloatTensor peep = p.peepholes().orElse(null);
            for (int k = 0; k < steps; k++) {
                int t = backward ? steps - 1 - k : k;
                double[] a = affine(p.inputWeights(), p.bias(), x[t]);
                double[] r = affine(p.recurrentWeights(), FloatTensor.zeros(4 * h), hs);
                double[] nh = new double[h];
                double[] nc = new double[h];
                for (int j = 0; j < h; j++) {
                    double pi = peep == null ? 0 : peep.get(j);
                    double pf = peep == null ? 0 : peep.get(h + j);
                    double po = peep == null ? 0 : peep.get(2 * h + j);
                    double i = sigmoid(a[j] + r[j] + pi * cs[j]);
                    double f = sigmoid(a[h + j] + r[h + j] + pf * cs[j]);
                    double g = Math.tanh(a[2 * h + j] + r[2 * h + j]);
                    nc[j] = f * cs[j] + i * g;
                    double o = sigmoid(a[3 * h + j] + r[3 * h + j] + po * nc[j]);
                    nh[j] = o * Math.tanh(nc[j]);
                }
                hs = nh;
                cs = nc;
                System.arraycopy(hs, 0, seq[t], d * h, h);
            }
            lastH[d] = hs;
            lastC[d] = cs;
        }
        OutputMode mode = layer.outputMode();
        return switch (mode) {
            case SEQUENCE -> seq;
            case LAST_STEP -> new double[][] {steps == 0 ? new double[h * dirs] : seq[steps - 1]};
            case LAST_STATE -> new double[][] {concat(lastH, h)};
            case LAST_CELL -> new double[][] {concat(lastC, h)};
        };
    }

    private static double[] concat(double[][] parts, int h) {
        double[] out = new double[parts.length * h];
        for (int d = 0; d < parts.length; d++) {
            System.arraycopy(parts[d], 0, out, d * h, h);
        }
        return out;
    }

    private static double[] vector(FloatTensor t, int n) {
        double[] v = new double[n];
        if (t != null) {
            for (int i = 0; i < n; i++) {
                v[i] = t.get(i);
            }
        }
        return v;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
