package com.example.sensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.image.ImageReader;
import io.github.lstmhdl.sim.Simulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A user's unit test against the reference simulator: the packaged image is the one the constants
 * describe, and the network behaves as the code around it expects (here: outputs in the range a tanh
 * state allows, and the same result for the same input).
 */
class SensorNetworkTest {
    private Simulator sim;

    @BeforeEach
    void loadTheImage() throws Exception {
        // refused, naming the resource, if the image is not the one the constants describe (stale or corrupt)
        sim = Simulator.load(ImageReader.readResource(SensorNetworkTest.class, SensorLstmOffsets.IMAGE_RESOURCE,
                SensorLstmOffsets.IMAGE_SHA256));
    }

    @Test
    void aSequenceGivesOneOutputVectorPerStepOrPerSequence() throws Exception {
        int steps = 12;
        float[] x = new float[steps * SensorLstmOffsets.INPUT_FEATURES];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.cos(0.3 * i);
        }
        float[] y = sim.predict(x, steps);
        int frames = SensorLstmOffsets.OUTPUT_IS_SEQUENCE ? steps : 1;
        assertEquals(frames * SensorLstmOffsets.OUTPUT_FEATURES, y.length);
        for (float v : y) {
            assertTrue(Float.isFinite(v), "a finite output");
        }
        assertArrayEquals(y, sim.predict(x, steps), "predict resets the state: the same input, the same output");
    }
}
