package io.github.lstmhdl.ptq;

import io.github.lstmhdl.ir.ActivationLayer;
import io.github.lstmhdl.ir.ConvolutionLayer;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.FullyConnectedLayer;
import io.github.lstmhdl.ir.GruLayer;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.LayerNormLayer;
import io.github.lstmhdl.ir.LstmDirection;
import io.github.lstmhdl.ir.LstmLayer;
import io.github.lstmhdl.ir.MaxPoolLayer;
import io.github.lstmhdl.ir.WindowedLayer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.ir.RecurrentLayer;
import io.github.lstmhdl.ir.SoftmaxLayer;

import java.util.HashMap;
import java.util.Map;

/**
 * The network evaluated in double precision, layer by layer, as the float reference of a quantization:
 * it records the range of every tensor the int8 network quantizes (the input, each layer's output, each
 * LSTM direction's largest |c|), which is what calibration is, and gives the float output the accuracy
 * report compares with (FloatEvaluatorTest checks it against the float32 image). It evaluates every
 * layer kind; {@link Int8Builder} rejects what int8 does not cover (peepholes, initial states) before any
 * evaluation. Not thread-safe (it accumulates ranges).
 */
final class FloatEvaluator {
    /** Per tensor name: {min, max} over everything evaluated so far. */
    private final Map<String, double[]> ranges = new HashMap<>();
    private final Network network;

    FloatEvaluator(Network network) {
        this.network = network;
    }

    /** The key of the network input's range. */
    static final String INPUT = "";

    /** The key of the range of |c| of direction k of LSTM layer {@code layer}. */
    static String cell(String layer, int k) {
        return layer + ".c" + k;
    }

    /**
     * The key of the largest |gate pre-activation| of direction k of LSTM layer {@code layer}: of the input
     * part W_x·x + b alone and of the whole sum, as the int8 program saturates both.
     */
    static String gates(String layer, int k) {
        return layer + ".gates" + k;
    }

    /** {min, max} of a tensor (both 0 when never seen). */
    double[] range(String name) {
        return ranges.getOrDefault(name, new double[2]).clone();
    }

    private void record(String name, double[][] v) {
        double[] r = ranges.computeIfAbsent(name, k -> new double[2]);
        for (double[] row : v) {
            for (double x : row) {
                r[0] = Math.min(r[0], x);
                r[1] = Math.max(r[1], x);
            }
        }
    }

    /**
     * Evaluates one sample (frames of D features), recording the ranges; returns the output, one row per
     * step for a sequence output, else one row. A softmax last layer is applied too (the float output a
     * host sees).
     */
    double[][] run(float[] frames, int steps) {
        int d = network.input().featureSize();
        double[][] v = new double[steps][d];
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < d; j++) {
                v[t][j] = frames[t * d + j];
            }
        }
        record(INPUT, v);
        for (Layer layer : network.layers()) {
            v = layer(layer, v);
            record(layer.name(), v);
        }
        return v;
    }

    private double[][] layer(Layer layer, double[][] in) {
        return layer.accept(new Layer.Cases<double[][], RuntimeException>() {
            @Override
            public double[][] lstm(LstmLayer l) {
                return FloatEvaluator.this.lstm(l, in);
            }

            @Override
            public double[][] gru(GruLayer g) {
                return FloatEvaluator.this.gru(g, in);
            }

            @Override
            public double[][] fullyConnected(FullyConnectedLayer f) {
                return fc(f.weights(), f.bias(), in);
            }

            @Override
            public double[][] activation(ActivationLayer a) {
                return map(in, x -> switch (a.activation()) {
                    case RELU -> Math.max(0, x);
                    case SIGMOID -> sigmoid(x);
                    case TANH -> Math.tanh(x);
                    case ELU, PRELU, GELU, GELU_TANH -> throw new IllegalStateException("Int8Builder rejects "
                            + a.typeName());
                });
            }

            @Override
            public double[][] softmax(SoftmaxLayer s) {
                return FloatEvaluator.softmax(in, s.logarithmic());
            }

            @Override
            public double[][] convolution(ConvolutionLayer c) {
                return FloatEvaluator.convolution(c, in);
            }

            @Override
            public double[][] maxPool(MaxPoolLayer m) {
                return FloatEvaluator.maxPool(m, in);
            }

            @Override
            public double[][] layerNorm(LayerNormLayer l) {
                throw new IllegalStateException("Int8Builder rejects " + l.typeName());
            }
        });
    }

    /** A 1-D convolution over the steps of {@code in}, with its padding, in double. */
    static double[][] convolution(ConvolutionLayer c, double[][] in) {
        int length = in.length;
        int before = c.padBefore();
        int cin = c.inputSize();
        int k = c.kernelSize();
        float[] w = c.weights().toArray();
        float[] b = c.bias().toArray();
        double[][] out = new double[(int) c.outputLength(length)][c.outputSize()];
        for (int j = 0; j < out.length; j++) {
            for (int o = 0; o < out[j].length; o++) {
                double s = b[o];
                for (int tap = 0; tap < k; tap++) {
                    int p = j * c.stride() + tap * c.dilation() - before;
                    for (int ch = 0; ch < cin; ch++) {
                        s += w[(o * cin + ch) * k + tap] * padded(c, in, p, ch);
                    }
                }
                out[j][o] = s;
            }
        }
        return out;
    }

    /** Max pooling over the steps of {@code in}, with its padding. */
    static double[][] maxPool(MaxPoolLayer m, double[][] in) {
        double[][] out = new double[(int) m.outputLength(in.length)][m.size()];
        for (int j = 0; j < out.length; j++) {
            for (int ch = 0; ch < m.size(); ch++) {
                double v = Double.NEGATIVE_INFINITY;
                for (int tap = 0; tap < m.kernelSize(); tap++) {
                    v = Math.max(v, padded(m, in, j * m.stride() + tap * m.dilation() - m.padBefore(), ch));
                }
                out[j][ch] = v;
            }
        }
        return out;
    }

    /** Element {@code ch} of frame {@code p} of the padded input (p below 0 or beyond the input: padding). */
    private static double padded(WindowedLayer c, double[][] in, int p, int ch) {
        if (p >= 0 && p < in.length) {
            return in[p][ch];
        }
        if (c.padMode() == ConvolutionLayer.PadMode.CONSTANT) {
            return c.padValue();
        }
        return in[p < 0 ? -p : 2 * (in.length - 1) - p][ch];
    }

    private static double[][] map(double[][] in, java.util.function.DoubleUnaryOperator f) {
        double[][] out = new double[in.length][];
        for (int t = 0; t < in.length; t++) {
            out[t] = new double[in[t].length];
            for (int j = 0; j < in[t].length; j++) {
                out[t][j] = f.applyAsDouble(in[t][j]);
            }
        }
        return out;
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double[][] softmax(double[][] in, boolean log) {
        double[][] out = new double[in.length][];
        for (int t = 0; t < in.length; t++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double x : in[t]) {
                max = Math.max(max, x);
            }
            double sum = 0;
            for (double x : in[t]) {
                sum += Math.exp(x - max);
            }
            out[t] = new double[in[t].length];
            for (int j = 0; j < in[t].length; j++) {
                out[t][j] = log ? in[t][j] - max - Math.log(sum) : Math.exp(in[t][j] - max) / sum;
            }
        }
        return out;
    }

    private static double[][] fc(FloatTensor w, FloatTensor b, double[][] in) {
        int rows = w.dim(0);
        int cols = w.dim(1);
        double[][] out = new double[in.length][rows];
        for (int t = 0; t < in.length; t++) {
            for (int r = 0; r < rows; r++) {
                double s = b.get(r);
                for (int c = 0; c < cols; c++) {
                    s += w.get(r, c) * in[t][c];
                }
                out[t][r] = s;
            }
        }
        return out;
    }

    /** One direction's cell: the next hidden state from the input x_t and the hidden state (it may keep more). */
    @FunctionalInterface
    private interface Cell {
        double[] step(double[] x, double[] h);
    }

    /**
     * A recurrent layer direction by direction (direction k of a bidirectional layer, or a REVERSE one,
     * walks t backwards), its output as the output mode says: h of every step at features k·H, or the h of
     * step T − 1 (LAST_STEP) or the final h (LAST_STATE).
     */
    private static double[][] recurrent(RecurrentLayer layer, double[][] in, int h,
            java.util.function.IntFunction<Cell> cells) {
        int steps = in.length;
        int dirs = layer.direction().count();
        OutputMode mode = layer.outputMode();
        double[][] out = new double[mode.isSequence() ? steps : 1][dirs * h];
        for (int k = 0; k < dirs; k++) {
            boolean reverse = layer.direction() == io.github.lstmhdl.ir.Direction.REVERSE || k == 1;
            Cell cell = cells.apply(k);
            double[] hs = new double[h];
            for (int i = 0; i < steps; i++) {
                int t = reverse ? steps - 1 - i : i;
                hs = cell.step(in[t], hs);
                if (mode.isSequence()) {
                    System.arraycopy(hs, 0, out[t], k * h, h);
                } else if (mode == OutputMode.LAST_STEP && (reverse ? i == 0 : i == steps - 1)) {
                    System.arraycopy(hs, 0, out[0], k * h, h);
                }
            }
            if (mode == OutputMode.LAST_STATE) {
                System.arraycopy(hs, 0, out[0], k * h, h);
            }
        }
        return out;
    }

    private double[][] lstm(LstmLayer layer, double[][] in) {
        int h = layer.directions().get(0).hiddenSize();
        return recurrent(layer, in, h, k -> {
            LstmDirection p = layer.directions().get(k);
            double[] cs = new double[h];
            double[] range = ranges.computeIfAbsent(cell(layer.name(), k), key -> new double[2]);
            double[] pre = ranges.computeIfAbsent(gates(layer.name(), k), key -> new double[2]);
            return (x, hs) -> {
                double[] g = new double[4 * h];
                for (int r = 0; r < 4 * h; r++) {
                    double s = p.bias().get(r);
                    for (int c = 0; c < x.length; c++) {
                        s += p.inputWeights().get(r, c) * x[c];
                    }
                    pre[1] = Math.max(pre[1], Math.abs(s));
                    for (int c = 0; c < h; c++) {
                        s += p.recurrentWeights().get(r, c) * hs[c];
                    }
                    pre[1] = Math.max(pre[1], Math.abs(s));
                    g[r] = r / h == 2 ? Math.tanh(s) : sigmoid(s);
                }
                double[] next = new double[h];
                for (int j = 0; j < h; j++) {
                    cs[j] = g[h + j] * cs[j] + g[j] * g[2 * h + j];
                    next[j] = g[3 * h + j] * Math.tanh(cs[j]);
                    range[1] = Math.max(range[1], Math.abs(cs[j]));
                }
                return next;
            };
        });
    }

    /**
     * A GRU (gate blocks z, r, h; either reset form), recording the largest |pre-activation| of every gate
     * part the int8 program holds in its gate scale (the input parts, the sums, the recurrent candidate
     * part q = R_h h + Rb_h) under {@link #gates}.
     */
    private double[][] gru(GruLayer layer, double[][] in) {
        int h = layer.directions().get(0).hiddenSize();
        return recurrent(layer, in, h, k -> {
            GruLayer.Parameters p = layer.directions().get(k);
            double[] pre = ranges.computeIfAbsent(gates(layer.name(), k), key -> new double[2]);
            return (xt, hs) -> {
                double[] x = new double[3 * h];
                double[] rec = new double[3 * h];
                for (int r = 0; r < 3 * h; r++) {
                    double s = p.inputBias().get(r);
                    for (int c = 0; c < xt.length; c++) {
                        s += p.inputWeights().get(r, c) * xt[c];
                    }
                    x[r] = s;
                    double q = p.recurrentBias().get(r);
                    for (int c = 0; c < h; c++) {
                        q += p.recurrentWeights().get(r, c) * hs[c];
                    }
                    rec[r] = q;
                }
                double[] z = new double[h];
                double[] r = new double[h];
                for (int j = 0; j < h; j++) {
                    z[j] = sigmoid(x[j] + rec[j]);
                    r[j] = sigmoid(x[h + j] + rec[h + j]);
                    for (double v : new double[] {x[j], x[h + j], x[2 * h + j], x[j] + rec[j], x[h + j] + rec[h + j],
                        rec[2 * h + j]}) {
                        pre[1] = Math.max(pre[1], Math.abs(v));
                    }
                }
                double[] next = new double[h];
                for (int j = 0; j < h; j++) {
                    double nPre;
                    if (layer.resetAfter()) {
                        nPre = x[2 * h + j] + r[j] * rec[2 * h + j];
                    } else {
                        double s = x[2 * h + j] + p.recurrentBias().get(2 * h + j);
                        for (int c = 0; c < h; c++) {
                            s += p.recurrentWeights().get(2 * h + j, c) * r[c] * hs[c];
                        }
                        nPre = s;
                    }
                    pre[1] = Math.max(pre[1], Math.abs(nPre));
                    next[j] = (1 - z[j]) * Math.tanh(nPre) + z[j] * hs[j];
                }
                return next;
            };
        });
    }
}
