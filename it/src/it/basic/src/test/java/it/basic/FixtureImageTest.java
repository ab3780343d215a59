package it.basic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.lstmhdl.image.ImageReader;
import io.github.lstmhdl.sim.Simulator;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * A network under src/test/networks, compiled by the compile-test goal into the test roots: its constants
 * class compiles with the tests and its image is on the test classpath (and not in the jar).
 */
class FixtureImageTest {

    @Test
    void theTestNetworksImageIsOnTheTestClasspathAndRuns() throws Exception {
        byte[] bytes;
        try (InputStream in = FixtureImageTest.class.getResourceAsStream(HarFixtureOffsets.IMAGE_RESOURCE)) {
            assertNotNull(in, "the image " + HarFixtureOffsets.IMAGE_RESOURCE + " is not on the test classpath");
            bytes = in.readAllBytes();
        }
        Simulator sim = Simulator.load(ImageReader.read(bytes, "har_fixture.elf"));
        float[] x = new float[HarFixtureOffsets.INPUT_FEATURES * 4];
        float[] y = sim.predict(x, 4);
        assertEquals(0, y.length % HarFixtureOffsets.OUTPUT_FEATURES, "whole output frames");
        assertEquals(HarLstmOffsets.OUTPUT_FEATURES, HarFixtureOffsets.OUTPUT_FEATURES, "the fixture is the same network");
    }
}
