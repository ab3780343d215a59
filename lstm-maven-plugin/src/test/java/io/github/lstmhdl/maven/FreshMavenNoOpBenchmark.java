package io.github.lstmhdl.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures a no-op build the way users run it: a fresh {@code mvn generate-sources} process over a
 * project with 20 unchanged copies of the bundled example network, the time inside the mojo as its own
 * debug line ({@code lstm:compile took N ms}) reports it, and the whole process's wall clock. One
 * warm-up build compiles the networks; then {@code runs} no-op builds (default 11) are timed and the
 * medians printed. The no-op builds take the shortcut of {@link NoOpRecord} (the warm-up build leaves
 * the record); its debug line ends with "(no-op: unchanged parameters and file stamps)". Not a unit
 * test; it needs the plugin in a local repository, e.g. a private one seeded from {@code ~/.m2} so that
 * the shared one stays untouched (the child builds read {@code MAVEN_ARGS}):
 * <pre>
 * cp -r ~/.m2/repository /tmp/bench-m2
 * ./mvnw -B -q -o install -DskipTests -Dinvoker.skip=true -Dmaven.repo.local=/tmp/bench-m2
 * MAVEN_ARGS=-Dmaven.repo.local=/tmp/bench-m2 \
 *     java -cp lstm-maven-plugin/target/test-classes io.github.lstmhdl.maven.FreshMavenNoOpBenchmark [runs]
 * </pre>
 * (run from the project root: it takes the Maven wrapper {@code ./mvnw} and the example's pom and network).
 */
public final class FreshMavenNoOpBenchmark {
    private static final Pattern TOOK = Pattern.compile("lstm:compile took ([0-9.]+) ms");
    private static final int NETWORKS = 20;

    private FreshMavenNoOpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        Path root = Path.of("").toAbsolutePath();
        Path example = root.resolve("examples/quickstart");
        Path mvnw = root.resolve("mvnw");
        if (!Files.isRegularFile(example.resolve("pom.xml")) || !Files.isExecutable(mvnw)) {
            throw new IllegalStateException("run from the project root (no examples/quickstart or mvnw in " + root + ")");
        }
        Path project = Files.createTempDirectory("lstm-noop");
        Files.copy(example.resolve("pom.xml"), project.resolve("pom.xml"));
        Path networks = Files.createDirectories(project.resolve("src/main/networks"));
        for (int i = 0; i < NETWORKS; i++) {
            Files.copy(example.resolve("src/main/networks/sensor_lstm.onnx"),
                    networks.resolve(String.format(Locale.ROOT, "net_%02d.onnx", i)));
        }
        build(mvnw, project, false); // compiles every network once
        List<Double> mojo = new ArrayList<>();
        List<Double> wall = new ArrayList<>();
        int shortcuts = 0;
        for (int k = 0; k < runs; k++) {
            long start = System.nanoTime();
            String log = build(mvnw, project, true);
            wall.add((System.nanoTime() - start) / 1e6);
            Matcher m = TOOK.matcher(log);
            if (!m.find() || !log.contains(NETWORKS + " networks up to date")) {
                throw new IllegalStateException("not a no-op build:\n" + log);
            }
            mojo.add(Double.parseDouble(m.group(1)));
            shortcuts += log.contains("(no-op: unchanged parameters and file stamps)") ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "no-op build of %d networks in a fresh mvn generate-sources, %d runs (%d by the"
                + " no-op shortcut):%n"
                + "  inside the mojo: median %.1f ms (min %.1f, max %.1f)%n"
                + "  whole process:   median %.0f ms (min %.0f, max %.0f)%n", NETWORKS, runs, shortcuts, median(mojo),
                Collections.min(mojo), Collections.max(mojo), median(wall), Collections.min(wall),
                Collections.max(wall));
    }

    private static String build(Path mvnw, Path project, boolean debug) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(mvnw.toString(), "-B", "-o", "generate-sources"));
        if (debug) {
            cmd.add("-X");
        }
        Path log = project.resolve("build.log");
        Process p = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("the build failed:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
