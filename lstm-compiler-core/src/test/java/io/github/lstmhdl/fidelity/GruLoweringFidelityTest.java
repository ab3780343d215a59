package io.github.lstmhdl.fidelity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.GruLayer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.NetworkOutput;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.ir.SequenceInput;
import io.github.lstmhdl.layout.Axis;
import io.github.lstmhdl.sim.Tensor;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import io.github.lstmhdl.testing.ReferenceGru;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GRU layers built straight in the IR (no importer), compiled, written as an ELF image, read back and
 * simulated, against the independent float64 {@link ReferenceGru}: both reset forms, every direction,
 * with and without an initial state and biases, under every configuration that changes the
 * decomposition (gate fusion and fused activations on and off, FC tiling on a small FC memory, rows
 * padded to 16 FC threads). The
 * fused and the separate decompositions must also agree to the bit, since the FC kernel's rows are
 * independent.
 */
class GruLoweringFidelityTest {
    private static final ErrorSummary SUMMARY = new ErrorSummary(GruLoweringFidelityTest.class);

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        int i = 0;
        for (int lbr = 0; lbr < 2; lbr++) {
            for (String dir : List.of("forward", "reverse", "bidirectional")) {
                for (int[] size : new int[][] {{1, 1, 1}, {3, 5, 7}, {17, 9, 30}, {40, 70, 12}}) {
                    all.add(Arguments.of(i++, lbr, dir, size[0], size[1], size[2], i % 2 == 0));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "case {0}: lbr={1} {2} D={3} H={4} T={5} init={6}")
    @MethodSource("cases")
    void simulatedGruMatchesTheReference(int index, int lbr, String dir, int d, int h, int t, boolean init)
            throws Exception {
        Random rnd = new Random(0x6E0L + index);
        int dirs = dir.equals("bidirectional") ? 2 : 1;
        float scale = (float) Math.min(0.8, 2.0 / Math.sqrt(d + h));
        float[][][] w = new float[dirs][3 * h][];
        float[][][] r = new float[dirs][3 * h][];
        float[][] b = new float[dirs][];
        float[][][] h0 = init ? new float[dirs][1][] : null;
        List<GruLayer.Parameters> params = new ArrayList<>();
        for (int k = 0; k < dirs; k++) {
            float[] wf = OnnxModelBuilder.random(rnd, 3 * h * d, scale);
            float[] rf = OnnxModelBuilder.random(rnd, 3 * h * h, scale);
            b[k] = OnnxModelBuilder.random(rnd, 6 * h, 0.5f);
            for (int j = 0; j < 3 * h; j++) {
                w[k][j] = java.util.Arrays.copyOfRange(wf, j * d, (j + 1) * d);
                r[k][j] = java.util.Arrays.copyOfRange(rf, j * h, (j + 1) * h);
            }
            Optional<FloatTensor> state = Optional.empty();
            if (init) {
                h0[k][0] = OnnxModelBuilder.random(rnd, h, 0.9f);
                state = Optional.of(FloatTensor.of(h0[k][0].clone(), h));
            }
            params.add(new GruLayer.Parameters(FloatTensor.of(wf, 3 * h, d), FloatTensor.of(rf, 3 * h, h),
                    FloatTensor.of(java.util.Arrays.copyOf(b[k], 3 * h), 3 * h),
                    FloatTensor.of(java.util.Arrays.copyOfRange(b[k], 3 * h, 6 * h), 3 * h), state));
        }
        Direction direction = switch (dir) {
            case "reverse" -> Direction.REVERSE;
            case "bidirectional" -> Direction.BIDIRECTIONAL;
            default -> Direction.FORWARD;
        };
        GruLayer layer = new GruLayer("gru_1", "", direction, OutputMode.SEQUENCE, lbr == 1, params);
        Network network = new Network("g", new SequenceInput("x", d, t, 1, List.of(Axis.TIME, Axis.FEATURE)),
                List.of(layer), new NetworkOutput("y", List.of(Axis.TIME, Axis.FEATURE)));
        float[] x = OnnxModelBuilder.random(new Random(77L + index), t * d, 1.5f);
        float[][][] x3 = new float[t][1][];
        for (int s = 0; s < t; s++) {
            x3[s][0] = java.util.Arrays.copyOfRange(x, s * d, (s + 1) * d);
        }
        ReferenceGru.Result ref = ReferenceGru.run(x3, w, r, b, h0, dir, lbr);
        float[] expected = new float[t * dirs * h];
        for (int s = 0; s < t; s++) {
            for (int k = 0; k < dirs; k++) {
                for (int j = 0; j < h; j++) {
                    expected[(s * dirs + k) * h + j] = (float) ref.y()[s][k][0][j];
                }
            }
        }
        ProcessorConfig base = ProcessorConfig.defaults().with("maxSequenceLength", Integer.toString(t));
        List<ProcessorConfig> configs = List.of(base, base.with("gateFusion", "false"),
                base.with("fusedActivations", "false"), base.with("gateFusion", "false").with("fusedActivations",
                        "false"), base.with("fcInputMemorySize", "16").with("fcOutputMemorySize", "16")
                        .with("fcTiling", "true"),
                ProcessorConfig.preset("zcu102_single_16").with("maxSequenceLength", Integer.toString(t)));
        float[] first = null;
        for (int c = 0; c < configs.size(); c++) {
            ProcessorConfig config = configs.get(c);
            Tensor sim = Fidelity.simulate(network, config, "gru" + index, new long[] {t, d}, x);
            String what = "case " + index + " gateFusion=" + config.gateFusion() + " fusedActivations="
                    + config.fusedActivations() + (c == 4 ? " tiled" : c == 5 ? " 16 FC threads" : "");
            SUMMARY.compare(what, new long[] {t, (long) dirs * h}, expected, sim);
            if (c == 0) {
                first = sim.data();
            } else if (c < 4) {
                assertArrayEquals(first, sim.data(), what + ": the decompositions differ in their bits");
            }
        }
    }

    @AfterAll
    static void report() {
        SUMMARY.report();
    }
}
