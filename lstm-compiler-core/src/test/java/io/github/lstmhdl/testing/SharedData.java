package io.github.lstmhdl.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the shared test data folder (system property {@code lstm.shared.dir}, else a sibling
 * {@code shared} folder of the working directory or one of its parents) and skips the calling test
 * visibly when it is absent.
 */
public final class SharedData {
    private SharedData() {
    }

    /** The folder {@code sub} inside the shared data folder; skips the test when it does not exist. */
    public static Path require(String sub) {
        Path base = find();
        Assumptions.assumeTrue(base != null && Files.isDirectory(base.resolve(sub)),
                "shared test data '" + sub + "' not found (set -Dlstm.shared.dir); skipping");
        return base.resolve(sub);
    }

    private static Path find() {
        String prop = System.getProperty("lstm.shared.dir");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop).normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path s = p.resolveSibling("shared");
            if (Files.isDirectory(s.resolve("real-models")) || Files.isDirectory(s.resolve("onnx-backend-rnn"))) {
                return s;
            }
        }
        return null;
    }
}
