package io.github.lstmhdl.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** The compile-test goal: test networks into the test roots, with a state of its own. */
@MojoTest
class CompileTestMojoTest {

    @TempDir
    Path tmp;

    @javax.inject.Inject
    MavenProject project;

    final FakeCompiler fake = new FakeCompiler();
    final RecordingLog log = new RecordingLog();

    @BeforeEach
    void setUp() throws Exception {
        project.getBuild().setTestResources(new ArrayList<>(project.getBuild().getTestResources()));
        project.getBuild().setResources(new ArrayList<>(project.getBuild().getResources()));
        Files.createDirectories(tmp.resolve("src/test/networks"));
        Files.writeString(tmp.resolve("src/test/networks/fixture.onnx"), "a test network", StandardCharsets.ISO_8859_1);
        Files.createDirectories(tmp.resolve("src/main/networks"));
        Files.writeString(tmp.resolve("src/main/networks/shipped.onnx"), "a main network", StandardCharsets.ISO_8859_1);
    }

    private CompileTestMojo prepare(CompileTestMojo mojo) throws Exception {
        set(mojo, "buildDirectory", tmp.resolve("target").toFile());
        set(mojo, "testSourceDirectory", tmp.resolve("src/test/networks").toFile());
        set(mojo, "generatedTestSourcesDirectory", tmp.resolve("target/gts").toFile());
        set(mojo, "generatedTestResourcesDirectory", tmp.resolve("target/gtr").toFile());
        mojo.setCompiler(fake);
        mojo.setLog(log);
        return mojo;
    }


    /** Sets a field of the mojo, declared in its class or in {@link CompileMojo}. */
    private static void set(Object mojo, String name, Object value) throws Exception {
        for (Class<?> c = mojo.getClass(); c != null; c = c.getSuperclass()) {
            try {
                java.lang.reflect.Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                f.set(mojo, value);
                return;
            } catch (NoSuchFieldException e) {
                // declared higher up
            }
        }
        throw new NoSuchFieldException(name);
    }

    @Test
    @InjectMojo(goal = "compile-test")
    @MojoParameter(name = "packageName", value = "com.example.fixtures")
    void takesTestNetworkArtifactsNotTheMainOnesAndKeepsHeadersAndMapsWithTheImages(CompileTestMojo mojo)
            throws Exception {
        Path fixtures = TestArchives.zip(tmp.resolve("repo/fixtures.zip"), java.util.Map.of("tiny.onnx", "tiny"));
        prepare(mojo);
        set(mojo, "networkArtifacts", List.of("g:main-models:1.0"));
        set(mojo, "testNetworkArtifacts", List.of("g:fixtures:1.0:zip"));
        set(mojo, "mapDirectory", tmp.resolve("target/firmware").toFile());
        List<String> resolved = new ArrayList<>();
        mojo.setArtifactResolver(a -> {
            resolved.add(a.coordinate());
            return fixtures;
        });

        mojo.execute();

        assertEquals(List.of("g:fixtures:1.0:zip"), resolved, "only the test artifacts");
        assertEquals(List.of("fixture.onnx", "tiny.onnx"), fake.compiledNames());
        assertTrue(Files.isRegularFile(tmp.resolve(
                "target/lstm-maven-plugin/compile-test/default/artifacts/g_fixtures_1.0_zip/tiny.onnx")));
        assertTrue(Files.isRegularFile(tmp.resolve("target/gtr/com/example/fixtures/tiny.memory-map.json")),
                "mapDirectory is the main goal's");
        assertFalse(Files.exists(tmp.resolve("target/firmware")));
    }

    @Test
    @InjectMojo(goal = "compile-test")
    @MojoParameter(name = "packageName", value = "com.example.fixtures")
    void compilesTheTestNetworksIntoTheTestRoots(CompileTestMojo mojo) throws Exception {
        prepare(mojo).execute();
        assertEquals(List.of("fixture.onnx"), fake.compiledNames(), "only src/test/networks");
        assertTrue(Files.isRegularFile(tmp.resolve("target/gts/com/example/fixtures/FixtureOffsets.java")));
        assertTrue(Files.isRegularFile(tmp.resolve("target/gtr/com/example/fixtures/fixture.img")));
        String sources = tmp.resolve("target/gts").toString();
        assertTrue(project.getTestCompileSourceRoots().contains(sources), project.getTestCompileSourceRoots()::toString);
        assertFalse(project.getCompileSourceRoots().contains(sources), "a test root, not a main one");
        assertTrue(project.getTestResources().stream().anyMatch(r -> r.getDirectory().equals(tmp.resolve("target/gtr")
                .toString())));
        assertTrue(Files.isRegularFile(tmp.resolve("target/lstm-maven-plugin/compile-test/default/state.properties")));
        assertFalse(Files.exists(tmp.resolve("target/lstm-maven-plugin/compile")), "the main goal's state is apart");

        fake.requests.clear();
        log.clear();
        mojo.execute();
        assertEquals(List.of(), fake.requests, "up to date");
        assertEquals(List.of("1 network up to date"), log.level("INFO"));
    }
}
