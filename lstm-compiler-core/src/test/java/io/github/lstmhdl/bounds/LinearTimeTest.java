package io.github.lstmhdl.bounds;

import static io.github.lstmhdl.testing.OnnxModelBuilder.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.image.writer.ElfImageWriter;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.npy.Npy;
import io.github.lstmhdl.pipeline.Importers;
import io.github.lstmhdl.pipeline.NetworkCompiler;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 5 of issue 10: every stage is linear or n·log n in the model's size. Each test generates a
 * model far larger than real ones (a 10^6-node Identity chain, 200,000 ReLU layers, thousands of LSTM
 * layers), compiles it in a thread with a small stack (so that any recursion over the model's size
 * overflows it) and bounds the wall clock generously: the old quadratic code took minutes.
 */
class LinearTimeTest {
    /** A stack far smaller than the default: a recursion as deep as the model would overflow it. */
    private static final long SMALL_STACK = 256 << 10;

    @TempDir
    Path dir;

    /** X → {@code before} Identity nodes → LSTM → {@code after} Identity nodes → output. */
    static byte[] identityChain(int before, int after) {
        Random r = new Random(3);
        OnnxModelBuilder b = new OnnxModelBuilder(13).input("X", 4, 1, 2);
        String x = "X";
        for (int i = 0; i < before; i++) {
            b.node("Identity", "", List.of(x), List.of("a" + i));
            x = "a" + i;
        }
        b.randomLstm(r, "lstm", x, 2, 3, "forward", 0.5f, true, false, false, 1, List.of("", "h"));
        x = "h";
        for (int i = 0; i < after; i++) {
            b.node("Identity", "", List.of(x), List.of("b" + i));
            x = "b" + i;
        }
        b.output(x, 1, 1, 3);
        return b.build();
    }

    /**
     * Imports and compiles {@code file} and writes its image (to nowhere), in a thread with a small
     * stack: the stages this test bounds. The generated constants are left out, since their size limits
     * are a matter of their own (finding 6). Fails when the compile has not ended after
     * {@code boundSeconds}.
     */
    private CompiledNetwork compile(Path file, ProcessorConfig config, long boundSeconds) throws Throwable {
        return compile(file, config, boundSeconds, Long.MAX_VALUE);
    }

    /** Like {@link #compile(Path, ProcessorConfig, long)}; also fails when the compile allocates more. */
    private CompiledNetwork compile(Path file, ProcessorConfig config, long boundSeconds, long boundBytes)
            throws Throwable {
        Object[] outcome = new Object[1];
        long[] spent = new long[1];
        Thread t = new Thread(null, () -> {
            try {
                long before = allocated();
                Network network = Importers.read(file, ImportOptions.defaults());
                CompiledNetwork compiled = NetworkCompiler.compile(network, config, file.getFileName().toString(),
                        "test", false);
                ElfImageWriter.asContent(compiled).writeTo(OutputStream.nullOutputStream());
                outcome[0] = compiled;
                spent[0] = allocated() - before;
            } catch (Throwable e) {
                outcome[0] = e;
            }
        }, "compile", SMALL_STACK);
        t.setDaemon(true); // a run past the bound must not keep the test JVM alive
        long start = System.nanoTime();
        t.start();
        t.join(boundSeconds * 1000);
        long s = seconds(start);
        assertTrue(!t.isAlive(), file.getFileName() + " did not compile within " + boundSeconds + " s");
        System.out.println(file.getFileName() + ": " + s + " s");
        if (outcome[0] instanceof Throwable e) {
            throw e;
        }
        System.out.println(file.getFileName() + ": allocated " + (spent[0] >> 20) + " MiB");
        assertTrue(spent[0] <= boundBytes, file.getFileName() + " allocated " + (spent[0] >> 20) + " MiB, more than "
                + (boundBytes >> 20) + " MiB");
        return (CompiledNetwork) outcome[0];
    }

    /** The bytes this thread has allocated so far (HotSpot), or 0 where the JVM does not tell. */
    private static long allocated() {
        return java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                ? t.getCurrentThreadAllocatedBytes() : 0;
    }

    private static long seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000_000L;
    }

    @Test
    void aMillionNodeIdentityChainCompilesInSeconds() throws Throwable {
        Path file = Files.write(dir.resolve("chain.onnx"), identityChain(500_000, 500_000));
        CompiledNetwork result = compile(file, ProcessorConfig.defaults(), 120);
        assertEquals(3, result.metadata().output().featureSize());
    }

    @Test
    void twoHundredThousandReluLayersCompileInSeconds() throws Throwable {
        int layers = 200_000;
        Npy.write(dir.resolve("w.npy"), new int[] {8, 2}, new float[16]);
        Npy.write(dir.resolve("r.npy"), new int[] {8, 2}, new float[16]);
        Npy.write(dir.resolve("b.npy"), new int[] {8}, new float[8]);
        Path file = dir.resolve("relu.lstm.json");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("{\"format\": \"lstm-hdl/1\", \"layers\": [\n");
            w.write("{\"type\": \"sequenceInput\", \"name\": \"in\", \"inputSize\": 2, \"sequenceLength\": 4},\n");
            w.write("{\"type\": \"lstm\", \"name\": \"lstm\", \"hiddenUnits\": 2, \"outputMode\": \"sequence\","
                    + " \"inputWeights\": \"w.npy\", \"recurrentWeights\": \"r.npy\", \"bias\": \"b.npy\"}");
            for (int i = 0; i < layers; i++) {
                w.write(",\n{\"type\": \"relu\", \"name\": \"r" + i + "\"}");
            }
            w.write("]}\n");
        }
        CompiledNetwork result = compile(file, ProcessorConfig.defaults().with("memorySize", "4GiB"), 120);
        assertEquals(2, result.metadata().output().featureSize());
        assertTrue(result.log().stream().anyMatch(l -> l.contains("'r" + (layers - 1) + "'")), "the last layer is listed");
    }

    @Test
    void sevenThousandFiveHundredLstmLayersCompileInSeconds() throws Throwable {
        int layers = 7_500;
        Random r = new Random(4);
        OnnxModelBuilder b = new OnnxModelBuilder(13).input("X", 2, 1, 2);
        b.initializerLongs("axis", new long[] {1}, 1);
        String x = "X";
        for (int k = 0; k < layers; k++) {
            b.randomLstm(r, "l" + k, x, 2, 2, "forward", 0.5f, false, false, false, 1, List.of("y" + k));
            b.node("Squeeze", "", List.of("y" + k, "axis"), List.of("s" + k));
            x = "s" + k;
        }
        b.output(x, 2, 1, 2);
        Path file = Files.write(dir.resolve("deep.onnx"), b.build());
        // the old code copied the layer list per node: 24 s and 1,093 MiB allocated; now about 500 MiB
        CompiledNetwork result = compile(file, ProcessorConfig.defaults(), 60, 768L << 20);
        assertEquals(2, result.metadata().output().featureSize());
    }
}
