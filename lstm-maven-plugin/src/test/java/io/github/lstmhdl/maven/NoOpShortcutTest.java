package io.github.lstmhdl.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The no-op shortcut ({@link NoOpRecord}): an unchanged build takes it, and every change that the full
 * check catches (an edited network, a new network in a subfolder, a temporary file a killed build left,
 * an edited output, a changed parameter or network setting) also ends it, with the full check's effect;
 * the build after that takes it again.
 */
@MojoTest
class NoOpShortcutTest {
    private static final String SHORTCUT = "(no-op: unchanged parameters and file stamps)";

    @TempDir
    Path tmp;

    @javax.inject.Inject
    MavenProject project;

    Path networks;
    final FakeCompiler fake = new FakeCompiler();
    final RecordingLog log = new RecordingLog();

    @BeforeEach
    void setUp() throws IOException {
        project.getBuild().setResources(new ArrayList<>(project.getBuild().getResources()));
        networks = Files.createDirectories(tmp.resolve("src/main/networks"));
        write(networks.resolve("a.onnx"), "network a");
        write(networks.resolve("sub/b.lstm.json"), "network b");
        log.debug = true;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private CompileMojo prepare(CompileMojo mojo) throws Exception {
        CompileMojoTest.set(mojo, "sourceDirectory", networks.toFile());
        CompileMojoTest.set(mojo, "generatedSourcesDirectory", tmp.resolve("target/generated-sources/lstm").toFile());
        CompileMojoTest.set(mojo, "generatedResourcesDirectory", tmp.resolve("target/generated-resources/lstm").toFile());
        CompileMojoTest.set(mojo, "buildDirectory", tmp.resolve("target").toFile());
        mojo.setCompiler(fake);
        mojo.setLog(log);
        return mojo;
    }

    /** Runs the goal; whether it took the shortcut, after checking the summary line. */
    private boolean run(CompileMojo mojo, String summary) throws Exception {
        log.clear();
        mojo.execute();
        assertTrue(log.level("INFO").contains(summary), log.lines::toString);
        return log.level("DEBUG").stream().anyMatch(l -> l.endsWith(SHORTCUT));
    }

    /** After a change: the full check ran with {@code summary}, and the next build is a shortcut again. */
    private void fullCheckThenShortcut(CompileMojo mojo, String summary) throws Exception {
        assertFalse(run(mojo, summary), "the change ends the shortcut");
        assertTrue(run(mojo, networkCount() + " networks up to date"), "the build after it takes the shortcut again");
    }

    private int networkCount() throws IOException {
        try (var files = Files.walk(networks)) {
            return (int) files.filter(Files::isRegularFile).count();
        }
    }

    private Path resources() {
        return tmp.resolve("target/generated-resources/lstm/com/example");
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "packageName", value = "com.example")
    void anUnchangedBuildTakesTheShortcutAndEveryChangeEndsIt(CompileMojo mojo) throws Exception {
        prepare(mojo);
        assertFalse(run(mojo, "Compiled 2 networks, 0 up to date"));
        assertTrue(run(mojo, "2 networks up to date"), "an unchanged build is a no-op without the full check");
        assertTrue(Files.isRegularFile(tmp.resolve("target/lstm-maven-plugin/compile/default/" + NoOpRecord.FILE_NAME)));
        assertEquals(2, fake.requests.size());

        write(networks.resolve("a.onnx"), "network A"); // same size
        fullCheckThenShortcut(mojo, "Compiled 1 network, 1 up to date");
        assertEquals(3, fake.requests.size());

        write(networks.resolve("sub/deeper/c.onnx"), "network c");
        fullCheckThenShortcut(mojo, "Compiled 1 network, 2 up to date");

        Path staging = Files.createDirectories(tmp.resolve("target/lstm-maven-plugin/tmp"));
        write(staging.resolve(".lstm-0123.tmp"), "left by a killed build");
        fullCheckThenShortcut(mojo, "3 networks up to date");
        assertFalse(Files.exists(staging.resolve(".lstm-0123.tmp")), "the full check removed the orphan");

        write(resources().resolve(".lstm-4567.tmp"), "left by a killed build");
        fullCheckThenShortcut(mojo, "3 networks up to date");
        assertFalse(Files.exists(resources().resolve(".lstm-4567.tmp")));

        Path image = resources().resolve("a.img");
        String written = Files.readString(image);
        Files.writeString(image, written.replace('i', 'I')); // same size, other bytes
        fullCheckThenShortcut(mojo, "Compiled 1 network, 2 up to date");
        assertEquals(written, Files.readString(image), "the full check restored the output");

        int before = fake.requests.size();
        CompileMojoTest.set(mojo, "memorySize", "64MiB");
        fullCheckThenShortcut(mojo, "Compiled 3 networks, 0 up to date");
        assertEquals(before + 3, fake.requests.size());
        assertEquals(64L << 20, fake.requests.get(fake.requests.size() - 1).config().memorySize());

        NetworkOverride o = new NetworkOverride();
        o.setFile("a.onnx");
        o.setClassName("Renamed");
        CompileMojoTest.set(mojo, "networks", List.of(o));
        fullCheckThenShortcut(mojo, "Compiled 1 network, 2 up to date");
        assertEquals("Renamed", fake.requests.get(fake.requests.size() - 1).className().orElseThrow());

        Files.delete(networks.resolve("sub/deeper/c.onnx"));
        assertFalse(run(mojo, "2 networks up to date"), "a deleted network ends the shortcut");
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "packageName", value = "com.example")
    void aNetworkAddedWhileTheBuildRunsIsNotVouchedFor(CompileMojo mojo) throws Exception {
        prepare(mojo);
        fake.beforeWrite = index -> {
            try {
                write(networks.resolve("sub/late.onnx"), "added while the outputs were written");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        run(mojo, "Compiled 2 networks, 0 up to date");
        fake.beforeWrite = index -> { };
        assertFalse(run(mojo, "Compiled 1 network, 2 up to date"), "the late network is found and compiled");
        assertTrue(run(mojo, "3 networks up to date"));
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "packageName", value = "com.example")
    @MojoParameter(name = "verbose", value = "true")
    void aVerboseBuildRepeatsItsLinesAndSoNeverTakesTheShortcut(CompileMojo mojo) throws Exception {
        prepare(mojo);
        run(mojo, "Compiled 2 networks, 0 up to date");
        assertFalse(run(mojo, "2 networks up to date"));
        assertTrue(log.level("INFO").stream().anyMatch(l -> l.startsWith("Up to date: ")), log.lines::toString);
    }
}
