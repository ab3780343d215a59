package com.example.sensors;

import io.github.lstmhdl.diagnostics.LocatedException;
import io.github.lstmhdl.image.ImageReader;
import io.github.lstmhdl.sim.Simulator;

/**
 * Prints where the host must put the input and find the output of the compiled sensor network, then
 * loads its image from the class path, checks it against the generated checksum and runs one sequence
 * on the reference simulator.
 */
public final class App {
    private App() {
    }

    public static void main(String[] args) throws LocatedException {
        System.out.printf("input  at 0x%08x (%d features, up to %d steps)%n",
                SensorLstmOffsets.BASE_ADDRESS + SensorLstmOffsets.INPUT_DATA_OFFSET,
                SensorLstmOffsets.INPUT_FEATURES, SensorLstmOffsets.MAX_SEQUENCE_LENGTH);
        System.out.printf("output at 0x%08x (%d features)%n",
                SensorLstmOffsets.BASE_ADDRESS + SensorLstmOffsets.OUTPUT_RESULT_OFFSET,
                SensorLstmOffsets.OUTPUT_FEATURES);
        // the image from the class path, refused unless its SHA-256 is the constants' (a stale or corrupt image)
        Simulator sim = Simulator.load(ImageReader.readResource(App.class, SensorLstmOffsets.IMAGE_RESOURCE,
                SensorLstmOffsets.IMAGE_SHA256));
        int steps = 20;
        float[] x = new float[steps * SensorLstmOffsets.INPUT_FEATURES];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(0.1 * i); // a made-up sensor signal, [T][D] row-major
        }
        float[] y = sim.predict(x, steps);
        System.out.println("image  " + SensorLstmOffsets.IMAGE_RESOURCE + " (checksum ok); " + steps + " steps give "
                + y.length + " outputs, the first " + y[0]);
    }
}
