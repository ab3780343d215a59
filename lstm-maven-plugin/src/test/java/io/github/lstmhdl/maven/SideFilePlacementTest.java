package io.github.lstmhdl.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mapDirectory} (and {@code headerDirectory}, which the fake compiler's outputs do not exercise; the
 * invoker IT {@code network-artifact} does): the maps go there, out of the registered resources, and follow
 * the parameter when it changes.
 */
@MojoTest
class SideFilePlacementTest {

    @TempDir
    Path tmp;

    @javax.inject.Inject
    MavenProject project;

    final FakeCompiler fake = new FakeCompiler();
    final RecordingLog log = new RecordingLog();
    Path resources;
    Path classes;

    @BeforeEach
    void setUp() throws IOException {
        project.getBuild().setResources(new ArrayList<>(project.getBuild().getResources()));
        Files.createDirectories(tmp.resolve("src/main/networks"));
        Files.writeString(tmp.resolve("src/main/networks/kws.onnx"), "a network");
        resources = tmp.resolve("target/generated-resources/lstm");
        classes = tmp.resolve("target/classes");
        project.getBuild().setOutputDirectory(classes.toString());
    }

    private CompileMojo prepare(CompileMojo mojo, Path maps) throws Exception {
        CompileMojoTest.set(mojo, "sourceDirectory", tmp.resolve("src/main/networks").toFile());
        CompileMojoTest.set(mojo, "generatedSourcesDirectory", tmp.resolve("target/generated-sources/lstm").toFile());
        CompileMojoTest.set(mojo, "generatedResourcesDirectory", resources.toFile());
        CompileMojoTest.set(mojo, "buildDirectory", tmp.resolve("target").toFile());
        CompileMojoTest.set(mojo, "mapDirectory", maps == null ? null : maps.toFile());
        mojo.setCompiler(fake);
        mojo.setLog(log);
        return mojo;
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "packageName", value = "com.example")
    void mapsGoToTheirFolderAndMoveWithIt(CompileMojo mojo) throws Exception {
        String map = "com/example/kws.memory-map.json";
        prepare(mojo, null).execute();
        assertTrue(Files.isRegularFile(resources.resolve(map)), "default: with the image");
        // process-resources copied it to target/classes, so the jar would carry it
        Files.createDirectories(classes.resolve("com/example"));
        Files.copy(resources.resolve(map), classes.resolve(map));

        Path firmware = tmp.resolve("target/firmware/maps");
        prepare(mojo, firmware).execute();

        assertTrue(Files.isRegularFile(firmware.resolve(map)));
        assertFalse(Files.exists(resources.resolve(map)), "the map left the resources");
        assertFalse(Files.exists(classes.resolve(map)), "and its copy in target/classes, which the jar takes");
        assertTrue(Files.isRegularFile(resources.resolve("com/example/kws.img")), "the image stays");
        assertEquals(2, fake.requests.size(), "compiled again to write the map at its new place");
        assertTrue(project.getResources().stream().noneMatch(r -> new File(r.getDirectory()).toPath().startsWith(
                tmp.resolve("target/firmware"))), "the map folder is not a resource folder");
        assertTrue(log.level("INFO").stream().anyMatch(l -> l.startsWith("Removed " + resources.resolve(map)
                + " (headerDirectory or mapDirectory changed")), log.lines::toString);

        // unchanged: up to date, nothing moved
        log.clear();
        mojo.execute();
        assertEquals(2, fake.requests.size());
        assertTrue(Files.isRegularFile(firmware.resolve(map)));

        // back to the default
        prepare(mojo, null).execute();
        assertTrue(Files.isRegularFile(resources.resolve(map)));
        assertFalse(Files.exists(firmware.resolve(map)));
        assertFalse(Files.exists(firmware.resolve("com")), "empty package folders go too");
    }
}
