package io.github.lstmhdl.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deadlines and the estimate table through the mojo, with the real compiler on the bundled example
 * (estimated at 504.15 us per sequence of 50 steps and 10.582 us for one step at 220 MHz on 4 FC
 * threads): a missed deadline fails the build and writes nothing, and the incremental build never
 * skips the check, since the deadlines are part of the fingerprint.
 */
@MojoTest
class DeadlineMojoTest {
    private static final Path EXAMPLE = Path.of("../examples/quickstart/src/main/networks/sensor_lstm.onnx");

    @TempDir
    Path tmp;

    @javax.inject.Inject
    MavenProject project;

    Path networks;
    Path genResources;
    final RecordingLog log = new RecordingLog();

    @BeforeEach
    void setUp() throws Exception {
        project.getBuild().setResources(new ArrayList<>(project.getBuild().getResources()));
        networks = Files.createDirectories(tmp.resolve("src/main/networks"));
        genResources = tmp.resolve("target/generated-resources/lstm");
        Files.copy(EXAMPLE, networks.resolve("sensor_lstm.onnx"));
    }

    private CompileMojo prepare(CompileMojo mojo) throws Exception {
        set(mojo, "sourceDirectory", networks.toFile());
        set(mojo, "generatedSourcesDirectory", tmp.resolve("target/generated-sources/lstm").toFile());
        set(mojo, "generatedResourcesDirectory", genResources.toFile());
        set(mojo, "buildDirectory", tmp.resolve("target").toFile());
        set(mojo, "memorySize", "256MiB");
        mojo.setCompiler(CompileStep.core());
        mojo.setLog(log);
        return mojo;
    }

    private static void set(Object target, String field, Object value) throws Exception {
        CompileMojoTest.set(target, field, value);
    }

    private Path image() {
        return genResources.resolve("sensor_lstm.elf");
    }

    @Test
    @InjectMojo(goal = "compile")
    void aNewOrTightenedDeadlineIsCheckedAlthoughTheNetworkIsUpToDate(CompileMojo mojo) throws Exception {
        prepare(mojo).execute();
        byte[] first = Files.readAllBytes(image());
        assertTrue(log.level("INFO").stream().anyMatch(l -> l.startsWith("### Estimated performance at 220 MHz: 2216"
                + " cycles")), log.lines::toString);
        log.clear();
        mojo.execute();
        assertEquals(List.of("1 network up to date"), log.level("INFO"));

        set(mojo, "maxLatencyPerSequence", "400us"); // 504.15 us
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("sensor_lstm.onnx: deadlines: the estimate misses maxLatencyPerSequence"
                + " 400us: a sequence of 50 steps is estimated at 504.15 us (110912 cycles at 220 MHz)"), e.getMessage());
        assertTrue(e.getMessage().contains("Would fit: fcThreads 8 ("), e.getMessage());
        assertTrue(e.getMessage().contains("clockFrequencyMHz 278 or more"), e.getMessage());
        assertArrayEquals(first, Files.readAllBytes(image()), "the outputs stay as they were");
        // the failure is not recorded as up to date: the next build checks again
        assertThrows(MojoFailureException.class, mojo::execute);

        set(mojo, "maxLatencyPerSequence", "600us");
        log.clear();
        mojo.execute();
        assertTrue(log.level("INFO").contains("Compiled 1 network, 0 up to date"), log.lines::toString);
        assertArrayEquals(first, Files.readAllBytes(image()), "deadlines do not change the image");
        log.clear();
        mojo.execute();
        assertEquals(List.of("1 network up to date"), log.level("INFO"));

        // a per-network deadline replaces the global one
        NetworkOverride o = new NetworkOverride();
        o.setFile("sensor_lstm.onnx");
        o.setMaxLatencyPerStep("10us"); // 10.582 us for a run of one step
        set(mojo, "networks", List.of(o));
        e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("misses maxLatencyPerStep 10us: a run of one time step is estimated at"
                + " 10.582 us (2328 cycles at 220 MHz)"), e.getMessage());
        assertFalse(e.getMessage().contains("maxLatencyPerSequence 600us"), e.getMessage());

        set(mojo, "minFramesPerSecond", "1e12");
        o.setMaxLatencyPerStep(null);
        e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("minFramesPerSecond 1e12") && e.getMessage().contains("Nothing the compiler"
                + " can change would fit"), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "compile")
    void aMalformedDeadlineNamesTheParameter(CompileMojo mojo) throws Exception {
        prepare(mojo);
        set(mojo, "maxLatencyPerStep", "250");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("Invalid parameter maxLatencyPerStep '250' needs a unit: a positive number followed by ns, us"
                + " (or \u00b5s), ms or s, such as 250us or 2ms (network sensor_lstm.onnx)", e.getMessage());
        assertFalse(Files.exists(image()));
    }

    @Test
    @InjectMojo(goal = "compile")
    void printEstimateShowsTheTables(CompileMojo mojo) throws Exception {
        prepare(mojo);
        set(mojo, "printEstimate", true);
        mojo.execute();
        List<String> info = log.level("INFO");
        assertTrue(info.contains("### Deep Learning Processor Estimator Performance Results"), info::toString);
        assertTrue(info.contains(" * The clock frequency of the DL processor is: 220MHz"), info::toString);
        assertTrue(info.contains("### Cycles: 2216 per time step, 112 fixed, 110912 per sequence of 50 steps (2328 for"
                + " a run of one step)."), info::toString);
        int latency = info.indexOf(info.stream().filter(l -> l.startsWith("### Latency: ")).findFirst().orElseThrow());
        assertEquals("### Network compilation complete.", info.get(latency + 1));
    }
}
