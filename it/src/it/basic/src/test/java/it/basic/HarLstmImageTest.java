package it.basic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.image.ImageReader;
import io.github.lstmhdl.image.LoadedImage;
import io.github.lstmhdl.sim.Simulator;
import io.github.lstmhdl.sim.Tensor;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * What a user's unit test does with a compiled network: load the packaged image from the classpath by
 * the generated resource name, check it against the generated checksum, and run it on the simulator
 * against the output that onnxruntime computed for the ONNX model (committed beside this test).
 */
class HarLstmImageTest {
    private static final float TOLERANCE = 1e-4f;

    private static byte[] image() throws Exception {
        try (InputStream in = HarLstmImageTest.class.getResourceAsStream(HarLstmOffsets.IMAGE_RESOURCE)) {
            assertNotNull(in, "the image " + HarLstmOffsets.IMAGE_RESOURCE + " is not on the classpath");
            return in.readAllBytes();
        }
    }

    private static Simulator simulator() throws Exception {
        LoadedImage loaded = ImageReader.read(image(), "har_lstm.elf");
        return Simulator.load(loaded);
    }

    @Test
    void packagedImageMatchesTheGeneratedChecksum() throws Exception {
        byte[] bytes = image();
        assertEquals(0x7f, bytes[0]);
        assertEquals('E', bytes[1]);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertEquals(HarLstmOffsets.IMAGE_SHA256.toLowerCase(), sha);
        assertTrue(HarLstmOffsets.IMAGE_RESOURCE.endsWith("it/basic/har_lstm.elf"), HarLstmOffsets.IMAGE_RESOURCE);
    }

    @Test
    void constantsDescribeTheNetwork() throws Exception {
        assertEquals(6, HarNetwork.FEATURES);
        assertEquals(3, HarNetwork.CLASSES);
        assertEquals(50, HarLstmOffsets.MAX_SEQUENCE_LENGTH);
        assertEquals(64L << 20, HarLstmOffsets.MEMORY_SIZE);
        assertEquals(50L * 6 * 4, HarNetwork.inputBytes(50));
        long[] offsets = {HarLstmOffsets.INPUT_DATA_OFFSET, HarLstmOffsets.OUTPUT_RESULT_OFFSET,
            HarLstmOffsets.SCHEDULER_DATA_OFFSET, HarLstmOffsets.SYSTEM_BUFFER_OFFSET,
            HarLstmOffsets.INSTRUCTION_DATA_OFFSET, HarLstmOffsets.FC_WEIGHT_DATA_OFFSET, HarLstmOffsets.END_OFFSET};
        for (int i = 1; i < offsets.length; i++) {
            assertTrue(offsets[i - 1] <= offsets[i], "regions out of order at " + i);
            assertEquals(0, offsets[i - 1] % HarLstmOffsets.ALIGNMENT, "region " + (i - 1) + " is not aligned");
        }
        assertTrue(HarLstmOffsets.END_OFFSET <= HarLstmOffsets.MEMORY_SIZE);
        assertTrue(HarLstmOffsets.INPUT_DATA_SIZE >= 50L * 6 * 4);
        Simulator sim = simulator();
        assertEquals(HarLstmOffsets.INPUT_FEATURES, sim.inputFeatureSize());
        assertEquals(HarLstmOffsets.OUTPUT_FEATURES, sim.outputFeatureSize());
        assertEquals(HarLstmOffsets.MAX_SEQUENCE_LENGTH, sim.frameLimit());
    }

    @Test
    void simulatorReproducesOnnxRuntime() throws Exception {
        TextTensor input = TextTensor.read("/input.txt");
        TextTensor expected = TextTensor.read("/expected.txt");
        assertArrayEquals(new int[] {1, 50, 6}, input.shape());
        Simulator sim = simulator();

        float[] actual = sim.predict(input.values(), 50);
        assertClose(expected.values(), actual);
        // predict resets the states: a second run gives the same output.
        assertClose(expected.values(), sim.predict(input.values(), 50));

        // The same input in the model's own layout [N, T, D] gives the graph output's layout [N, K].
        Tensor out = sim.runTensor(input.shape(), input.values(), false);
        assertArrayEquals(expected.shape(), out.shape());
        assertClose(expected.values(), out.data());
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "output length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE + TOLERANCE * Math.abs(expected[i]), "output " + i);
        }
    }
}
