package io.github.lstmhdl.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.image.ImageMetadata.TensorSpec;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.isa.Operand;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Source layouts to per-sequence [T][D] and back: ONNX, Keras and JSON inputs; Y, Y_h and head outputs. */
class BatchLayoutTest {
    private static final int T = 4;
    private static final int N = 3;
    private static final int D = 5;
    private static final int H = 2;

    private static TensorSpec spec(int features, boolean sequence, int directions, String... axes) {
        return new TensorSpec("t", features, sequence, directions, List.of(axes), 0, 0);
    }

    private static final TensorSpec ANY_OUT = spec(1, false, 1, "BATCH", "FEATURE");

    private static float[] iota(int n) {
        float[] v = new float[n];
        Random rnd = new Random(n);
        for (int i = 0; i < n; i++) {
            v[i] = i + (float) rnd.nextDouble() / 2;
        }
        return v;
    }

    @Test
    void onnxTimeBatchFeature() throws Exception {
        float[] data = iota(T * N * D);
        BatchLayout.Sequences s = BatchLayout.of(spec(D, true, 1, "TIME", "BATCH", "FEATURE"), ANY_OUT)
                .split(new int[] {T, N, D}, data);
        assertEquals(T, s.timeSteps());
        assertEquals(N, s.sequences().size());
        for (int n = 0; n < N; n++) {
            for (int t = 0; t < T; t++) {
                for (int d = 0; d < D; d++) {
                    assertEquals(data[(t * N + n) * D + d], s.sequences().get(n)[t * D + d]);
                }
            }
        }
    }

    @Test
    void kerasBatchTimeFeature() throws Exception {
        float[] data = iota(N * T * D);
        BatchLayout.Sequences s = BatchLayout.of(spec(D, true, 1, "BATCH", "TIME", "FEATURE"), ANY_OUT)
                .split(new int[] {N, T, D}, data);
        assertEquals(T, s.timeSteps());
        for (int n = 0; n < N; n++) {
            for (int t = 0; t < T; t++) {
                for (int d = 0; d < D; d++) {
                    assertEquals(data[(n * T + t) * D + d], s.sequences().get(n)[t * D + d]);
                }
            }
        }
    }

    @Test
    void jsonTimeFeature() throws Exception {
        float[] data = iota(T * D);
        BatchLayout.Sequences s = BatchLayout.of(spec(D, true, 1, "TIME", "FEATURE"), ANY_OUT)
                .split(new int[] {T, D}, data);
        assertEquals(T, s.timeSteps());
        assertEquals(1, s.sequences().size());
        assertArrayEquals(data, s.sequences().get(0));
    }

    private static List<float[]> perSequence(int rows, int features) {
        List<float[]> outs = new ArrayList<>();
        for (int n = 0; n < N; n++) {
            float[] o = new float[rows * features];
            for (int i = 0; i < o.length; i++) {
                o[i] = 1000 * n + i;
            }
            outs.add(o);
        }
        return outs;
    }

    @Test
    void onnxYTimeDirectionBatchHidden() throws Exception {
        BatchLayout layout = BatchLayout.of(spec(D, true, 1, "TIME", "BATCH", "FEATURE"),
                spec(2 * H, true, 2, "TIME", "DIRECTION", "BATCH", "FEATURE"));
        Tensor y = layout.assemble(perSequence(T, 2 * H), T);
        assertArrayEquals(new int[] {T, 2, N, H}, y.shape());
        float[] data = y.data();
        for (int t = 0; t < T; t++) {
            for (int dir = 0; dir < 2; dir++) {
                for (int n = 0; n < N; n++) {
                    for (int k = 0; k < H; k++) {
                        // processor step t of sequence n: [forward H | reverse H]
                        float expected = 1000 * n + t * 2 * H + dir * H + k;
                        assertEquals(expected, data[((t * 2 + dir) * N + n) * H + k]);
                    }
                }
            }
        }
    }

    @Test
    void onnxYhDirectionBatchHidden() throws Exception {
        BatchLayout layout = BatchLayout.of(spec(D, true, 1, "TIME", "BATCH", "FEATURE"),
                spec(2 * H, false, 2, "DIRECTION", "BATCH", "FEATURE"));
        Tensor yh = layout.assemble(perSequence(1, 2 * H), T);
        assertArrayEquals(new int[] {2, N, H}, yh.shape());
        float[] data = yh.data();
        for (int dir = 0; dir < 2; dir++) {
            for (int n = 0; n < N; n++) {
                for (int k = 0; k < H; k++) {
                    assertEquals(1000 * n + dir * H + k, data[(dir * N + n) * H + k]);
                }
            }
        }
    }

    @Test
    void headBatchClasses() throws Exception {
        int k = 3;
        BatchLayout layout = BatchLayout.of(spec(D, true, 1, "BATCH", "TIME", "FEATURE"),
                spec(k, false, 1, "BATCH", "FEATURE"));
        Tensor head = layout.assemble(perSequence(1, k), T);
        assertArrayEquals(new int[] {N, k}, head.shape());
        float[] data = head.data();
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < k; c++) {
                assertEquals(1000 * n + c, data[n * k + c]);
            }
        }
    }

    @Test
    void unitAxesAndALastStepTimeAxisHaveSizeOne() throws Exception {
        BatchLayout layout = BatchLayout.of(spec(D, true, 1, "TIME", "BATCH", "FEATURE"),
                spec(H, false, 1, "TIME", "UNIT", "BATCH", "FEATURE"));
        assertArrayEquals(new int[] {1, 1, N, H}, layout.outputShape(N, T));
    }

    @Test
    void shapesThatDoNotFitTheAxesAreRejected() throws Exception {
        BatchLayout layout = BatchLayout.of(spec(D, true, 1, "TIME", "BATCH", "FEATURE"), ANY_OUT);
        SimulationException rank = assertThrows(SimulationException.class,
                () -> layout.split(new int[] {T, D}, new float[T * D]));
        assertTrue(rank.getMessage().contains("rank 2"), rank.getMessage());
        SimulationException feature = assertThrows(SimulationException.class,
                () -> layout.split(new int[] {T, N, D + 1}, new float[T * N * (D + 1)]));
        assertTrue(feature.getMessage().contains("(FEATURE)") && feature.getMessage().contains("expected " + D),
                feature.getMessage());
        assertThrows(SimulationException.class, () -> layout.split(new int[] {T, N, D}, new float[7]));
        assertThrows(SimulationException.class, () -> layout.split(new int[] {0, N, D}, new float[0]));
        assertThrows(SimulationException.class,
                () -> BatchLayout.of(spec(D, true, 1, "TIME", "TIME", "FEATURE"), ANY_OUT));
        assertThrows(SimulationException.class,
                () -> BatchLayout.of(spec(D, true, 1, "TIME", "CHANNEL"), ANY_OUT));
        assertThrows(SimulationException.class,
                () -> BatchLayout.of(spec(D, true, 1, "TIME", "FEATURE"), spec(3, true, 2, "TIME", "DIRECTION", "FEATURE")));
    }

    @Test
    void runTensorRunsEachSequenceAndAssemblesTheSourceOutput() throws Exception {
        // the "network": y_t = [x_t | 2 x_t] as two directions of D features each
        TestImage im = new TestImage(D, 2 * D, 8, true, 1, new float[1]);
        im.inputSpec = spec(D, true, 1, "TIME", "BATCH", "FEATURE");
        im.outputSpec = spec(2 * D, true, 2, "TIME", "DIRECTION", "BATCH", "FEATURE");
        List<Instruction> p = List.of(
                Instruction.loop(2, false),
                Instruction.elementwise(Opcode.COPY, new Operand(im.out(0), 8 * D), new Operand(im.in(0, 0), 4 * D),
                        Operand.NONE, D, 0),
                Instruction.elementwise(Opcode.ADD, new Operand(im.out(D), 8 * D), new Operand(im.in(0, 0), 4 * D),
                        new Operand(im.in(0, 0), 4 * D), D, 0),
                Instruction.halt());
        Simulator sim = im.load(p);
        float[] x = iota(T * N * D);
        Tensor y = sim.runTensor(new int[] {T, N, D}, x, false);
        assertArrayEquals(new int[] {T, 2, N, D}, y.shape());
        float[] data = y.data();
        for (int t = 0; t < T; t++) {
            for (int n = 0; n < N; n++) {
                for (int d = 0; d < D; d++) {
                    float v = x[(t * N + n) * D + d];
                    assertEquals(v, data[((t * 2) * N + n) * D + d]);
                    assertEquals(v + v, data[((t * 2 + 1) * N + n) * D + d]);
                }
            }
        }
    }
}
