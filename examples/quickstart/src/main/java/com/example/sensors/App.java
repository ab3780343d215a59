package com.example.sensors;

import io.github.lstmhdl.diagnostics.LocatedException;
import io.github.lstmhdl.image.ContentChecksum;
import io.github.lstmhdl.image.ImageReader;
import io.github.lstmhdl.sim.Simulator;
import java.io.IOException;
import java.io.InputStream;

/**
 * Prints where the host must put the input and find the output of the compiled sensor network, then
 * loads its image from the class path, checks it against the generated checksum and runs one sequence
 * on the reference simulator.
 */
public final class App {
    private App() {
    }

    public static void main(String[] args) throws IOException, LocatedException {
        System.out.printf("input  at 0x%08x (%d features, up to %d steps)%n",
                SensorLstmOffsets.BASE_ADDRESS + SensorLstmOffsets.INPUT_DATA_OFFSET,
                SensorLstmOffsets.INPUT_FEATURES, SensorLstmOffsets.MAX_SEQUENCE_LENGTH);
        System.out.printf("output at 0x%08x (%d features)%n",
                SensorLstmOffsets.BASE_ADDRESS + SensorLstmOffsets.OUTPUT_RESULT_OFFSET,
                SensorLstmOffsets.OUTPUT_FEATURES);
        byte[] image;
        try (InputStream in = App.class.getResourceAsStream(SensorLstmOffsets.IMAGE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SensorLstmOffsets.IMAGE_RESOURCE + " is not on the class path");
            }
            image = in.readAllBytes();
        }
        if (!ContentChecksum.sha256Hex(image).equals(SensorLstmOffsets.IMAGE_SHA256)) {
            throw new IllegalStateException("stale or corrupt image " + SensorLstmOffsets.IMAGE_RESOURCE);
        }
        Simulator sim = Simulator.load(ImageReader.read(image, SensorLstmOffsets.IMAGE_RESOURCE));
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
