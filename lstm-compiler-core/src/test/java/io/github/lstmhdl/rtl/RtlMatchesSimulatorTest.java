package io.github.lstmhdl.rtl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.LoadedImage;
import io.github.lstmhdl.ir.Activation;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.ir.SequenceInput;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.SchedulerData;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.onnx.OnnxImporter;
import io.github.lstmhdl.ptq.Int8Compilation;
import io.github.lstmhdl.ptq.Int8CompilationTest;
import io.github.lstmhdl.sim.Simulator;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.RandomNetworks;
import io.github.lstmhdl.testing.SharedData;
import io.github.lstmhdl.timing.CycleCounts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The RTL runs compiled int8 images exactly as the reference simulator does: random int8 networks of
 * every layer kind the int8 datapath covers, on 4, 8 and 16 FC lanes, and the shared real models that
 * compile in int8, each run on Verilator and on the simulator with the same random input, must give
 * identical output bytes, the run's scheduler fields (STATUS_DONE, STEPS_DONE, CONTROL_START cleared), and,
 * in a second run that keeps the state (CONTROL_RESET clear), identical bytes again. The cycle counts of
 * the RTL are compared with the timing model per instruction kind ({@link CycleReport}, written to
 * {@code target/hdl-reports/cycles.txt}).
 */
class RtlMatchesSimulatorTest {
    private static final ProcessorConfig INT8 = ProcessorConfig.defaults().with("dataType", "int8");
    private static final CycleReport REPORT = new CycleReport();

    @AfterAll
    static void writeReport() throws Exception {
        REPORT.write(Path.of("target", "hdl-reports", "cycles.txt"));
    }

    private static Int8Compilation.Result compile(Network n, ProcessorConfig config, long seed) throws Exception {
        SequenceInput in = n.input();
        int steps = in.sequenceLength() > 0 ? in.sequenceLength() : 6;
        return Int8Compilation.compile(n, config, Int8CompilationTest.random(seed, 8, steps, in.featureSize(), 1f),
                n.name() + ".json", "t");
    }

    /** Runs an image on both, twice (reset, then keep state), and requires identical bits. */
    private static void sameBits(String name, LoadedImage image, int steps, long seed, Long stallSeed)
            throws Exception {
        sameBits(name, image, steps, seed, stallSeed, Integer.parseInt(image.metadata().processor().get("fcThreads")));
    }

    /** The same on an RTL of {@code fcThreads} lanes, whatever the image was compiled for. */
    private static void sameBits(String name, LoadedImage image, int steps, long seed, Long stallSeed, int fcThreads)
            throws Exception {
        Simulator sim = Simulator.load(image);
        sim.enableProfile();
        boolean report = stallSeed == null
                && fcThreads == Integer.parseInt(image.metadata().processor().get("fcThreads"));
        RtlBench bench = RtlBench.forThreads(fcThreads);
        Random rnd = new Random(seed);
        byte[] memory = MemoryFile.initial(image);
        int[] runSteps = {steps, Math.max(1, steps - 1)};
        for (int run = 0; run < 2; run++) {
            boolean reset = run == 0;
            int t = runSteps[run];
            byte[] input = new byte[t * sim.inputFeatureSize()];
            rnd.nextBytes(input);
            byte[] expected = sim.runRaw(input, t, reset);
            CycleCounts model = sim.lastRunProfile().orElseThrow();
            MemoryFile.prepareRun(image, memory, input, t, reset);
            RtlBench.Run r = bench.run(image, memory, name + "-" + run, 200_000_000L, stallSeed);
            assertEquals(0, r.exitStatus(), name + " run " + run + ": the test bench failed: " + r.messages());
            long out = image.metadata().memoryMap().region(RegionKind.OUTPUT_RESULT).offset();
            byte[] actual = Arrays.copyOfRange(r.memory(), (int) out, (int) out + expected.length);
            assertArrayEquals(expected, actual, name + " run " + run + ": output bytes differ");
            long sched = MemoryFile.schedulerOffset(image);
            assertEquals(SchedulerData.STATUS_DONE, MemoryFile.word(r.memory(), sched + SchedulerData.STATUS));
            assertEquals(t, MemoryFile.word(r.memory(), sched + SchedulerData.STEPS_DONE));
            assertEquals(reset ? SchedulerData.CONTROL_RESET : 0,
                    MemoryFile.word(r.memory(), sched + SchedulerData.CONTROL), "CONTROL_START cleared, the rest kept");
            long attributed = r.setupCycles() + r.cyclesPerPc().values().stream().mapToLong(Long::longValue).sum();
            assertEquals(r.cycles(), attributed, "every cycle of the run belongs to the setup or an instruction");
            if (run == 0 && report) {
                REPORT.add(name, fcThreads, t, sim.program(), model, r);
            }
            memory = r.memory();
        }
    }

    private static void random(String name, Network n, ProcessorConfig config, long seed) throws Exception {
        Int8Compilation.Result r = compile(n, config, seed);
        sameBits(name, r.image(), r.image().metadata().frameLimit() > 6 ? 6 : r.image().metadata().frameLimit(),
                seed, null);
    }

    @Test
    void fullyConnectedLayersPerStep() throws Exception {
        Network n = RandomNetworks.builder(1, 5, 0).fc("fc_1", 7).activation("relu_1", Activation.RELU).fc("fc_2", 3)
                .build("fc");
        random("fc-relu-fc", n, INT8, 1);
    }

    @Test
    void lstmLayersOfEveryDirectionAndOutputMode() throws Exception {
        int seed = 10;
        for (Direction dir : Direction.values()) {
            for (OutputMode mode : new OutputMode[] {OutputMode.SEQUENCE, OutputMode.LAST_STEP, OutputMode.LAST_STATE}) {
                seed++;
                Network n = RandomNetworks.builder(seed, 5, 0).lstm("lstm_1", 6, Direction.FORWARD, OutputMode.SEQUENCE,
                        false, false).lstm("lstm_2", 5, dir, mode, false, false).fc("fc_1", 4)
                        .activation("tanh_1", Activation.TANH).fc("fc_2", 3).build("l" + seed);
                random("lstm-" + dir + "-" + mode, n, INT8, seed);
            }
        }
    }

    @Test
    void gruLayersOfBothResetForms() throws Exception {
        int seed = 40;
        for (boolean resetAfter : new boolean[] {true, false}) {
            for (Direction dir : new Direction[] {Direction.FORWARD, Direction.BIDIRECTIONAL}) {
                seed++;
                random("gru-" + (resetAfter ? "after" : "before") + "-" + dir,
                        Int8CompilationTest.gru(seed, resetAfter, dir, OutputMode.SEQUENCE), INT8, seed);
            }
        }
    }

    @Test
    void eightAndSixteenLanesTiledFcsAndAnImageOnMoreLanesThanCompiledFor() throws Exception {
        Network n = RandomNetworks.builder(51, 5, 0).lstm("lstm_1", 12, Direction.FORWARD, OutputMode.SEQUENCE, false,
                false).lstm("lstm_2", 4, Direction.BIDIRECTIONAL, OutputMode.SEQUENCE, false, false).fc("fc_1", 3)
                .build("lanes");
        random("lanes-8", n, INT8.with("fcThreads", "8"), 51);
        random("lanes-16", n, INT8.with("fcThreads", "16"), 52);
        random("tiled-fc", n, INT8.with("fcInputMemorySize", "8").with("fcOutputMemorySize", "16"), 53);
        Int8Compilation.Result four = compile(n, INT8, 54);
        sameBits("lanes-4-on-16", four.image(), 6, 54, null, 16);
    }

    /** The memory withholds mem_ready and delays read data at random: the same bits, more cycles. */
    @Test
    void aStallingMemoryGivesTheSameBits() throws Exception {
        Network n = RandomNetworks.builder(61, 4, 0).lstm("lstm_1", 8, Direction.BIDIRECTIONAL, OutputMode.LAST_STEP,
                false, false).fc("fc_1", 3).build("stall");
        Int8Compilation.Result r = compile(n, INT8, 61);
        sameBits("stalls", r.image(), 5, 61, 7L);
    }

    private static void realModel(String dir, String file, int steps, long seed) throws Exception {
        Path model = SharedData.require("real-models/" + dir).resolve(file);
        Network n = OnnxImporter.read(Files.readAllBytes(model), file, ImportOptions.defaults());
        int t = n.input().sequenceLength() > 0 ? n.input().sequenceLength() : steps;
        Int8Compilation.Result r = Int8Compilation.compile(n, INT8,
                Int8CompilationTest.random(seed, 8, t, n.input().featureSize(), 1f), file, "t");
        sameBits(dir + "/" + file, r.image(), t, seed, null);
    }

    @Test
    void realModelAircraftRegression() throws Exception {
        realModel("aircraft-pm-lstm", "lstm_model.onnx", 30, 31);
    }

    @Test
    void realModelPytorchClassifier() throws Exception {
        realModel("pytorch-tvm-lstm", "lstm.onnx", 20, 32);
    }

    @Test
    void realModelOnnx2c() throws Exception {
        realModel("onnx2c-lstm/simple_networks", "lstm_k1_b1_r1.onnx", 10, 33);
    }

    /**
     * What the RTL does not implement fails clearly, never silently: a float32 image stops the processor
     * with the error naming the data type, and STATUS_DONE is not written.
     */
    @Test
    void aFloat32ImageIsRefusedWithAClearError() throws Exception {
        Network n = RandomNetworks.builder(71, 3, 0).fc("fc_1", 2).build("float");
        io.github.lstmhdl.image.writer.CompiledNetwork c = io.github.lstmhdl.pipeline.NetworkCompiler.compile(n,
                ProcessorConfig.defaults(), "float.json", "t", false);
        java.io.ByteArrayOutputStream elf = new java.io.ByteArrayOutputStream();
        io.github.lstmhdl.image.writer.ElfImageWriter.write(c, elf);
        LoadedImage image = io.github.lstmhdl.image.ImageReader.read(elf.toByteArray(), "float.elf");
        byte[] memory = MemoryFile.initial(image);
        MemoryFile.prepareRun(image, memory, new byte[0], 1, true);
        RtlBench.Run r = RtlBench.forThreads(4).run(image, memory, "float32", 100_000L, null);
        assertEquals(2, r.exitStatus(), r.messages());
        assertTrue(r.messages().contains("instruction 0: program header: data type is not int8 (2)"), r.messages());
        assertEquals(0, MemoryFile.word(r.memory(), MemoryFile.schedulerOffset(image) + SchedulerData.STATUS));
    }

    /** The kinds of instruction the report groups by. */
    static String kind(Instruction in) {
        return switch (in.opcode()) {
            case FC -> "FC";
            case ADD, SUB, MUL -> "ADD/SUB/MUL";
            case ACT -> switch (in.activation()) {
                case SIGMOID, TANH, LSTM_GATES -> "ACT (table)";
                case NONE, RELU -> "ACT (NONE/RELU)";
                // float32 only (docs/isa.md §4a): no int8 image has them, and the RTL is int8
                case ELU, PRELU, GELU, GELU_TANH -> "ACT (float32 only)";
            };
            case COPY -> "COPY";
            case STATE_INIT -> "STATE_INIT";
            case LOOP -> "LOOP";
            case HALT -> "HALT";
            case NOP -> "NOP";
            case SOFTMAX -> "SOFTMAX";
            case NORM -> "NORM";
            case MAX -> "MAX";
        };
    }

    static List<String> kinds() {
        return List.of("FC", "ADD/SUB/MUL", "ACT (table)", "ACT (NONE/RELU)", "COPY", "STATE_INIT", "LOOP", "HALT",
                "NOP", "SOFTMAX", "ACT (float32 only)", "NORM", "MAX");
    }
}
