package io.github.lstmhdl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
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
}
