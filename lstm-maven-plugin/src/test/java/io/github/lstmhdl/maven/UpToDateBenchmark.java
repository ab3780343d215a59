package io.github.lstmhdl.maven;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.apache.maven.model.Build;
import org.apache.maven.project.MavenProject;

/**
 * Measures a no-op build: {@code lstm:compile} over 20 unchanged networks, i.e. the time the mojo
 * spends in its up-to-date path (scan, configuration, fingerprints, output checks, root registration).
 * Run with {@code java -cp ... io.github.lstmhdl.maven.UpToDateBenchmark [networkBytes]}; not a test.
 */
public final class UpToDateBenchmark {

    private UpToDateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int networkBytes = args.length > 0 ? Integer.parseInt(args[0]) : 256 * 1024;
        int networks = 20;
        Path dir = Files.createTempDirectory("lstm-bench");
        Path src = Files.createDirectories(dir.resolve("src/main/networks"));
        Random random = new Random(1);
        for (int i = 0; i < networks; i++) {
            byte[] b = new byte[networkBytes];
            random.nextBytes(b);
            Files.write(src.resolve("net" + i + (i % 2 == 0 ? ".onnx" : ".lstm.json")), b);
        }
        Files.write(src.resolve("weights.npy"), new byte[networkBytes]);

        CompileMojo mojo = new CompileMojo();
        MavenProject project = new MavenProject();
        project.setBuild(new Build());
        project.setFile(dir.resolve("pom.xml").toFile());
        CompileMojoTest.set(mojo, "project", project);
        CompileMojoTest.set(mojo, "buildDirectory", dir.resolve("target").toFile());
        CompileMojoTest.set(mojo, "sourceDirectory", src.toFile());
        CompileMojoTest.set(mojo, "includes", NetworkScanner.DEFAULT_INCLUDES);
        CompileMojoTest.set(mojo, "generatedSourcesDirectory", dir.resolve("target/generated-sources/lstm").toFile());
        CompileMojoTest.set(mojo, "generatedResourcesDirectory",
                dir.resolve("target/generated-resources/lstm").toFile());
        CompileMojoTest.set(mojo, "packageName", "com.example");
        CompileMojoTest.set(mojo, "preset", "zcu102_single");
        CompileMojoTest.set(mojo, "memorySize", "256MiB");
        CompileMojoTest.set(mojo, "failOnOverflow", true);
        FakeCompiler fake = new FakeCompiler();
        mojo.setCompiler(fake);
        RecordingLog log = new RecordingLog();
        mojo.setLog(log);
        mojo.execute(); // first build compiles everything
        if (fake.requests.size() != networks) {
            throw new IllegalStateException("expected " + networks + " compilations, got " + fake.requests.size());
        }

        int warmup = 30;
        int runs = 100;
        double[] ms = new double[runs];
        double cold = 0;
        for (int i = -warmup; i < runs; i++) {
            log.clear();
            long t0 = System.nanoTime();
            mojo.execute();
            long t1 = System.nanoTime();
            if (i >= 0) {
                ms[i] = (t1 - t0) / 1e6;
            } else if (i == -warmup) {
                cold = (t1 - t0) / 1e6;
            }
        }
        if (fake.requests.size() != networks || !log.level("INFO").equals(java.util.List.of(networks + " networks up to date"))) {
            throw new IllegalStateException("not a no-op build: " + log.lines);
        }
        Arrays.sort(ms);
        System.out.printf("no-op build of %d unchanged networks (%d KiB each): median %.2f ms, p90 %.2f ms, max %.2f ms;"
                + " the first no-op build of this JVM (cold, as in a one-shot mvn run): %.2f ms%n",
                networks, networkBytes / 1024, ms[runs / 2], ms[runs * 9 / 10], ms[runs - 1], cold);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
