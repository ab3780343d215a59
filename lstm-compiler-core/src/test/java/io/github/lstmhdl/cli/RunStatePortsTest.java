package io.github.lstmhdl.cli;

import static io.github.lstmhdl.testing.OnnxModelBuilder.attr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.npy.Npy;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import io.github.lstmhdl.testing.OrtRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} with state ports: repeatable {@code --input NAME=FILE} and {@code --output NAME=FILE}, a
 * bare FILE standing for the main input or output, only the outputs asked for written, and one error
 * line for a missing state input or a tensor given twice.
 */
class RunStatePortsTest {
    private static final int H = 3;

    @TempDir
    static Path dir;

    private static Path image;
    private static byte[] model;
    private static Path x;
    private static Path state;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** X [2, 1, 2] → LSTM with h0/c0 from state [2, 1, H] (Gather + Unsqueeze) → Y, and stateN = Y_h ‖ Y_c. */
    @BeforeAll
    static void compile() throws Exception {
        Random r = new Random(5);
        OnnxModelBuilder b = new OnnxModelBuilder(13);
        b.input("X", 2, 1, 2);
        b.input("state", 2, 1, H);
        b.initializerLongs("axis0", new long[] {0}, 1);
        for (int k = 0; k < 2; k++) {
            b.initializerLongs("i" + k, new long[] {k});
            b.node("Gather", "g" + k, List.of("state", "i" + k), List.of("s" + k), attr("axis", 0L));
            b.node("Unsqueeze", "u" + k, List.of("s" + k, "axis0"), List.of("init" + k));
        }
        b.initializer("W", OnnxModelBuilder.random(r, 4 * H * 2, 0.7f), 1, 4 * H, 2);
        b.initializer("R", OnnxModelBuilder.random(r, 4 * H * H, 0.7f), 1, 4 * H, H);
        b.node("LSTM", "rnn", List.of("X", "W", "R", "", "", "init0", "init1"), List.of("Y", "Y_h", "Y_c"),
                attr("hidden_size", (long) H));
        b.node("Concat", "pack", List.of("Y_h", "Y_c"), List.of("stateN"), attr("axis", 0L));
        b.output("Y", 2, 1, 1, H);
        b.output("stateN", 2, 1, H);
        model = b.build();
        Path onnx = b.write(dir.resolve("streaming.onnx"));
        assertEquals(0, Main.run(List.of("compile", onnx.toString(), "-o", dir.toString(), "--max-sequence-length",
                "2"), quiet(), quiet()));
        image = dir.resolve("streaming.elf");
        x = dir.resolve("x.npy");
        Npy.write(x, new int[] {2, 1, 2}, new float[] {0.5f, -1, 2, 0.25f});
        state = dir.resolve("state.npy");
        Npy.write(state, new int[] {2, 1, H}, OnnxModelBuilder.random(r, 2 * H, 0.8f));
    }

    private static PrintStream quiet() {
        return new PrintStream(ByteArrayOutputStream.nullOutputStream());
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        List<String> words = new java.util.ArrayList<>(List.of("run", image.toString()));
        words.addAll(List.of(args));
        return Main.run(words, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void namedInputsAndOutputsRunAndMatchOnnxRuntime() throws Exception {
        Path y = dir.resolve("y.npy");
        Path next = dir.resolve("next.npy");
        assertEquals(0, run("--input", x.toString(), "--input", "state=" + state, "--output", y.toString(),
                "--output", "stateN=" + next), err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("wrote Y [2, 1, 1, 3] to " + y + ", stateN [2, 1, 3] to "
                + next), out.toString(StandardCharsets.UTF_8));
        FloatTensor xs = Npy.read(x);
        FloatTensor s = Npy.read(state);
        Map<String, OrtRunner.Tensor> ort = OrtRunner.runAll(model, Map.of(
                "X", new OrtRunner.Tensor(xs.toArray(), new long[] {2, 1, 2}),
                "state", new OrtRunner.Tensor(s.toArray(), new long[] {2, 1, H})), List.of("Y", "stateN"));
        assertClose(ort.get("Y").data(), Npy.read(y).toArray());
        assertClose(ort.get("stateN").data(), Npy.read(next).toArray());
        assertArrayEquals(new int[] {2, 1, H}, Npy.read(next).shape());
    }

    @Test
    void aMissingStateInputIsOneErrorNamingIt() {
        assertEquals(1, run("--input", x.toString(), "--output", dir.resolve("y2.npy").toString()));
        assertEquals("error: " + x + ": input tensor state: missing: a run that resets its states reads them from"
                + " this state input\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTensorGivenTwiceIsAUsageError() {
        assertEquals(2, run("--input", x.toString(), "--input", "X=" + x, "--output", "y3.npy"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--input gives the tensor 'X' twice"),
                err.toString(StandardCharsets.UTF_8));
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5, "element " + i);
        }
    }
}
