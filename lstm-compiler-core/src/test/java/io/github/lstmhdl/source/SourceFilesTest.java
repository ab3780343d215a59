package io.github.lstmhdl.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.CompileRequest;
import io.github.lstmhdl.LstmCompiler;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.json.JsonNetworkWriter;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import io.github.lstmhdl.testing.RandomNetworks;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The importers report exactly the files they read: what a build's up-to-date check must digest. */
class SourceFilesTest {

    @TempDir
    Path dir;

    private static CompileRequest request(Path network) {
        return new CompileRequest(network, network.getFileName().toString(), ProcessorConfig.defaults(),
                ImportOptions.defaults(), "", Optional.empty(), false);
    }

    private static List<Path> read(Path network) throws CompilationException {
        SourceFiles sources = new SourceFiles();
        LstmCompiler.compile(request(network), sources);
        List<Path> files = new ArrayList<>();
        for (SourceFiles.SourceFile f : sources.files()) {
            assertTrue(f.stamp().isPresent(), f::toString);
            files.add(f.path());
        }
        return files;
    }

    @Test
    void aJsonNetworkReportsItsWeightFilesAlsoInASubfolderAndNoOtherFile() throws Exception {
        Network network = RandomNetworks.builder(3, 3, 0)
                .lstm("lstm_1", 4, Direction.FORWARD, OutputMode.SEQUENCE, false, false).fc("fc_1", 2).build("kws");
        Path json = dir.resolve("kws.lstm.json");
        JsonNetworkWriter.write(network, json);
        Path weights = Files.createDirectories(dir.resolve("weights"));
        String text = Files.readString(json);
        List<Path> npy;
        try (Stream<Path> s = Files.list(dir)) {
            npy = s.filter(p -> p.toString().endsWith(".npy")).sorted().toList();
        }
        List<Path> expected = new ArrayList<>(List.of(json.toAbsolutePath()));
        for (Path p : npy) {
            String name = p.getFileName().toString();
            Files.move(p, weights.resolve(name));
            text = text.replace("\"" + name + "\"", "\"weights/" + name + "\"");
            expected.add(weights.resolve(name).toAbsolutePath());
        }
        Files.writeString(json, text);
        Files.write(dir.resolve("unrelated.npy"), new byte[] {1});
        Files.write(weights.resolve("unrelated.npy"), new byte[] {1});

        List<Path> reported = read(json);
        assertEquals(expected.size(), reported.size(), reported::toString);
        assertEquals(asSet(expected), asSet(reported));
        assertEquals(json.toAbsolutePath(), reported.get(0), "the network file first");
    }

    private static java.util.Set<Path> asSet(List<Path> paths) {
        return new java.util.HashSet<>(paths);
    }

    @Test
    void anOnnxModelReportsItsExternalDataFiles() throws Exception {
        int d = 3;
        int h = 4;
        Random r = new Random(5);
        float[] w = OnnxModelBuilder.random(r, 4 * h * d, 0.5f);
        ByteBuffer buf = ByteBuffer.allocate(w.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : w) {
            buf.putFloat(f);
        }
        Path ext = Files.createDirectories(dir.resolve("ext"));
        Files.write(ext.resolve("w.bin"), buf.array());
        Files.write(ext.resolve("other.bin"), buf.array());
        OnnxModelBuilder b = new OnnxModelBuilder(13);
        b.input("X", "T", 1, d);
        b.initializerProto(OnnxModelBuilder.externalTensor("W", "ext/w.bin", 0, w.length * 4L, 1, 4 * h, d));
        b.initializer("R", OnnxModelBuilder.random(r, 4 * h * h, 0.5f), 1, 4 * h, h);
        b.node("LSTM", "lstm", List.of("X", "W", "R"), List.of("Y", "Y_h"), OnnxModelBuilder.attr("hidden_size", (long) h));
        b.output("Y_h", 1, 1, h);
        Path model = b.write(dir.resolve("model.onnx"));

        assertEquals(List.of(model.toAbsolutePath(), ext.resolve("w.bin").toAbsolutePath()), read(model));
    }

    @Test
    void theRecordIsFilledAlsoWhenTheCompileFails() throws Exception {
        Path json = Files.writeString(dir.resolve("bad.lstm.json"), "{\"format\": \"lstm-hdl-network\", \"layers\": [");
        SourceFiles sources = new SourceFiles();
        assertThrows(CompilationException.class, () -> LstmCompiler.compile(request(json), sources));
        assertEquals(List.of(json.toAbsolutePath()), sources.files().stream().map(SourceFiles.SourceFile::path).toList());
    }
}
