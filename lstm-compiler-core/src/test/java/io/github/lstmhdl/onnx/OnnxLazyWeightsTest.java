package io.github.lstmhdl.onnx;

import static io.github.lstmhdl.testing.OnnxModelBuilder.attr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.LstmDirection;
import io.github.lstmhdl.ir.LstmLayer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.onnx.OnnxProto.Tensor;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The importer does not hold a model file's bytes: parsing only notes where each raw_data lies, the
 * values are read from the file when the tensor is decoded, and an LSTM's W and R are reordered in place
 * only when nothing else holds them.
 */
class OnnxLazyWeightsTest {
    private static final int D = 3;
    private static final int H = 4;

    @Test
    void rawDataIsReadFromTheFileWhenDecodedNotWhenParsed(@TempDir Path dir) throws Exception {
        Random r = new Random(31);
        float[] w = OnnxModelBuilder.random(r, 4 * H * D, 0.5f);
        float[] changed = OnnxModelBuilder.random(r, 4 * H * D, 0.5f);
        OnnxModelBuilder b = new OnnxModelBuilder(13);
        b.input("X", "T", 1, D);
        b.initializer("W", w, 1, 4 * H, D);
        b.initializer("R", OnnxModelBuilder.random(r, 4 * H * H, 0.5f), 1, 4 * H, H);
        b.node("LSTM", "lstm", List.of("X", "W", "R"), List.of("", "Y_h"), attr("hidden_size", (long) H));
        b.output("Y_h", 1, 1, H);
        Path file = b.write(dir.resolve("lazy.onnx"));

        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ModelBytes bytes = ModelBytes.of(ch);
            Tensor t = new OnnxWireReader("lazy.onnx").readModel(bytes).graph().initializers().get(0);
            assertEquals("W", t.name());
            // the parsed tensor is a span of the file, not a copy of its bytes
            assertEquals(4 * w.length, t.rawData().length());
            assertArrayEquals(littleEndian(w), read(ch, t.rawData().offset(), t.rawData().length()));

            // after parsing, overwrite the weights in the file: the decoder sees the new values
            ch.write(ByteBuffer.wrap(littleEndian(changed)), t.rawData().offset());
            Constant c = new TensorDecoder("lazy.onnx", dir, ImportOptions.DEFAULT_MAX_ELEMENTS, bytes)
                    .decode(t, "initializer 'W'");
            assertArrayEquals(changed, c.floats());
            assertArrayEquals(new int[] {1, 4 * H, D}, c.shape());
        }
    }

    @Test
    void aFileCutInsideRawDataIsRejected(@TempDir Path dir) throws Exception {
        Random r = new Random(32);
        OnnxModelBuilder b = new OnnxModelBuilder(13);
        b.input("X", "T", 1, D);
        b.initializer("W", OnnxModelBuilder.random(r, 4 * H * D, 0.5f), 1, 4 * H, D);
        b.initializer("R", OnnxModelBuilder.random(r, 4 * H * H, 0.5f), 1, 4 * H, H);
        b.node("LSTM", "lstm", List.of("X", "W", "R"), List.of("", "Y_h"), attr("hidden_size", (long) H));
        b.output("Y_h", 1, 1, H);
        byte[] model = b.build();
        OnnxImporter.read(Files.write(dir.resolve("whole.onnx"), model), ImportOptions.defaults());
        for (int len = 0; len < model.length; len += 7) {
            Path cut = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(model, len));
            InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                    () -> OnnxImporter.read(cut, ImportOptions.defaults()), "cut at " + len);
            assertEquals(cut.toString(), e.file());
            assertTrue(e.location() != null && !e.reason().isEmpty(), e.getMessage());
        }
    }

    @Test
    void weightsSharedByTwoLstmsAreReorderedOnceEach() throws Exception {
        // D == H, so one W fits both stacked layers; the second reads it through an Identity, which shares
        // the decoded array: the first LSTM must copy it, the second may take it over
        Random r = new Random(33);
        float[] w = OnnxModelBuilder.random(r, 4 * H * H, 0.5f);
        OnnxModelBuilder b = new OnnxModelBuilder(13);
        b.input("X", "T", 1, H);
        b.initializer("W", w, 1, 4 * H, H);
        b.initializer("R1", OnnxModelBuilder.random(r, 4 * H * H, 0.5f), 1, 4 * H, H);
        b.initializer("R2", OnnxModelBuilder.random(r, 4 * H * H, 0.5f), 1, 4 * H, H);
        b.node("Identity", "alias", List.of("W"), List.of("W2"));
        b.node("LSTM", "l1", List.of("X", "W", "R1"), List.of("Y1"), attr("hidden_size", (long) H));
        b.initializerLongs("ax1", new long[] {1}, 1);
        b.node("Squeeze", "sq", List.of("Y1", "ax1"), List.of("Y1s"));
        b.node("LSTM", "l2", List.of("Y1s", "W2", "R2"), List.of("", "Y_h"), attr("hidden_size", (long) H));
        b.output("Y_h", 1, 1, H);
        Network n = OnnxImporter.read(b.build(), "shared.onnx", ImportOptions.defaults());

        FloatTensor expected = FloatTensor.of(canonical(w, H, H), 4 * H, H);
        LstmDirection first = ((LstmLayer) n.layers().get(0)).directions().get(0);
        LstmDirection second = ((LstmLayer) n.layers().get(1)).directions().get(0);
        assertEquals(expected, first.inputWeights());
        assertEquals(expected, second.inputWeights());
        assertNotEquals(first.recurrentWeights(), second.recurrentWeights());
    }

    /** ONNX gate blocks i, o, f, c to the canonical i, f, g, o. */
    private static float[] canonical(float[] onnx, int h, int cols) {
        int[] from = {0, 2, 3, 1};
        float[] out = new float[onnx.length];
        for (int k = 0; k < 4; k++) {
            System.arraycopy(onnx, from[k] * h * cols, out, k * h * cols, h * cols);
        }
        return out;
    }

    private static byte[] littleEndian(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    private static byte[] read(FileChannel ch, long offset, int length) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            ch.read(b, offset + b.position());
        }
        return b.array();
    }
}
