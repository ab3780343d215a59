package io.github.lstmhdl.maven;

import io.github.lstmhdl.CompileRequest;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.source.ImportOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugin.logging.SystemStreamLog;

/**
 * One build of a project's networks as the mojo runs it (scan, lock, incremental compile with the
 * {@link FakeCompiler}), made slow on purpose, in a process of its own so that tests can kill it with
 * SIGKILL at any moment or run two at once. Arguments: the source folder, the build folder, the delay in
 * milliseconds before each output's bytes are written.
 */
final class BuildProcess {

    private BuildProcess() {
    }

    public static void main(String[] args) throws IOException {
        FakeCompiler fake = new FakeCompiler();
        fake.beforeWrite = sleeping(Long.parseLong(args[2]));
        BuildOutcome outcome = build(Path.of(args[0]), Path.of(args[1]), fake, new SystemStreamLog());
        System.exit(outcome.succeeded() ? 0 : 1);
    }

    /** A fault hook that makes every output slow to write. */
    static java.util.function.IntConsumer sleeping(long millis) {
        return index -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Builds every network under {@code sources} into {@code target} (the mojo's layout). */
    static BuildOutcome build(Path sources, Path target, CompileStep compiler, Log log) throws IOException {
        List<NetworkJob> jobs = new ArrayList<>();
        for (String key : NetworkScanner.scan(sources, List.of(), List.of())) {
            jobs.add(new NetworkJob(key, new CompileRequest(sources.resolve(key), key, ProcessorConfig.defaults(),
                    ImportOptions.defaults(), "", Optional.empty(), false)));
        }
        Path plugin = target.resolve("lstm-maven-plugin");
        OutputTree tree = new OutputTree(target.resolve("generated-sources/lstm"),
                target.resolve("generated-resources/lstm"), plugin.resolve("tmp"));
        try (BuildLock lock = BuildLock.acquire(plugin.resolve("build.lock"), Duration.ofMinutes(2),
                file -> log.info("Waiting for " + file))) {
            return new IncrementalCompiler(compiler, tree, plugin.resolve("compile/default/state.properties"),
                    new Fingerprint("test", "test"), log).run(jobs, true);
        }
    }

    /** Every file under the generated roots of {@code target}, by relative path, with its bytes as text. */
    static Map<String, String> outputs(Path target) throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (String root : List.of("generated-sources/lstm", "generated-resources/lstm")) {
            Path dir = target.resolve(root);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    files.put(root + "/" + dir.relativize(p), Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            }
        }
        return files;
    }
}
