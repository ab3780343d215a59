package it.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.lstmhdl.image.ImageReader;
import io.github.lstmhdl.sim.Simulator;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The image compiled from the native JSON network (MATLAB's weight layout and gate order) computes what
 * onnxruntime computes for the ONNX twin that ItFixtures built from the same weights.
 */
class GestureImageTest {

    @Test
    void imageRunsLikeTheOnnxTwin() throws Exception {
        byte[] bytes;
        try (InputStream in = GestureImageTest.class.getResourceAsStream(GestureOffsets.IMAGE_RESOURCE)) {
            assertNotNull(in, GestureOffsets.IMAGE_RESOURCE);
            bytes = in.readAllBytes();
        }
        assertEquals(GestureOffsets.IMAGE_SHA256.toLowerCase(),
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertEquals(5, GestureClassifier.CHANNELS);
        assertEquals(4, GestureClassifier.GESTURES);
        assertEquals(20, GestureOffsets.MAX_SEQUENCE_LENGTH);

        Simulator sim = Simulator.load(ImageReader.read(bytes, "gesture.elf"));
        TextTensor input = TextTensor.read("/input.txt");
        TextTensor expected = TextTensor.read("/expected.txt");
        float[] actual = sim.predict(input.values(), 20);
        assertEquals(expected.values().length, actual.length);
        float sum = 0;
        for (int i = 0; i < actual.length; i++) {
            assertEquals(expected.values()[i], actual[i], 1e-5f, "probability " + i);
            sum += actual[i];
        }
        assertEquals(1f, sum, 1e-5f, "softmax output");
    }
}
