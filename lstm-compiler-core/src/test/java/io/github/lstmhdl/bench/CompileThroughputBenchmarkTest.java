package io.github.lstmhdl.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.lstmhdl.CompileResult;
import io.github.lstmhdl.image.ImageReader;
import io.github.lstmhdl.image.LoadedImage;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps the benchmark's model generation and timed work honest, at a tiny size. */
class CompileThroughputBenchmarkTest {

    @Test
    void jsonModelCompilesAndItsImageHoldsTheWeights(@TempDir Path dir) throws Exception {
        CompileThroughputBenchmark.Model model = CompileThroughputBenchmark.writeJson(dir.resolve("m"), 2, 12, 8, false);
        // 2 layers: 4H·(D+H) + 4H·(H+H) weights and 4H biases each
        assertEquals(4L * (32 * 20 + 32 + 32 * 16 + 32), model.weightBytes());
        Path out = dir.resolve("out");
        CompileResult result = CompileThroughputBenchmark.compileAndWrite(model.file(), out);
        assertEquals(4, result.files().size());
        Path image = out.resolve("resource").resolve(result.files().get(0).relativePath());
        assertTrue(Files.size(image) > model.weightBytes(), "the image holds at least the weights");
        LoadedImage loaded = ImageReader.read(image);
        assertEquals("bench", loaded.metadata().networkName());
    }

    @Test
    void bidirectionalJsonModelCompiles(@TempDir Path dir) throws Exception {
        CompileThroughputBenchmark.Model model = CompileThroughputBenchmark.writeJson(dir.resolve("m"), 2, 12, 8, true);
        // per direction: 4H·(D+H) + 4H, then 4H·(2H+H) + 4H
        assertEquals(4L * 2 * (32 * 20 + 32 + 32 * 24 + 32), model.weightBytes());
        CompileResult result = CompileThroughputBenchmark.compileAndWrite(model.file(), dir.resolve("out"));
        assertEquals(4, result.files().size());
    }

    @Test
    void onnxModelIsValidForOnnxRuntime(@TempDir Path dir) throws Exception {
        CompileThroughputBenchmark.Model model = CompileThroughputBenchmark.writeOnnx(dir, 2, 6, 5);
        assertEquals(4L * (20 * 6 + 20 * 5 + 40 + 20 * 5 + 20 * 5 + 40), model.weightBytes());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] x = new float[30 * 6];
        Random random = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat() - 0.5f;
        }
        try (OrtSession session = env.createSession(model.file().toString(), new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {30, 1, 6});
                OrtSession.Result r = session.run(Map.of("X", input))) {
            OnnxTensor y = (OnnxTensor) r.get(0);
            assertArrayEquals(new long[] {30, 1, 5}, y.getInfo().getShape());
            float[] values = y.getFloatBuffer().array();
            assertTrue(Math.abs(values[values.length - 1]) > 0, "a non-trivial output");
        }
    }
}
