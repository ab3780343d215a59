package io.github.lstmhdl.fidelity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.json.JsonNetworkImporter;
import io.github.lstmhdl.json.JsonNetworkWriter;
import io.github.lstmhdl.npy.Npy;
import io.github.lstmhdl.sim.Tensor;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import io.github.lstmhdl.testing.ReferenceGru;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The native {@code gru} layer in MATLAB's conventions (docs/formats.md): weights in the gate order
 * reset, update, candidate, written as .npy by hand, for each {@code resetGateMode}, compiled and
 * simulated against the float64 {@link ReferenceGru} fed the same weights in ONNX's order z, r, h and
 * the ONNX form the mode maps onto; a network written back by {@link JsonNetworkWriter} reads as a
 * network that simulates to the same bits; and the GRU's own errors name the file, the field and the
 * reason.
 */
class JsonGruFidelityTest {
    private static final ErrorSummary SUMMARY = new ErrorSummary(JsonGruFidelityTest.class);
    private static final int D = 5;
    private static final int H = 6;
    private static final int T = 9;

    @TempDir
    Path dir;

    /** Writes a one-GRU network file with MATLAB-order weights; returns the ONNX-order parameters it means. */
    private Path write(String mode, String direction, boolean h0, Random r, float[][] onnx) throws Exception {
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        int biasLength = mode.equals("recurrent-bias-after-multiplication") ? 6 * H : 3 * H;
        float[] w = OnnxModelBuilder.random(r, dirs * 3 * H * D, 0.5f);
        float[] rw = OnnxModelBuilder.random(r, dirs * 3 * H * H, 0.5f);
        float[] b = OnnxModelBuilder.random(r, dirs * biasLength, 0.5f);
        float[] state = OnnxModelBuilder.random(r, dirs * H, 0.8f);
        Npy.write(dir.resolve("W.npy"), dirs == 1 ? new int[] {3 * H, D} : new int[] {dirs, 3 * H, D}, w);
        Npy.write(dir.resolve("R.npy"), dirs == 1 ? new int[] {3 * H, H} : new int[] {dirs, 3 * H, H}, rw);
        Npy.write(dir.resolve("b.npy"), dirs == 1 ? new int[] {biasLength} : new int[] {dirs, biasLength}, b);
        Npy.write(dir.resolve("h0.npy"), dirs == 1 ? new int[] {H} : new int[] {dirs, H}, state);
        // ONNX order: swap MATLAB's first two gate blocks; B = [Wb ; Rb] with Rb zero unless given
        onnx[0] = swapBlocks(w, dirs, H * D);
        onnx[1] = swapBlocks(rw, dirs, H * H);
        onnx[2] = new float[dirs * 6 * H];
        for (int k = 0; k < dirs; k++) {
            float[] wb = Arrays.copyOfRange(b, k * biasLength, k * biasLength + 3 * H);
            System.arraycopy(swapBlocks(wb, 1, H), 0, onnx[2], k * 6 * H, 3 * H);
            if (biasLength == 6 * H) {
                float[] rb = Arrays.copyOfRange(b, k * biasLength + 3 * H, (k + 1) * biasLength);
                System.arraycopy(swapBlocks(rb, 1, H), 0, onnx[2], k * 6 * H + 3 * H, 3 * H);
            }
        }
        onnx[3] = h0 ? state : null;
        String json = "{\"format\": \"lstm-hdl/1\", \"layers\": ["
                + "{\"type\": \"sequenceInput\", \"name\": \"in\", \"inputSize\": " + D + "},"
                + "{\"type\": \"gru\", \"name\": \"gru_1\", \"hiddenUnits\": " + H + ", \"direction\": \"" + direction
                + "\"" + (mode.isEmpty() ? "" : ", \"resetGateMode\": \"" + mode + "\"")
                + ", \"inputWeights\": \"W.npy\", \"recurrentWeights\": \"R.npy\", \"bias\": \"b.npy\""
                + (h0 ? ", \"initialHiddenState\": \"h0.npy\"" : "") + "}]}";
        Path file = dir.resolve("g.lstm.json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        return file;
    }

    /** Each direction's blocks 0 and 1 (of {@code block} elements) swapped. */
    private static float[] swapBlocks(float[] a, int dirs, int block) {
        float[] out = a.clone();
        for (int k = 0; k < dirs; k++) {
            int base = k * 3 * block;
            System.arraycopy(a, base, out, base + block, block);
            System.arraycopy(a, base + block, out, base, block);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "after-multiplication", "before-multiplication", "recurrent-bias-after-multiplication"})
    void resetGateModesMeanTheirOnnxForms(String mode) throws Exception {
        for (String direction : List.of("forward", "reverse", "bidirectional")) {
            Random r = new Random(mode.length() * 31L + direction.length());
            float[][] onnx = new float[4][];
            Path file = write(mode, direction, direction.equals("reverse"), r, onnx);
            Network network = JsonNetworkImporter.read(file, ImportOptions.defaults());
            int dirs = direction.equals("bidirectional") ? 2 : 1;
            float[] x = OnnxModelBuilder.random(r, T * D, 1.5f);
            float[] expected = reference(x, onnx, direction, dirs, mode.equals("before-multiplication") ? 0 : 1);
            float[] first = null;
            for (ProcessorConfig config : Fidelity.configs(T)) {
                Tensor sim = Fidelity.simulate(network, config, "g.lstm.json", new long[] {T, D}, x);
                SUMMARY.compare(mode + " " + direction + " gateFusion=" + config.gateFusion(),
                        new long[] {T, (long) dirs * H}, expected, sim);
                first = first == null ? sim.data() : first;
            }
            // written back and read again: the same bits
            Path again = dir.resolve("back/g2.lstm.json");
            JsonNetworkWriter.write(network, again);
            Network back = JsonNetworkImporter.read(again, ImportOptions.defaults());
            if (!mode.equals("before-multiplication")) {
                assertEquals(network.layers(), back.layers(), "the reset-after forms write back losslessly");
            }
            Tensor sim = Fidelity.simulate(back, Fidelity.configs(T).get(0), "g2.lstm.json", new long[] {T, D}, x);
            assertArrayEquals(first, sim.data(), mode + " " + direction + ": written back, the bits differ");
        }
    }

    private static float[] reference(float[] x, float[][] onnx, String direction, int dirs, int lbr) {
        float[][][] x3 = new float[T][1][];
        for (int s = 0; s < T; s++) {
            x3[s][0] = Arrays.copyOfRange(x, s * D, (s + 1) * D);
        }
        float[][][] w = new float[dirs][3 * H][];
        float[][][] rw = new float[dirs][3 * H][];
        float[][] b = new float[dirs][];
        float[][][] h0 = onnx[3] == null ? null : new float[dirs][1][];
        for (int k = 0; k < dirs; k++) {
            for (int j = 0; j < 3 * H; j++) {
                w[k][j] = Arrays.copyOfRange(onnx[0], (k * 3 * H + j) * D, (k * 3 * H + j + 1) * D);
                rw[k][j] = Arrays.copyOfRange(onnx[1], (k * 3 * H + j) * H, (k * 3 * H + j + 1) * H);
            }
            b[k] = Arrays.copyOfRange(onnx[2], k * 6 * H, (k + 1) * 6 * H);
            if (h0 != null) {
                h0[k][0] = Arrays.copyOfRange(onnx[3], k * H, (k + 1) * H);
            }
        }
        ReferenceGru.Result ref = ReferenceGru.run(x3, w, rw, b, h0, direction, lbr);
        float[] out = new float[T * dirs * H];
        for (int s = 0; s < T; s++) {
            for (int k = 0; k < dirs; k++) {
                for (int j = 0; j < H; j++) {
                    out[(s * dirs + k) * H + j] = (float) ref.y()[s][k][0][j];
                }
            }
        }
        return out;
    }

    /**
     * The random ONNX GRU models of one sequence (the native format has no batch), imported, written as
     * native files and read back, compile to programs that give the ONNX import's bits.
     */
    @Test
    void onnxGrusWrittenAsNativeFilesGiveTheSameBits() throws Exception {
        int compared = 0;
        for (int i = 0; i < 36; i++) {
            RandomGruFidelityTest.Case c = (RandomGruFidelityTest.Case) RandomGruFidelityTest.cases().toList()
                    .get(i).get()[1];
            if (!c.description().contains(" N=1 ")) {
                continue;
            }
            Network onnx = io.github.lstmhdl.onnx.OnnxImporter.read(c.model(), "twin" + i + ".onnx",
                    ImportOptions.defaults().withOutput(c.output()));
            Path file = dir.resolve("twin" + i + "/twin" + i + ".lstm.json");
            JsonNetworkWriter.write(onnx, file);
            Network back = JsonNetworkImporter.read(file, ImportOptions.defaults());
            float[] x = OnnxModelBuilder.random(new Random(4000L + i), Fidelity.count(c.shape()), 1.5f);
            ProcessorConfig config = Fidelity.configs(c.timeSteps()).get(0);
            Tensor fromOnnx = Fidelity.simulate(onnx, config, "twin.onnx", c.shape(), x);
            Tensor fromJson = Fidelity.simulate(back, config, "twin.lstm.json", new long[] {c.timeSteps(),
                c.shape()[2]}, x);
            assertArrayEquals(fromOnnx.data(), fromJson.data(), "case " + i + " (" + c + ")");
            compared++;
        }
        assertTrue(compared >= 10, "only " + compared + " single-sequence cases");
    }

    @Test
    void theGrusOwnErrorsNameTheField() throws Exception {
        Path file = write("recurrent-bias-after-multiplication", "forward", false, new Random(5), new float[4][]);
        Npy.write(dir.resolve("b.npy"), new int[] {3 * H}, new float[3 * H]);
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                () -> JsonNetworkImporter.read(file, ImportOptions.defaults()));
        assertEquals(file.toString(), e.file());
        assertEquals("$.layers[1].bias", e.location());
        assertTrue(e.reason().contains("(resetGateMode \"recurrent-bias-after-multiplication\")"), e.getMessage());
        assertTrue(e.reason().contains("[36]"), e.getMessage());

        Files.writeString(file, Files.readString(file).replace("recurrent-bias-after-multiplication", "sometimes"));
        e = assertThrows(InvalidNetworkException.class, () -> JsonNetworkImporter.read(file, ImportOptions.defaults()));
        assertEquals("$.layers[1].resetGateMode", e.location());
        assertTrue(e.reason().contains("unknown resetGateMode \"sometimes\"; use \"after-multiplication\","
                + " \"before-multiplication\" or \"recurrent-bias-after-multiplication\""), e.getMessage());

        Files.writeString(file, Files.readString(file).replace("\"resetGateMode\": \"sometimes\"",
                "\"outputMode\": \"lastCell\""));
        e = assertThrows(InvalidNetworkException.class, () -> JsonNetworkImporter.read(file, ImportOptions.defaults()));
        assertEquals("$.layers[1].outputMode", e.location());
        assertTrue(e.reason().contains("it has no cell state"), e.getMessage());

        Files.writeString(file, Files.readString(file).replace("\"outputMode\": \"lastCell\"",
                "\"peepholes\": \"b.npy\""));
        e = assertThrows(InvalidNetworkException.class, () -> JsonNetworkImporter.read(file, ImportOptions.defaults()));
        assertTrue(e.reason().contains("unknown field 'peepholes' in a gru layer"), e.getMessage());
    }

    @AfterAll
    static void report() {
        SUMMARY.report();
    }
}
