package io.github.lstmhdl.bounds;

import static io.github.lstmhdl.testing.OnnxModelBuilder.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.CompileRequest;
import io.github.lstmhdl.LstmCompiler;
import io.github.lstmhdl.alloc.MemoryOverflowException;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.LstmDirection;
import io.github.lstmhdl.ir.LstmLayer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.NetworkOutput;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.ir.SequenceInput;
import io.github.lstmhdl.layout.Axis;
import io.github.lstmhdl.pipeline.NetworkCompiler;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 2 of issue 10: a weight that a tiny file makes once (a ConstantOfShape) and that many LSTM
 * layers share is copied per layer; every such copy counts against the import budget, so the file is
 * rejected with one clear error naming the node and the figures, in well under a second, instead of
 * taking gigabytes. Weights the file stores and that one layer uses are not counted.
 */
class SharedWeightBudgetTest {
    private static final int D = 2;

    @TempDir
    Path dir;

    /**
     * {@code layers} stacked LSTMs of {@code h} units whose R (and W after the first) is one
     * ConstantOfShape [1, 4h, h] of 0.01: a file of well under a kilobyte.
     */
    static byte[] sharedConstantOfShape(int layers, int h) {
        OnnxModelBuilder b = new OnnxModelBuilder(13);
        b.input("X", 2, 1, D);
        b.initializerLongs("shape_w", new long[] {1, 4L * h, D}, 3);
        b.initializerLongs("shape_r", new long[] {1, 4L * h, h}, 3);
        byte[] value = OnnxModelBuilder.floatTensor("v", new float[] {0.01f}, 1);
        b.node("ConstantOfShape", "w_first", List.of("shape_w"), List.of("W0"), OnnxModelBuilder.tensor("value", value));
        b.node("ConstantOfShape", "shared", List.of("shape_r"), List.of("C"), OnnxModelBuilder.tensor("value", value));
        String x = "X";
        for (int k = 1; k <= layers; k++) {
            b.node("LSTM", "lstm" + k, List.of(x, k == 1 ? "W0" : "C", "C"), List.of("Y" + k),
                    attr("hidden_size", (long) h));
            if (k < layers) {
                b.initializerLongs("axis" + k, new long[] {1}, 1);
                b.node("Squeeze", "sq" + k, List.of("Y" + k, "axis" + k), List.of("S" + k));
                x = "S" + k;
            }
        }
        b.output("Y" + layers, 2, 1, 1, h);
        return b.build();
    }

    private CompilationException compileFails(byte[] model, String name, ImportOptions options) throws Exception {
        Path file = Files.write(dir.resolve(name), model);
        CompileRequest request = new CompileRequest(file, name, ProcessorConfig.defaults().with("memorySize", "4GiB"),
                options, "", Optional.empty(), false);
        return assertThrows(CompilationException.class, () -> LstmCompiler.compile(request));
    }

    @Test
    @Timeout(20)
    void sevenLayersSharingOneConstantOfShapeAreRejectedFast() throws Exception {
        byte[] model = sharedConstantOfShape(7, 2048);
        assertTrue(model.length < 2048, "the hostile file is tiny: " + model.length + " bytes");
        long start = System.nanoTime();
        CompilationException e = compileFails(model, "shared7.onnx", ImportOptions.defaults());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e instanceof InvalidNetworkException, e.toString());
        assertEquals("shared7.onnx", e.file());
        // W0 (64 KiB) and C (64 MiB) are charged when folded, lstm1 copies R, lstm2 copies W: its copy of R
        // would pass 256 MiB
        assertEquals("node 'lstm2' (LSTM)", e.location());
        assertTrue(e.getMessage().startsWith("shared7.onnx: node 'lstm2' (LSTM): "), e.getMessage());
        assertTrue(e.reason().contains("import limit of 268435456 bytes (256 MiB)"), e.getMessage());
        assertTrue(e.reason().contains("the copy of input R"), e.getMessage());
        assertTrue(e.reason().contains("needs 67108864 bytes after 201392128 bytes"), e.getMessage());
        assertTrue(millis < 5_000, "rejected in " + millis + " ms");
    }

    @Test
    @Timeout(20)
    void thirtyLayersSharingAQuarterGigabyteEndWithTheBudgetNotTheHeap() throws Exception {
        long start = System.nanoTime();
        CompilationException e = compileFails(sharedConstantOfShape(30, 4000), "shared30.onnx", ImportOptions.defaults());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("node 'lstm1' (LSTM)", e.location(), e.getMessage());
        assertTrue(e.reason().contains("the copy of input R"), e.getMessage());
        assertTrue(e.reason().contains("needs 256000000 bytes after 256128000 bytes"), e.getMessage());
        assertTrue(millis < 5_000, "rejected in " + millis + " ms");
    }

    @Test
    void aStoredWeightUsedOnceIsNotCharged() throws Exception {
        Random r = new Random(5);
        int h = 256; // R alone is 1 MiB, four times the budget below
        byte[] model = new OnnxModelBuilder(13).input("X", 2, 1, D)
                .randomLstm(r, "l1", "X", D, h, "forward", 0.1f, true, true, true, 1, List.of("", "Y_h"))
                .output("Y_h", 1, 1, h).build();
        Path file = Files.write(dir.resolve("once.onnx"), model);
        ImportOptions tight = ImportOptions.defaults().withMaxConstantBytes(256 << 10);
        CompileRequest request = new CompileRequest(file, "once.onnx", ProcessorConfig.defaults(), tight, "",
                Optional.empty(), false);
        assertEquals(1, LstmCompiler.compile(request).network().metadata().output().featureSize() / h);
    }

    @Test
    void aStoredWeightSharedByTwoLayersIsChargedForTheSecondCopy() throws Exception {
        Random r = new Random(6);
        int h = 64;
        OnnxModelBuilder b = new OnnxModelBuilder(13).input("X", 2, 1, h);
        b.initializer("W", OnnxModelBuilder.random(r, 4 * h * h, 0.1f), 1, 4L * h, h);
        b.node("LSTM", "first", List.of("X", "W", "W"), List.of("Y1"), attr("hidden_size", (long) h));
        b.initializerLongs("axis", new long[] {1}, 1);
        b.node("Squeeze", "sq", List.of("Y1", "axis"), List.of("S1"));
        b.node("LSTM", "second", List.of("S1", "W", "W"), List.of("", "Y_h"), attr("hidden_size", (long) h));
        b.output("Y_h", 1, 1, h);
        byte[] model = b.build();
        // the first layer copies W twice (W and R, W stays for the second); the second shares W and R too
        long copy = 4L * h * h * Float.BYTES;
        CompilationException e = compileFails(model, "twice.onnx",
                ImportOptions.defaults().withMaxConstantBytes(3 * copy));
        assertEquals("node 'second' (LSTM)", e.location(), e.getMessage());
        assertTrue(e.reason().contains("the copy of input R"), e.getMessage());
        Path file = dir.resolve("twice.onnx");
        CompileRequest fits = new CompileRequest(file, "twice.onnx", ProcessorConfig.defaults(),
                ImportOptions.defaults().withMaxConstantBytes(4 * copy), "", Optional.empty(), false);
        assertEquals(h, LstmCompiler.compile(fits).network().metadata().output().featureSize());
    }

    /**
     * After import, nothing copies weights: a network whose 30 layers share one 256 MiB tensor (as the
     * IR allows) is found too large for the memory from the sizes alone, with the figures.
     */
    @Test
    @Timeout(20)
    void theBackEndSizesSharedWeightsBeforeAllocatingAnything() {
        int h = 4096;
        FloatTensor shared = FloatTensor.zeros(4 * h, h);
        FloatTensor bias = FloatTensor.zeros(4 * h);
        List<Layer> layers = new ArrayList<>();
        for (int k = 1; k <= 30; k++) {
            LstmDirection p = new LstmDirection(k == 1 ? FloatTensor.zeros(4 * h, D) : shared, shared, bias,
                    Optional.empty(), Optional.empty(), Optional.empty());
            layers.add(new LstmLayer("lstm_" + k, "l" + k, Direction.FORWARD, OutputMode.SEQUENCE, List.of(p)));
        }
        Network n = new Network("big", new SequenceInput("x", D, 2, 1, List.of(Axis.TIME, Axis.FEATURE)), layers,
                new NetworkOutput("lstm_30", List.of(Axis.TIME, Axis.FEATURE)));
        long start = System.nanoTime();
        MemoryOverflowException e = assertThrows(MemoryOverflowException.class, () -> NetworkCompiler.compile(n,
                ProcessorConfig.defaults().with("memorySize", "4GiB"), "big.lstm.json", "test", false));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.getMessage().startsWith("big.lstm.json: "), e.getMessage());
        assertTrue(e.required() > 30L * 4 * h * h * Float.BYTES, e.getMessage());
        assertTrue(millis < 5_000, "rejected in " + millis + " ms");
    }
}
