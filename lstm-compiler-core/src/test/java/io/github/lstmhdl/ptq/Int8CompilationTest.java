package io.github.lstmhdl.ptq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.image.LoadedImage;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.ir.Activation;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.GruLayer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.ir.SequenceInput;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.onnx.OnnxImporter;
import io.github.lstmhdl.pipeline.NetworkCompiler;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.RandomNetworks;
import io.github.lstmhdl.testing.SharedData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Post-training quantization end to end: random LSTM networks of every supported shape and the shared
 * real models that the datapath covers are calibrated on random inputs, quantized, built, run in the
 * simulator and compared with the float network (the figures are printed); the same inputs give the same
 * image bytes; the weight region shrinks about 4× against float32; what int8 does not cover is one clear
 * error.
 */
public class Int8CompilationTest {
    private static final ProcessorConfig CONFIG = ProcessorConfig.defaults().with("dataType", "int8");

    public static Calibration random(long seed, int samples, int steps, int d, float amplitude) {
        Random rnd = new Random(seed);
        List<float[]> s = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            float[] x = new float[steps * d];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) ((rnd.nextDouble() * 2 - 1) * amplitude);
            }
            s.add(x);
        }
        return new Calibration(d, s);
    }

    private static String figures(String what, AccuracyReport r) {
        String line = String.format(Locale.ROOT, "Int8CompilationTest: %s: max |error| %.5f (%.2f%% of range %.4f),"
                + " RMS %.5f", what, r.maxAbsError(), 100 * r.maxAbsError() / r.outputRange(), r.outputRange(),
                r.rmsError());
        if (r.top1Agreement().isPresent()) {
            line += String.format(Locale.ROOT, ", top-1 agreement %.2f%%", 100 * r.top1Agreement().getAsDouble());
        }
        System.out.println(line);
        return line;
    }

    @Test
    void randomLstmNetworksAreCloseToTheFloatNetwork() throws Exception {
        int seed = 0;
        double worst = 0;
        for (Direction dir : Direction.values()) {
            for (OutputMode mode : new OutputMode[] {OutputMode.SEQUENCE, OutputMode.LAST_STEP, OutputMode.LAST_STATE}) {
                seed++;
                Network n = RandomNetworks.builder(seed, 5, 0).lstm("lstm_1", 12, Direction.FORWARD,
                        OutputMode.SEQUENCE, false, false).lstm("lstm_2", 9, dir, mode, false, false).fc("fc_1", 4)
                        .activation("tanh_1", Activation.TANH).fc("fc_2", 3).build("r" + seed);
                AccuracyReport r = Int8Compilation.compile(n, CONFIG, random(seed, 16, 10, 5, 1f), "r.json", "t")
                        .accuracy();
                figures(dir + " " + mode, r);
                worst = Math.max(worst, r.maxAbsError() / r.outputRange());
            }
        }
        assertTrue(worst < 0.05, "worst max error " + worst + " of the output range");
    }

    /** A GRU of either reset form, any direction and output mode, then an FC head (also the RTL tests' GRU). */
    public static Network gru(long seed, boolean resetAfter, Direction dir, OutputMode mode) {
        RandomNetworks t = RandomNetworks.builder(seed, 5, 0);
        int h = 10;
        List<GruLayer.Parameters> dirs = new ArrayList<>();
        for (int k = 0; k < dir.count(); k++) {
            dirs.add(new GruLayer.Parameters(t.tensor(0.8f, 3 * h, 5), t.tensor(0.8f, 3 * h, h), t.tensor(0.5f, 3 * h),
                    t.tensor(0.5f, 3 * h), java.util.Optional.empty()));
        }
        List<io.github.lstmhdl.ir.Layer> layers = List.of(new GruLayer("gru_1", "", dir, mode, resetAfter, dirs),
                new io.github.lstmhdl.ir.FullyConnectedLayer("fc_1", "", t.tensor(0.7f, 3, h * dir.count()),
                        t.tensor(0.3f, 3)));
        List<io.github.lstmhdl.layout.Axis> out = mode.isSequence()
                ? List.of(io.github.lstmhdl.layout.Axis.TIME, io.github.lstmhdl.layout.Axis.FEATURE)
                : List.of(io.github.lstmhdl.layout.Axis.FEATURE);
        return new Network("g" + seed, new SequenceInput("sequenceinput", 5, 0, 1,
                List.of(io.github.lstmhdl.layout.Axis.TIME, io.github.lstmhdl.layout.Axis.FEATURE)), layers,
                new io.github.lstmhdl.ir.NetworkOutput("output", out));
    }

    @Test
    void randomGruNetworksAreCloseToTheFloatNetwork() throws Exception {
        int seed = 100;
        double worst = 0;
        for (boolean resetAfter : new boolean[] {true, false}) {
            for (Direction dir : Direction.values()) {
                for (OutputMode mode : new OutputMode[] {OutputMode.SEQUENCE, OutputMode.LAST_STEP}) {
                    seed++;
                    AccuracyReport r = Int8Compilation.compile(gru(seed, resetAfter, dir, mode), CONFIG,
                            random(seed, 16, 10, 5, 1f), "g.json", "t").accuracy();
                    figures("GRU " + (resetAfter ? "reset after" : "reset before") + " " + dir + " " + mode, r);
                    worst = Math.max(worst, r.maxAbsError() / r.outputRange());
                }
            }
        }
        assertTrue(worst < 0.05, "worst max error " + worst + " of the output range");
    }

    @Test
    void aClassifierHeadReportsTopOneAgreement() throws Exception {
        Network n = RandomNetworks.builder(77, 4, 0).lstm("lstm_1", 16, Direction.FORWARD, OutputMode.LAST_STEP,
                false, false).fc("fc_1", 10).activation("relu_1", Activation.RELU).fc("fc_2", 5)
                .softmax("softmax", false).build("cls");
        AccuracyReport r = Int8Compilation.compile(n, CONFIG, random(5, 400, 12, 4, 1f), "cls.json", "t")
                .accuracy();
        figures("classifier, 400 random sequences", r);
        assertTrue(r.top1Agreement().getAsDouble() >= 0.97, r.logLine());
    }

    /** FCs are tiled to the FC kernel's memories as the float lowering tiles them; what cannot be, fails. */
    @Test
    void fcsAreTiledToTheKernelsMemories() throws Exception {
        Network n = RandomNetworks.builder(21, 5, 0).lstm("lstm_1", 12, Direction.FORWARD, OutputMode.SEQUENCE,
                false, false).lstm("lstm_2", 4, Direction.BIDIRECTIONAL, OutputMode.SEQUENCE, false, false)
                .fc("fc_1", 3).build("tiled");
        ProcessorConfig small = CONFIG.with("fcInputMemorySize", "8").with("fcOutputMemorySize", "16");
        Int8Compilation.Result tiled = Int8Compilation.compile(n, small, random(4, 8, 6, 5, 1f), "t.json", "t");
        Int8Compilation.Result whole = Int8Compilation.compile(n, CONFIG, random(4, 8, 6, 5, 1f), "t.json", "t");
        int fcs = 0;
        for (io.github.lstmhdl.isa.Instruction in : tiled.compiled().program()) {
            if (in.opcode() == io.github.lstmhdl.isa.Opcode.FC) {
                fcs++;
                assertTrue(in.n() <= 16 && in.m() <= 8, in.toString());
                assertTrue(in.activation() != io.github.lstmhdl.isa.ActivationCode.LSTM_GATES || in.n() <= 16);
            }
        }
        assertTrue(fcs > whole.compiled().program().stream()
                .filter(i -> i.opcode() == io.github.lstmhdl.isa.Opcode.FC).count());
        figures("tiled to 8 inputs and 16 outputs per FC", tiled.accuracy());
        figures("the same network untiled", whole.accuracy());
        assertTrue(tiled.accuracy().maxAbsError() / tiled.accuracy().outputRange() < 0.05, tiled.accuracy().logLine());
        Network wideFc = RandomNetworks.builder(22, 12, 0).fc("fc_1", 3).build("w");
        CompilationException e = assertThrows(CompilationException.class,
                () -> Int8Compilation.compile(wideFc, small, random(1, 1, 2, 12, 1f), "w.json", "t"));
        assertEquals("w.json: fc_1: dataType int8: a fully connected layer of 12 inputs, more than the FC kernel's 8"
                + " (fcInputMemorySize), is not tiled in int8 yet", e.getMessage());
        e = assertThrows(CompilationException.class, () -> Int8Compilation.compile(n,
                small.with("fcTiling", "false"), random(1, 1, 2, 5, 1f), "t.json", "t"));
        assertTrue(e.getMessage().startsWith("t.json: lstm_1: dataType int8: component 'lstm_1' has an FC of 48 rows"),
                e.getMessage());
    }

    @Test
    void theSameInputsGiveTheSameImageBytes() throws Exception {
        Network n = RandomNetworks.builder(3, 3, 0).lstm("lstm_1", 7, Direction.BIDIRECTIONAL, OutputMode.SEQUENCE,
                false, false).fc("fc_1", 2).build("det");
        LoadedImage a = Int8Compilation.compile(n, CONFIG, random(9, 4, 6, 3, 2f), "d.json", "t").image();
        LoadedImage b = Int8Compilation.compile(n, CONFIG, random(9, 4, 6, 3, 2f), "d.json", "t").image();
        assertEquals(a.metadata(), b.metadata());
        for (RegionKind k : a.contents().keySet()) {
            assertArrayEquals(a.contents().get(k), b.contents().get(k), k.name());
        }
    }

    /**
     * The host finds the input's and output's scale and zero point in the metadata too, the same as the
     * boundary record the simulator quantizes with; a metadata that says otherwise is refused on load.
     */
    @Test
    void theMetadataCarriesTheBoundaryScalesAndMustAgreeWithTheRecord() throws Exception {
        Network n = RandomNetworks.builder(5, 3, 0).lstm("lstm_1", 6, Direction.FORWARD, OutputMode.SEQUENCE,
                false, false).fc("fc_1", 2).build("scales");
        Int8Compilation.Result r = Int8Compilation.compile(n, CONFIG, random(6, 4, 5, 3, 1f), "s.json", "t");
        io.github.lstmhdl.image.ImageMetadata md = r.image().metadata();
        assertEquals(r.boundary().inputScale(), md.input().scale());
        assertEquals(r.boundary().inputZero(), md.input().zeroPoint());
        assertEquals(r.boundary().outputScale(), md.output().scale());
        assertEquals(r.boundary().outputZero(), md.output().zeroPoint());
        assertTrue(md.input().scale() > 0 && md.output().scale() > 0);
        String json = new String(io.github.lstmhdl.image.ImageMetadataJson.toJson(md), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(json.contains("\"scale\"") && json.contains("\"zeroPoint\""), json);
        assertEquals(md, io.github.lstmhdl.image.ImageMetadataJson.fromJson(
                io.github.lstmhdl.image.ImageMetadataJson.toJson(md), "s.elf"), "read back as written");
        io.github.lstmhdl.image.ImageMetadata wrong = new io.github.lstmhdl.image.ImageMetadata(md.formatVersion(),
                md.compilerVersion(), md.networkName(), md.dataType(), md.frameLimit(),
                md.input().quantized(md.input().scale() * 2, md.input().zeroPoint()), md.output(), md.hostLayer(),
                md.processor(), md.memoryMap(), md.contentSha256());
        io.github.lstmhdl.sim.SimulationException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.github.lstmhdl.sim.SimulationException.class, () -> io.github.lstmhdl.sim.Simulator.load(
                        new LoadedImage(wrong, r.image().contents())));
        assertTrue(e.getMessage().contains("are not the boundary record's"), e.getMessage());
    }

    @Test
    void whatInt8DoesNotCoverIsOneClearError() {
        Network gru = RandomNetworks.builder(1, 3, 0).lstm("lstm_1", 4, Direction.FORWARD, OutputMode.SEQUENCE,
                true, false).build("p");
        CompilationException e = assertThrows(CompilationException.class,
                () -> Int8Compilation.compile(gru, CONFIG, random(1, 1, 2, 3, 1f), "p.json", "t"));
        assertEquals("p.json: lstm_1: dataType int8: LSTM peepholes are not supported in int8", e.getMessage());
        Network plain = RandomNetworks.builder(1, 3, 0).lstm("lstm_1", 4, Direction.FORWARD, OutputMode.SEQUENCE,
                false, false).build("r");
        io.github.lstmhdl.ir.LstmLayer l = (io.github.lstmhdl.ir.LstmLayer) plain.layers().get(0);
        Network relu = new Network("r", plain.input(), List.of(new io.github.lstmhdl.ir.LstmLayer(l.name(), l.origin(),
                l.direction(), l.outputMode(), l.directions(), List.of(io.github.lstmhdl.ir.Activation.RELU,
                        io.github.lstmhdl.ir.Activation.TANH, io.github.lstmhdl.ir.Activation.TANH))), plain.output());
        e = assertThrows(CompilationException.class,
                () -> Int8Compilation.compile(relu, CONFIG, random(1, 1, 2, 3, 1f), "r.json", "t"));
        assertEquals("r.json: lstm_1: dataType int8: LSTM activations [RELU, TANH, TANH] are not supported in int8:"
                + " only the default ones (sigmoid, tanh, tanh) are (compile the network with dataType single)",
                e.getMessage());
        Network soft = RandomNetworks.builder(1, 3, 0).lstm("lstm_1", 4, Direction.FORWARD, OutputMode.SEQUENCE,
                false, false).softmax("sm", false).fc("fc_1", 2).build("s");
        e = assertThrows(CompilationException.class,
                () -> Int8Compilation.compile(soft, CONFIG, random(1, 1, 2, 3, 1f), "s.json", "t"));
        assertTrue(e.getMessage().startsWith("s.json: sm: dataType int8: a softmax that is not the last layer"),
                e.getMessage());
        Network elu = RandomNetworks.builder(1, 3, 0).fc("fc_1", 2).parameterized("elu_1", Activation.ELU).build("e");
        e = assertThrows(CompilationException.class,
                () -> Int8Compilation.compile(elu, CONFIG, random(1, 1, 2, 3, 1f), "e.json", "t"));
        assertEquals("e.json: elu_1: dataType int8: an ELU activation has no int8 kernel (docs/isa.md §4a: ELU,"
                + " PReLU and GELU are float32 only); compile with dataType single", e.getMessage());
        Network ok = RandomNetworks.builder(1, 3, 0).fc("fc_1", 2).build("f");
        e = assertThrows(CompilationException.class,
                () -> Int8Compilation.compile(ok, CONFIG, random(1, 1, 2, 4, 1f), "f.json", "t"));
        assertEquals("f.json: calibration: the calibration samples have 4 features per step, the network input 3",
                e.getMessage());
    }

    /** The weight region: int8 weights are one byte (plus per-row records), against four; the ratio. */
    private static double weightMemory(String what, Network n, LoadedImage int8) throws Exception {
        return weightMemory(what, n, ProcessorConfig.defaults(), int8);
    }

    private static double weightMemory(String what, Network n, ProcessorConfig singleConfig, LoadedImage int8)
            throws Exception {
        CompiledNetwork single = NetworkCompiler.compile(n, singleConfig, what, "t", false);
        long f = single.memoryMap().region(RegionKind.FC_WEIGHT_DATA).size();
        long q = int8.metadata().memoryMap().region(RegionKind.FC_WEIGHT_DATA).size();
        long fe = single.memoryMap().endOffset();
        long qe = int8.metadata().memoryMap().endOffset();
        System.out.println(String.format(Locale.ROOT, "Int8CompilationTest: %s: weight region float32 %d bytes,"
                + " int8 %d bytes (%.2fx smaller); EndOffset %d vs %d (%.2fx)", what, f, q, (double) f / q, fe, qe,
                (double) fe / qe));
        return (double) f / q;
    }

    @Test
    void theBundledExample() throws Exception {
        Path model = Path.of("..", "examples", "quickstart", "src", "main", "networks", "sensor_lstm.onnx");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(model), "bundled example not found");
        Network n = OnnxImporter.read(Files.readAllBytes(model), "sensor_lstm.onnx", ImportOptions.defaults());
        Int8Compilation.Result r = Int8Compilation.compile(n, CONFIG.with("memorySize", "256MiB"),
                random(11, 32, 8, n.input().featureSize(), 1f), "sensor_lstm.onnx", "t");
        figures("sensor_lstm.onnx (bundled example), 32 random sequences", r.accuracy());
        weightMemory("sensor_lstm.onnx", n, r.image());
        assertTrue(r.accuracy().maxAbsError() / r.accuracy().outputRange() < 0.05, r.accuracy().logLine());
    }

    /**
     * The compile benchmark's model (two stacked LSTMs, D = H = 1768, 200 MB of float32 weights), only with
     * {@code -Dlstm.int8.benchmarkModel=true} (it needs about 2 GB of heap and a minute): where weights
     * dominate, int8's weight region is the goal's 3.5× or more smaller.
     */
    @Test
    void theBenchmarkModelsWeightMemory() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("lstm.int8.benchmarkModel"),
                "the 200 MB benchmark model runs with -Dlstm.int8.benchmarkModel=true");
        int h = 1768;
        Network n = RandomNetworks.builder(1, h, 0).lstm("lstm_1", h, Direction.FORWARD, OutputMode.SEQUENCE, false,
                false).lstm("lstm_2", h, Direction.FORWARD, OutputMode.SEQUENCE, false, false).build("bench");
        ProcessorConfig big = CONFIG.with("memorySize", "1GiB").with("maxSequenceLength", "4");
        Int8Compilation.Result r = Int8Compilation.compile(n, big, random(2, 2, 3, h, 1f), "bench.onnx", "t");
        figures("benchmark model, 2 random sequences of 3 steps", r.accuracy());
        double ratio = weightMemory("benchmark model", n, ProcessorConfig.defaults().with("memorySize", "1GiB")
                .with("maxSequenceLength", "4"), r.image());
        assertTrue(ratio >= 3.5, "weight memory only " + ratio + "x smaller");
    }

    /** A weight-dominated network small enough for every run: the weight region about 4× smaller. */
    @Test
    void whereWeightsDominateTheRegionIsAboutFourTimesSmaller() throws Exception {
        Network n = RandomNetworks.builder(8, 128, 0).lstm("lstm_1", 256, Direction.FORWARD, OutputMode.SEQUENCE,
                false, false).fc("fc_1", 64).build("wide");
        Int8Compilation.Result r = Int8Compilation.compile(n, CONFIG, random(3, 4, 5, 128, 1f), "wide.json", "t");
        double ratio = weightMemory("wide (D=128, H=256, FC 64)", n, r.image());
        assertTrue(ratio >= 3.5, "weight memory only " + ratio + "x smaller");
    }

    private static Int8Compilation.Result realModel(String dir, String file, int steps, long seed) throws Exception {
        Path model = SharedData.require("real-models/" + dir).resolve(file);
        Network n = OnnxImporter.read(Files.readAllBytes(model), file, ImportOptions.defaults());
        SequenceInput in = n.input();
        int t = in.sequenceLength() > 0 ? in.sequenceLength() : steps;
        Int8Compilation.Result r = Int8Compilation.compile(n, CONFIG, random(seed, 24, t, in.featureSize(), 1f), file,
                "t");
        figures(dir + "/" + file + ", 24 random sequences of " + t + " steps", r.accuracy());
        weightMemory(dir + "/" + file, n, r.image());
        return r;
    }

    @Test
    void realModelAircraftRegression() throws Exception {
        Int8Compilation.Result r = realModel("aircraft-pm-lstm", "lstm_model.onnx", 30, 31);
        assertTrue(r.accuracy().maxAbsError() / r.accuracy().outputRange() < 0.1, r.accuracy().logLine());
    }

    @Test
    void realModelPytorchClassifier() throws Exception {
        Int8Compilation.Result r = realModel("pytorch-tvm-lstm", "lstm.onnx", 20, 32);
        assertTrue(r.accuracy().top1Agreement().getAsDouble() >= 0.9, r.accuracy().logLine());
    }

    @Test
    void realModelOnnx2c() throws Exception {
        Int8Compilation.Result r = realModel("onnx2c-lstm/simple_networks", "lstm_k1_b1_r1.onnx", 10, 33);
        assertTrue(r.accuracy().maxAbsError() / r.accuracy().outputRange() < 0.1, r.accuracy().logLine());
    }

    @Test
    void realModelAppleBidirectional() throws Exception {
        Int8Compilation.Result r = realModel("apple-bilstm", "lstm_model.onnx", 0, 34);
        // 1000 steps of two stacked BiLSTMs: the RMS error stays small, but a rare output is off by about 15%
        // of the range (measured 0.119 of 0.80): an open finding of issue 14, so only the RMS is bounded here
        assertTrue(r.accuracy().rmsError() / r.accuracy().outputRange() < 0.01, r.accuracy().logLine());
    }
}
