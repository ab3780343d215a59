package io.github.lstmhdl.testing;

import io.github.lstmhdl.ir.Activation;
import io.github.lstmhdl.ir.ActivationLayer;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.FullyConnectedLayer;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.LstmDirection;
import io.github.lstmhdl.ir.LstmLayer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.ir.SoftmaxLayer;

/**
 * An independent float64 implementation of a network, straight from the equations (ONNX's LSTM with
 * canonical gate order i, f, g, o; peepholes i, f on c_{t-1} and o on c_t), for comparison with
 * compiled programs. It shares no code with the compiler.
 */
public final class ReferenceLstm {
    private ReferenceLstm() {
    }

    /**
     * Runs a network on one sequence from zero (or the declared initial) states.
     *
     * @param sequence [T][D]
     * @return [T][K] for a sequence output, else [1][K]; softmax layers are applied wherever they are
     */
    public static double[][] run(Network n, float[][] sequence) {
        return run(n, sequence, 0);
    }

    /**
     * Runs sequence {@code index} of a batch: like {@link #run(Network, float[][])}, but per-sequence
     * initial states [B, H] start from row {@code index}.
     */
    public static double[][] run(Network n, float[][] sequence, int index) {
        int t = sequence.length;
        double[][] x = new double[t][];
        for (int i = 0; i < t; i++) {
            x[i] = new double[sequence[i].length];
            for (int j = 0; j < sequence[i].length; j++) {
                x[i][j] = sequence[i][j];
            }
        }
        for (Layer layer : n.layers()) {
            if (layer instanceof LstmLayer lstm) {
                x = lstm(lstm, x, index);
            } else if (layer instanceof FullyConnectedLayer fc) {
                double[][] y = new double[x.length][];
                for (int i = 0; i < x.length; i++) {
                    y[i] = add(matVec(fc.weights(), x[i]), vec(fc.bias()));
                }
                x = y;
            } else if (layer instanceof ActivationLayer act) {
                double[][] y = new double[x.length][];
                for (int i = 0; i < x.length; i++) {
                    y[i] = new double[x[i].length];
                    for (int j = 0; j < x[i].length; j++) {
                        double v = x[i][j];
                        y[i][j] = switch (act.activation()) {
                            case RELU -> Math.max(0, v);
                            case SIGMOID -> sigmoid(v);
                            case TANH -> Math.tanh(v);
                            case ELU -> v >= 0 ? v : act.parameters().get(j) * Math.expm1(v);
                            case PRELU -> v >= 0 ? v : act.parameters().get(j) * v;
                            case GELU, GELU_TANH -> 0.5 * v * (1 + Math.tanh(0.7978845608028654 * (v + 0.044715 * v * v * v)));
                        };
                    }
                }
                x = y;
            } else if (layer instanceof SoftmaxLayer sm) {
                double[][] y = new double[x.length][];
                for (int i = 0; i < x.length; i++) {
                    y[i] = softmax(x[i], sm.logarithmic());
                }
                x = y;
            } else if (layer instanceof io.github.lstmhdl.ir.LayerNormLayer ln) {
                double[][] y = new double[x.length][];
                for (int i = 0; i < x.length; i++) {
                    int k = x[i].length;
                    double mean = java.util.Arrays.stream(x[i]).sum() / k;
                    double var = 0;
                    for (double v : x[i]) {
                        var += (v - mean) * (v - mean);
                    }
                    double root = Math.sqrt(var / k + ln.epsilon());
                    y[i] = new double[k];
                    for (int j = 0; j < k; j++) {
                        y[i][j] = (x[i][j] - mean) / root * ln.scale().get(j) + ln.offset().get(j);
                    }
                }
                x = y;
            }
        }
        return x;
    }

    /** Softmax (or log-softmax) of one vector. */
    public static double[] softmax(double[] v, boolean log) {
        double max = Double.NEGATIVE_INFINITY;
        for (double e : v) {
            max = Math.max(max, e);
        }
        double sum = 0;
        for (double e : v) {
            sum += Math.exp(e - max);
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = log ? v[i] - max - Math.log(sum) : Math.exp(v[i] - max) / sum;
        }
        return out;
    }

    private static double[][] lstm(LstmLayer layer, double[][] x, int index) {
        int steps = x.length;
        int h = layer.hiddenSize();
        int dirs = layer.direction().count();
        double[][] seqOut = new double[steps][h * dirs];
        double[] lastState = new double[h * dirs];
        double[] lastStep = new double[h * dirs];
        double[] lastCell = new double[h * dirs];
        for (int k = 0; k < dirs; k++) {
            LstmDirection p = layer.directions().get(k);
            boolean reverse = layer.direction() == Direction.REVERSE || k == 1;
            double[] hs = p.initialHidden().map(s0 -> state(s0, index, h)).orElse(new double[h]);
            double[] cs = p.initialCell().map(s0 -> state(s0, index, h)).orElse(new double[h]);
            double[] peep = p.peepholes().map(ReferenceLstm::vec).orElse(new double[3 * h]);
            double[] bias = vec(p.bias());
            // the direction's activations f, g, h (sigmoid, tanh, tanh unless the layer says otherwise)
            Activation fAct = layer.activations(k).get(0);
            Activation gAct = layer.activations(k).get(1);
            Activation hAct = layer.activations(k).get(2);
            for (int s = 0; s < steps; s++) {
                int t = reverse ? steps - 1 - s : s;
                double[] z = add(add(matVec(p.inputWeights(), x[t]), matVec(p.recurrentWeights(), hs)), bias);
                double[] c = new double[h];
                double[] hn = new double[h];
                for (int j = 0; j < h; j++) {
                    double i = apply(fAct, z[j] + peep[j] * cs[j]);
                    double f = apply(fAct, z[h + j] + peep[h + j] * cs[j]);
                    double g = apply(gAct, z[2 * h + j]);
                    c[j] = f * cs[j] + i * g;
                    double o = apply(fAct, z[3 * h + j] + peep[2 * h + j] * c[j]);
                    hn[j] = o * apply(hAct, c[j]);
                }
                hs = hn;
                cs = c;
                System.arraycopy(hs, 0, seqOut[t], k * h, h);
                if (t == steps - 1) {
                    System.arraycopy(hs, 0, lastStep, k * h, h);
                }
            }
            System.arraycopy(hs, 0, lastState, k * h, h);
            System.arraycopy(cs, 0, lastCell, k * h, h);
        }
        OutputMode mode = layer.outputMode();
        return switch (mode) {
            case SEQUENCE -> seqOut;
            case LAST_STATE -> new double[][] {lastState};
            case LAST_STEP -> new double[][] {lastStep};
            case LAST_CELL -> new double[][] {lastCell};
        };
    }

    /** An LSTM activation: sigmoid, tanh or ReLU. */
    private static double apply(Activation a, double v) {
        return switch (a) {
            case SIGMOID -> sigmoid(v);
            case TANH -> Math.tanh(v);
            case RELU -> Math.max(0, v);
            default -> throw new IllegalArgumentException("no LSTM activation " + a);
        };
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** A state [H], or row {@code index} of per-sequence states [B, H]. */
    private static double[] state(FloatTensor s, int index, int h) {
        double[] all = vec(s);
        return s.rank() == 2 ? java.util.Arrays.copyOfRange(all, index * h, (index + 1) * h) : all;
    }

    private static double[] vec(FloatTensor t) {
        double[] v = new double[t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.get(i);
        }
        return v;
    }

    private static double[] matVec(FloatTensor w, double[] x) {
        int rows = w.dim(0);
        int cols = w.dim(1);
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int c = 0; c < cols; c++) {
                s += w.get(r, c) * x[c];
            }
            y[r] = s;
        }
        return y;
    }

    private static double[] add(double[] a, double[] b) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = a[i] + b[i];
        }
        return y;
    }
}
