package io.github.lstmhdl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.ContentChecksum;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.json.JsonNetworkWriter;
import io.github.lstmhdl.output.GeneratedFile;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import io.github.lstmhdl.testing.RandomNetworks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LstmCompilerTest {

    @Test
    void theVersionIsTheFilteredProjectVersion() {
        String v = LstmCompiler.version();
        assertFalse(v.isBlank());
        assertFalse(v.contains("${"), v);
        assertTrue(v.matches("\\d+\\.\\d+\\.\\d+.*"), v);
    }

    @Test
    void anInvalidNetworkIsNamedAsTheRequestShowsIt(@TempDir Path dir) throws Exception {
        Random rnd = new Random(11);
        byte[] model = new OnnxModelBuilder(13)
                .input("x", 5, 1, 3)
                .initializer("W", OnnxModelBuilder.random(rnd, 4 * 4 * 3, 0.5f), 1, 16, 3)
                .initializer("R", OnnxModelBuilder.random(rnd, 4 * 4 * 4, 0.5f), 1, 16, 4)
                .node("LSTM", "lstm", List.of("x", "W", "R"), List.of("y"), OnnxModelBuilder.attr("hidden_size", 4L))
                .output("y", 5, 1, 1, 4)
                .build();
        Path file = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(model, model.length / 2));
        CompileRequest request = new CompileRequest(file, "src/main/networks/cut.onnx", ProcessorConfig.defaults(),
                ImportOptions.defaults(), "", Optional.empty(), false);

        InvalidNetworkException e = assertThrows(InvalidNetworkException.class, () -> LstmCompiler.compile(request));
        assertEquals("src/main/networks/cut.onnx", e.file());
        assertTrue(e.getMessage().startsWith("src/main/networks/cut.onnx: "), e.getMessage());
        assertFalse(e.getMessage().contains(dir.toString()), e.getMessage());
        assertFalse(e.reason().isBlank());
    }

    /** The digest is taken while the image is written, or by a pass of its own when asked for first. */
    @Test
    void theConstantsCarryTheImagesDigestWhicheverFileIsWrittenFirst(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("tiny_model.lstm.json");
        JsonNetworkWriter.write(RandomNetworks.builder(5, 6, 9)
                .lstm("lstm_1", 7, Direction.FORWARD, OutputMode.LAST_STEP, false, false).fc("fc_1", 3)
                .build("tiny"), model);
        CompileRequest request = new CompileRequest(model, "tiny_model.lstm.json", ProcessorConfig.defaults(),
                ImportOptions.defaults(), "com.example", Optional.empty(), false);

        CompileResult imageFirst = LstmCompiler.compile(request);
        byte[] image = bytes(imageFirst.files().get(0));
        String sha = ContentChecksum.sha256Hex(image);
        assertTrue(text(imageFirst.files().get(1)).contains("\"" + sha + "\""), "the Java constants name " + sha);
        assertTrue(text(imageFirst.files().get(2)).contains("\"" + sha + "\""), "the C header names " + sha);

        CompileResult constantsFirst = LstmCompiler.compile(request);
        String java = text(constantsFirst.files().get(1));
        assertTrue(java.contains("\"" + sha + "\""), "the Java constants name " + sha);
        assertEquals(java.length(), constantsFirst.files().get(1).content().size());
        assertEquals(sha, ContentChecksum.sha256Hex(bytes(constantsFirst.files().get(0))));
        assertEquals(text(imageFirst.files().get(1)), java);
    }

    /**
     * Two layer names that give one generated constant fail the compile itself, before any output is
     * produced, with an error that names the file, both names and the constant.
     */
    @Test
    void aConstantNameClashFailsTheCompileBeforeAnyOutput(@TempDir Path dir) throws Exception {
        Path cased = dir.resolve("cased.lstm.json");
        JsonNetworkWriter.write(RandomNetworks.builder(5, 3, 0)
                .lstm("Lstm", 4, Direction.FORWARD, OutputMode.SEQUENCE, false, false)
                .lstm("lstm", 4, Direction.FORWARD, OutputMode.SEQUENCE, false, false).build("cased"), cased);
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class, () -> LstmCompiler.compile(
                new CompileRequest(cased, "nets/cased.lstm.json", ProcessorConfig.defaults(), ImportOptions.defaults(),
                        "", Optional.empty(), false)));
        assertEquals("nets/cased.lstm.json", e.file());
        assertTrue(e.getMessage().startsWith("nets/cased.lstm.json: "), e.getMessage());
        assertTrue(e.reason().matches("(?s).*'Lstm\\.[^']*'.*'lstm\\.[^']*'.*"), e.reason());
        assertTrue(e.reason().contains("generated constant LSTM_"), e.reason());

        Path gates = dir.resolve("gates.lstm.json");
        JsonNetworkWriter.write(RandomNetworks.builder(6, 3, 0)
                .lstm("lstm_1", 4, Direction.FORWARD, OutputMode.SEQUENCE, false, false)
                .fc("lstm_1_wi", 2).build("gates"), gates);
        CompileRequest unfused = new CompileRequest(gates, "gates.lstm.json",
                ProcessorConfig.defaults().with("gateFusion", "false"), ImportOptions.defaults(), "", Optional.empty(),
                false);
        e = assertThrows(InvalidNetworkException.class, () -> LstmCompiler.compile(unfused));
        assertEquals("gates.lstm.json", e.file());
        assertTrue(e.reason().contains("'lstm_1.wi") && e.reason().contains("'lstm_1_wi")
                && e.reason().contains("LSTM_1_WI_"), e.reason());
    }

    private static byte[] bytes(GeneratedFile file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        file.content().writeTo(out);
        assertEquals(file.content().size(), out.size(), file.relativePath());
        return out.toByteArray();
    }

    private static String text(GeneratedFile file) throws IOException {
        return new String(bytes(file), StandardCharsets.UTF_8);
    }
}
