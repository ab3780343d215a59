package io.github.lstmhdl.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.CompileRequest;
import io.github.lstmhdl.CompileResult;
import io.github.lstmhdl.LstmCompiler;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.output.GeneratedFile;
import io.github.lstmhdl.output.OutputWriter;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.source.NetworkSources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every output the compiler writes (image, constants class, C header, memory map) for the bundled
 * example, the integration tests' networks, the random fidelity cases and the {@code ../shared} real
 * models, under each of the fidelity configurations, has the SHA-256 recorded in
 * {@code golden-output-digests.txt}: a refactoring of the core proves itself neutral by keeping this
 * test green. A change that is meant to alter outputs re-records the file
 * ({@code -Dlstm.golden.record=true} writes it into the source tree) in a commit that says why.
 *
 * <p>The shared models' lines are checked only when {@code ../shared} is there; without it they are
 * left out of the comparison, and the test says so.
 */
class OutputDigestsTest {

    private static final Path GOLDEN = Path.of("src/test/resources/io/github/lstmhdl/fidelity/golden-output-digests.txt");
    private static final String SHARED = "shared/";

    @TempDir
    Path dir;

    @Test
    void everyOutputIsByteIdenticalToTheRecordedOne() throws Exception {
        Map<String, String> actual = new TreeMap<>();
        Path project = Path.of("").toAbsolutePath().getParent();
        List<Path> networks = new ArrayList<>();
        networks.addAll(find(project.resolve("examples/quickstart/src/main/networks")));
        networks.addAll(find(project.resolve("it/src/it")));
        for (Path network : networks) {
            digests(project.relativize(network).toString(), network, actual);
        }
        for (int i = 0; i < 40; i++) {
            RandomOnnxFidelityTest.Case c = RandomOnnxFidelityTest.generate(i);
            Path model = Files.write(dir.resolve("random" + i + ".onnx"), c.model());
            digests("random/" + i, model, ImportOptions.defaults().withOutput(c.output()), c.timeSteps(), actual);
        }
        Path shared = shared(project);
        if (shared != null) {
            for (Path network : find(shared.resolve("real-models"))) {
                digests(SHARED + shared.relativize(network), network, actual);
            }
        }

        if (Boolean.getBoolean("lstm.golden.record")) {
            List<String> lines = new ArrayList<>();
            actual.forEach((k, v) -> lines.add(k + " " + v));
            Files.createDirectories(GOLDEN.getParent());
            Files.write(GOLDEN, lines, StandardCharsets.UTF_8);
        }
        assertTrue(Files.isRegularFile(GOLDEN), "no recorded digests at " + GOLDEN.toAbsolutePath());
        Map<String, String> expected = new TreeMap<>();
        for (String line : Files.readAllLines(GOLDEN, StandardCharsets.UTF_8)) {
            int space = line.lastIndexOf(' ');
            String key = line.substring(0, space);
            if (shared != null || !key.startsWith(SHARED)) {
                expected.put(key, line.substring(space + 1));
            }
        }
        if (shared == null) {
            System.out.println("OutputDigestsTest: ../shared not found; its real models' digests were not compared");
        }
        List<String> differences = new ArrayList<>();
        for (String key : union(expected, actual)) {
            if (!String.valueOf(expected.get(key)).equals(String.valueOf(actual.get(key)))) {
                differences.add(key + ": recorded " + expected.get(key) + ", now " + actual.get(key));
            }
        }
        assertEquals(List.of(), differences, differences.size() + " of " + expected.size() + " outputs differ");
        assertTrue(expected.size() > 500, "only " + expected.size() + " outputs compared");
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        TreeMap<String, String> all = new TreeMap<>(a);
        all.putAll(b);
        return new ArrayList<>(all.keySet());
    }

    private void digests(String label, Path network, Map<String, String> into) throws IOException {
        digests(label, network, ImportOptions.defaults(), 30, into);
    }

    /** The digests of every output of {@code network} under each fidelity configuration, or "rejected". */
    private static void digests(String label, Path network, ImportOptions options, int frames, Map<String, String> into)
            throws IOException {
        int n = 0;
        for (ProcessorConfig config : Fidelity.configs(frames)) {
            String key = label + " #" + n++;
            CompileResult result;
            try {
                result = LstmCompiler.compile(new CompileRequest(network, label, config, options, "golden",
                        Optional.empty(), false));
            } catch (CompilationException e) {
                into.put(key, "rejected");
                continue;
            }
            for (GeneratedFile f : result.files()) {
                into.put(key + " " + f.relativePath(), OutputWriter.hex(OutputWriter.sha256(f.content())));
            }
        }
    }

    private static List<Path> find(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> NetworkSources.isNetwork(p.getFileName().toString()))
                    .filter(p -> !p.toString().contains("/target/")).sorted().toList();
        }
    }

    private static Path shared(Path project) {
        Path s = project.resolveSibling("shared");
        String prop = System.getProperty("lstm.shared.dir");
        if (prop != null) {
            s = Path.of(prop);
        }
        return Files.isDirectory(s.resolve("real-models")) ? s : null;
    }
}
