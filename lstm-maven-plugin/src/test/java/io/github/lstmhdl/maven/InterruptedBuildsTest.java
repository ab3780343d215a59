package io.github.lstmhdl.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds that die, are killed or run at the same time never leave a state that a later build trusts
 * wrongly: after any of them, the next complete build's outputs are exactly those of a clean build of
 * the sources as they are then.
 */
class InterruptedBuildsTest {

    @TempDir
    Path tmp;

    private Path sources() throws IOException {
        return Files.createDirectories(tmp.resolve("src"));
    }

    private void version(Path sources, String network, int version) throws IOException {
        Path p = sources.resolve(network);
        Files.createDirectories(p.getParent());
        Files.writeString(p, network + " version " + version + " " + "x".repeat(version), StandardCharsets.UTF_8);
    }

    /** The outputs of a clean build of {@code sources}. */
    private Map<String, String> clean(Path sources) throws IOException {
        Path target = Files.createTempDirectory(tmp, "clean");
        assertTrue(BuildProcess.build(sources, target, new FakeCompiler(), new RecordingLog()).succeeded());
        return BuildProcess.outputs(target);
    }

    @Test
    void aBuildThatDiesWhileWritingALaterNetworkLeavesNothingTrustedWrongly() throws IOException {
        Path sources = sources();
        Path target = tmp.resolve("target");
        version(sources, "a.onnx", 1);
        version(sources, "b.onnx", 1);
        assertTrue(BuildProcess.build(sources, target, new FakeCompiler(), new RecordingLog()).succeeded());
        Map<String, String> v1 = clean(sources);

        // both change; a is rewritten, then the build dies (an Error, not an exception) writing b
        version(sources, "a.onnx", 2);
        version(sources, "b.onnx", 2);
        FakeCompiler dying = new FakeCompiler();
        int[] writes = {0};
        dying.beforeWrite = index -> {
            if (++writes[0] == 5) {
                throw new OutOfMemoryError("injected: the build dies");
            }
        };
        assertThrows(OutOfMemoryError.class, () -> BuildProcess.build(sources, target, dying, new RecordingLog()));
        assertNotEquals(v1, BuildProcess.outputs(target), "a's new outputs are in place");

        // the old sources come back: a must be compiled again, not trusted as up to date
        version(sources, "a.onnx", 1);
        version(sources, "b.onnx", 1);
        FakeCompiler next = new FakeCompiler();
        assertTrue(BuildProcess.build(sources, target, next, new RecordingLog()).succeeded());
        assertEquals(List.of("a.onnx"), next.compiledNames());
        assertEquals(v1, BuildProcess.outputs(target));
    }

    @Test
    void killedBuildsAtRandomMomentsNeverLeaveAStateTrustedWrongly() throws Exception {
        Path sources = sources();
        Path target = tmp.resolve("target");
        String[] networks = {"a.onnx", "b.onnx", "sub/c.onnx"};
        Random random = new Random(20261203);
        for (String n : networks) {
            version(sources, n, 1);
        }
        assertTrue(BuildProcess.build(sources, target, new FakeCompiler(), new RecordingLog()).succeeded());
        int[] versions = {1, 1, 1};
        int kills = 0;
        for (int round = 1; round <= 12; round++) {
            int[] previous = versions.clone();
            for (int i = 0; i < networks.length; i++) {
                versions[i] = 10 * round + random.nextInt(3); // every network changes: every build has work to do
                version(sources, networks[i], versions[i]);
            }
            Process p = start(sources, target, 40);
            p.waitFor(150 + random.nextInt(750), TimeUnit.MILLISECONDS);
            if (p.isAlive()) {
                p.destroyForcibly().waitFor();
                kills++;
            }
            if (random.nextBoolean()) {
                // the user restores the sources of before the killed build
                versions = previous;
                for (int i = 0; i < networks.length; i++) {
                    version(sources, networks[i], versions[i]);
                }
            }
            assertTrue(BuildProcess.build(sources, target, new FakeCompiler(), new RecordingLog()).succeeded());
            assertEquals(clean(sources), BuildProcess.outputs(target), "round " + round);
        }
        System.out.println("InterruptedBuildsTest: " + kills + " of 12 builds killed before they finished");
        assertTrue(kills >= 4, "only " + kills + " builds were killed: the test did not test kills");
    }

    @Test
    void twoBuildsOfOneProjectAtOnceTakeTurnsAndBothAreRight() throws Exception {
        Path sources = sources();
        Path target = tmp.resolve("target");
        for (String n : List.of("a.onnx", "b.onnx", "c.onnx")) {
            version(sources, n, 2);
        }
        // each build takes about a second (9 outputs, 100 ms each): long enough to overlap on a busy machine
        Process first = start(sources, target, 100);
        Process second = start(sources, target, 100);
        assertTrue(first.waitFor(60, TimeUnit.SECONDS) && second.waitFor(60, TimeUnit.SECONDS));
        String logs = new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                + new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, first.exitValue(), logs);
        assertEquals(0, second.exitValue(), logs);
        assertTrue(logs.contains("Waiting for"), "one build waited for the other: " + logs);
        assertEquals(clean(sources), BuildProcess.outputs(target));
        List<String> stray = new ArrayList<>();
        BuildProcess.outputs(target).keySet().stream().filter(k -> k.contains("/.")).forEach(stray::add);
        assertEquals(List.of(), stray, "no temporary file in the output roots");
    }

    @Test
    void twoBuildsInOneJvmTakeTurnsToo() throws Exception {
        Path sources = sources();
        Path target = tmp.resolve("target");
        version(sources, "a.onnx", 1);
        version(sources, "b.onnx", 2);
        FakeCompiler slow = new FakeCompiler();
        slow.beforeWrite = BuildProcess.sleeping(100);
        RecordingLog firstLog = new RecordingLog();
        Thread first = new Thread(() -> {
            try {
                BuildProcess.build(sources, target, slow, firstLog);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        first.start();
        Thread.sleep(150);
        RecordingLog secondLog = new RecordingLog();
        FakeCompiler second = new FakeCompiler();
        assertTrue(BuildProcess.build(sources, target, second, secondLog).succeeded());
        first.join();
        assertTrue(secondLog.level("INFO").stream().anyMatch(l -> l.startsWith("Waiting for")), secondLog.lines::toString);
        assertEquals(List.of(), second.compiledNames(), "the second build found everything up to date");
        assertEquals(clean(sources), BuildProcess.outputs(target));
    }

    @Test
    void aBuildInTheSameJvmThatGivesUpWaitingLeavesTheOtherBuildsLockHeld() throws Exception {
        Path lockFile = tmp.resolve("target/lstm-maven-plugin/build.lock");
        try (BuildLock held = BuildLock.acquire(lockFile, java.time.Duration.ofSeconds(1), f -> { })) {
            List<Path> told = new ArrayList<>();
            BuildLock.TimeoutException e = assertThrows(BuildLock.TimeoutException.class,
                    () -> BuildLock.acquire(lockFile, java.time.Duration.ofMillis(200), told::add));
            assertTrue(e.getMessage().contains(lockFile.toString()), e.getMessage());
            assertEquals(List.of(lockFile), told, "the waiting build says so once");
            assertEquals("held", probe(lockFile), "another process still finds the lock held");
        }
        assertEquals("free", probe(lockFile));
    }

    private static String probe(Path lockFile) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockProbe.class.getName(),
                lockFile.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    private static Process start(Path sources, Path target, long delayMillis) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), BuildProcess.class.getName(),
                sources.toString(), target.toString(), Long.toString(delayMillis))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
    }
}
