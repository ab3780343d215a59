package io.github.lstmhdl.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code <networkArtifacts>} through the plugin testing harness, with a fake compiler and archives that a
 * fake resolver hands out (the invoker IT {@code network-artifact} resolves real ones).
 */
@MojoTest
class NetworkArtifactsMojoTest {

    @TempDir
    Path tmp;

    @javax.inject.Inject
    MavenProject project;

    Path networks;
    final FakeCompiler fake = new FakeCompiler();
    final RecordingLog log = new RecordingLog();
    /** The archive of each coordinate; a coordinate absent here cannot be resolved. */
    final Map<String, Path> repository = new HashMap<>();

    @BeforeEach
    void setUp() throws IOException {
        project.getBuild().setResources(new ArrayList<>(project.getBuild().getResources()));
        networks = Files.createDirectories(tmp.resolve("src/main/networks"));
        Files.writeString(networks.resolve("local.onnx"), "local network");
    }

    private Path archive(String name, Map<String, String> entries) throws IOException {
        return TestArchives.zip(tmp.resolve("repo/" + name), entries);
    }

    private CompileMojo prepare(CompileMojo mojo, String... coordinates) throws Exception {
        CompileMojoTest.set(mojo, "sourceDirectory", networks.toFile());
        CompileMojoTest.set(mojo, "generatedSourcesDirectory", tmp.resolve("target/generated-sources/lstm").toFile());
        CompileMojoTest.set(mojo, "generatedResourcesDirectory",
                tmp.resolve("target/generated-resources/lstm").toFile());
        CompileMojoTest.set(mojo, "buildDirectory", tmp.resolve("target").toFile());
        CompileMojoTest.set(mojo, "networkArtifacts", List.of(coordinates));
        mojo.setCompiler(fake);
        mojo.setArtifactResolver(a -> {
            Path p = repository.get(a.coordinate());
            if (p == null) {
                throw new ArtifactResolver.UnresolvableArtifactException("Could not find artifact " + a
                        + " in central (https://repo.maven.apache.org/maven2)", null);
            }
            return p;
        });
        mojo.setLog(log);
        return mojo;
    }

    private Path image(String stem) {
        return tmp.resolve("target/generated-resources/lstm/com/example/" + stem + ".img");
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "packageName", value = "com.example")
    void aSnapshotRebuiltUnderTheSameCoordinateIsCompiledAgainSoNoBuildWithArtifactsTakesTheNoOpShortcut(
            CompileMojo mojo) throws Exception {
        repository.put("g:models:1.0-SNAPSHOT:jar", archive("models-a.jar", Map.of("kws/kws.onnx", "kws a")));
        prepare(mojo, "g:models:1.0-SNAPSHOT").execute();
        log.clear();
        mojo.execute();
        assertEquals(List.of("2 networks up to date"), log.level("INFO"));
        assertFalse(Files.exists(tmp.resolve("target/lstm-maven-plugin/compile/default/" + NoOpRecord.FILE_NAME)),
                "no no-op record: the shortcut would not look into the resolved archive");

        repository.put("g:models:1.0-SNAPSHOT:jar", archive("models-b.jar", Map.of("kws/kws.onnx", "kws b")));
        log.clear();
        mojo.execute();
        List<String> info = log.level("INFO");
        assertEquals("Compiled 1 network, 1 up to date", info.get(info.size() - 1), info::toString);
        assertEquals("kws.onnx", fake.compiledNames().get(fake.compiledNames().size() - 1));
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "packageName", value = "com.example")
    void compilesTheArchiveNetworksBesideTheLocalOnesWithTheSameIncrementalRules(CompileMojo mojo) throws Exception {
        repository.put("g:models:1.0:jar", archive("models-1.0.jar", Map.of("META-INF/MANIFEST.MF", "x",
                "kws/kws.onnx", "kws 1.0", "notes.txt", "not a network")));
        prepare(mojo, "g:models:1.0").execute();

        assertEquals(List.of("local.onnx", "kws.onnx"), fake.compiledNames());
        assertEquals("g:models:1.0:jar!/kws/kws.onnx", fake.requests.get(1).displayName());
        assertTrue(Files.isRegularFile(image("kws")));
        assertTrue(Files.isRegularFile(tmp.resolve(
                "target/lstm-maven-plugin/compile/default/artifacts/g_models_1.0_jar/kws/kws.onnx")));

        // unchanged: nothing compiled
        log.clear();
        mojo.execute();
        assertEquals(2, fake.requests.size());
        assertEquals(List.of("2 networks up to date"), log.level("INFO"));

        // a new version, even with the same bytes: compiled again; the old version's folder goes
        repository.put("g:models:1.1:jar", archive("models-1.1.jar", Map.of("kws/kws.onnx", "kws 1.0")));
        CompileMojoTest.set(mojo, "networkArtifacts", List.of("g:models:1.1"));
        log.clear();
        mojo.execute();
        assertEquals(List.of("local.onnx", "kws.onnx", "kws.onnx"), fake.compiledNames());
        assertTrue(log.level("INFO").contains("Compiled 1 network, 1 up to date"), log.lines::toString);
        assertFalse(Files.exists(tmp.resolve("target/lstm-maven-plugin/compile/default/artifacts/g_models_1.0_jar")));

        // removed from the list: its outputs are removed, and its folder
        CompileMojoTest.set(mojo, "networkArtifacts", List.of());
        log.clear();
        mojo.execute();
        assertFalse(Files.exists(image("kws")));
        assertTrue(Files.isRegularFile(image("local")));
        assertTrue(log.level("INFO").contains("Removed the outputs of kws/kws.onnx (network deleted)"),
                log.lines::toString);
        assertFalse(Files.exists(tmp.resolve("target/lstm-maven-plugin/compile/default/artifacts")));
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "packageName", value = "com.example")
    void anUnresolvableCoordinateNamesItAndTheReason(CompileMojo mojo) throws Exception {
        MojoFailureException e = assertThrows(MojoFailureException.class,
                () -> prepare(mojo, "g:missing:3.0:zip:onnx").execute());
        assertEquals("Cannot resolve network artifact g:missing:3.0:zip:onnx (parameter networkArtifacts): Could not"
                + " find artifact g:missing:3.0:zip:onnx in central (https://repo.maven.apache.org/maven2)", e.getMessage());
        assertTrue(fake.requests.isEmpty());
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "packageName", value = "com.example")
    void aNetworkAtTheSamePathAsALocalOneIsAnErrorNamingBoth(CompileMojo mojo) throws Exception {
        repository.put("g:models:1.0:jar", archive("models-1.0.jar", Map.of("local.onnx", "other")));
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> prepare(mojo, "g:models:1.0").execute());
        assertTrue(e.getMessage().startsWith("Network local.onnx is in both " + networks
                + " and network artifact g:models:1.0:jar: they would be compiled to the same outputs")
                || e.getMessage().startsWith("Network local.onnx is in both src/main/networks and network artifact"
                + " g:models:1.0:jar: they would be compiled to the same outputs"), e.getMessage());
        assertTrue(fake.requests.isEmpty());

        repository.put("g:more:1.0:zip", archive("more-1.0.zip", Map.of("a.onnx", "a")));
        repository.put("g:again:1.0:jar", archive("again-1.0.jar", Map.of("a.onnx", "a")));
        e = assertThrows(MojoFailureException.class, () -> prepare(mojo, "g:more:1.0:zip", "g:again:1.0").execute());
        assertTrue(e.getMessage().startsWith("Network a.onnx is in both network artifact g:more:1.0:zip and network"
                + " artifact g:again:1.0:jar"), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "packageName", value = "com.example")
    void anArchiveWithAPathOutsideItsFolderFailsTheBuild(CompileMojo mojo) throws Exception {
        repository.put("g:evil:1.0:jar", archive("evil-1.0.jar", Map.of("../../escape.onnx", "x")));
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> prepare(mojo, "g:evil:1.0").execute());
        assertTrue(e.getMessage().startsWith("Network artifact g:evil:1.0:jar (" + tmp.resolve("repo/evil-1.0.jar")
                + "): entry '../../escape.onnx' has a '..' segment"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("target/lstm-maven-plugin/compile/escape.onnx")));
    }
}
