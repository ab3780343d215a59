package io.github.lstmhdl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.ImageMetadata;
import io.github.lstmhdl.image.ImageReader;
import io.github.lstmhdl.image.LoadedImage;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.image.writer.ElfImageWriter;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.isa.Operand;
import io.github.lstmhdl.pipeline.NetworkCompiler;
import io.github.lstmhdl.testing.Examples;
import io.github.lstmhdl.testing.RandomNetworks;
import io.github.lstmhdl.timing.CycleCounts;
import io.github.lstmhdl.timing.ProgramTiming;
import io.github.lstmhdl.timing.TimingParameters;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulator's profile counts what the compile-time estimate predicts, instruction by instruction,
 * for T = 1, a middle T and the frame limit: the estimate walks the compiled program by the execution
 * rule, the profile counts the instructions the simulator executes on the image's bytes, and both price
 * them with the same timing model. Reverse directions (FLAG_REVERSE), last-step outputs of a reverse
 * direction (FLAG_FIRST_ITERATION), the input projection (two loops per direction) and 16 FC threads
 * with tiling are among the cases.
 */
class ProfileMatchesEstimateTest {

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        ProcessorConfig base = ProcessorConfig.defaults().with("maxSequenceLength", "12");
        cases.add(Arguments.of("tiny", Examples.tiny(), base));
        Network bi = RandomNetworks.builder(7, 5, 0)
                .lstm("lstm_1", 9, Direction.BIDIRECTIONAL, OutputMode.SEQUENCE, true, false)
                .lstm("lstm_2", 6, Direction.REVERSE, OutputMode.LAST_STEP, false, true)
                .fc("fc_1", 4).softmax("softmax_1", false).build("bi");
        cases.add(Arguments.of("bi", bi, base.with("softmaxOnHost", "false")));
        cases.add(Arguments.of("bi-projection", bi, base.with("inputProjection", "true")));
        cases.add(Arguments.of("bi-unfused", bi, base.with("gateFusion", "false").with("fusedActivations", "false")));
        cases.add(Arguments.of("bi-tiled16", bi, base.with("fcThreads", "16").with("fcInputMemorySize", "16")
                .with("fcOutputMemorySize", "16")));
        cases.add(Arguments.of("bi-slow-memory", bi, base.with("memoryBandwidthMBps", "100")));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void profileEqualsEstimateForEveryInstruction(String name, Network network, ProcessorConfig config)
            throws Exception {
        CompiledNetwork compiled = NetworkCompiler.compile(network, config, name + ".lstm.json", "test", false);
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        ElfImageWriter.write(compiled, image);
        Simulator sim = Simulator.load(ImageReader.read(image.toByteArray(), name + ".elf"));
        sim.enableProfile();
        ProgramTiming timing = ProgramTiming.of(compiled.program(), TimingParameters.of(compiled.config()));
        int limit = sim.frameLimit();
        for (int t : new int[] {1, 5, limit}) {
            sim.predict(new float[t * sim.inputFeatureSize()], t);
            CycleCounts measured = sim.lastRunProfile().orElseThrow();
            CycleCounts estimated = timing.counts(t);
            assertEquals(estimated, measured, name + " T=" + t);
            assertTrue(measured.total() > 0);
        }
        // exactly affine in T: cycles(T) = cycles(1) + perStep × (T − 1)
        assertEquals(timing.counts(1).total() + timing.perStepCycles() * (limit - 1), timing.counts(limit).total());
    }

    @Test
    void aRunWithoutResetCostsTheSameAndProfilingIsPerRun() throws Exception {
        CompiledNetwork compiled = NetworkCompiler.compile(Examples.tiny(),
                ProcessorConfig.defaults().with("maxSequenceLength", "8"), "tiny.lstm.json", "test", false);
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        ElfImageWriter.write(compiled, image);
        Simulator sim = Simulator.load(ImageReader.read(image.toByteArray(), "tiny.elf"));
        assertTrue(sim.lastRunProfile().isEmpty());
        sim.enableProfile();
        assertTrue(sim.lastRunProfile().isEmpty());
        sim.predict(new float[8 * 3], 8);
        CycleCounts first = sim.lastRunProfile().orElseThrow();
        sim.predictAndUpdateState(new float[8 * 3], 8);
        assertEquals(first, sim.lastRunProfile().orElseThrow());
        sim.predict(new float[2 * 3], 2);
        assertEquals(ProgramTiming.of(compiled.program(), TimingParameters.of(compiled.config())).counts(2),
                sim.lastRunProfile().orElseThrow());
    }

    /** An image of a hand-written program whose metadata records the three timing fields. */
    private static Simulator handImage(TestImage im, List<Instruction> program) throws Exception {
        LoadedImage plain = im.image(program);
        ImageMetadata md = plain.metadata();
        ImageMetadata timed = new ImageMetadata(md.formatVersion(), md.compilerVersion(), md.networkName(),
                md.dataType(), md.frameLimit(), md.input(), md.output(), md.hostLayer(), Map.of("fcThreads", "8",
                        "clockFrequencyMHz", "100", "memoryBandwidthMBps", "300"), md.memoryMap(), md.contentSha256());
        return Simulator.load(new LoadedImage(timed, plain.contents()));
    }

    @Test
    void iterationFlagsAHaltInABodyAndEveryOpcodeAsTheEstimateCountsThem() throws Exception {
        int d = 3;
        TestImage im = new TestImage(d, d, 6, true, 4 * d, new float[4 * d * d + 4 * d]);
        Operand acc = Operand.at(im.sys(0));
        Operand x = new Operand(im.in(0, 0), 4 * d);
        Operand y = new Operand(im.out(0), 4 * d);
        Instruction fc = Instruction.fc(Operand.at(im.sys(d)), Operand.at(im.w(0)), x, Operand.at(im.w(4 * d * d)),
                4 * d, d, ActivationCode.LSTM_GATES, 0, d, 0);
        Instruction copyFirst = Instruction.elementwise(Opcode.COPY, y, acc, Operand.NONE, d,
                Instruction.FLAG_FIRST_ITERATION);
        Instruction copyLast = Instruction.elementwise(Opcode.COPY, y, acc, Operand.NONE, d,
                Instruction.FLAG_LAST_ITERATION);
        Instruction copyBoth = Instruction.elementwise(Opcode.COPY, y, acc, Operand.NONE, d,
                Instruction.FLAG_FIRST_ITERATION | Instruction.FLAG_LAST_ITERATION);
        List<Instruction> program = List.of(
                Instruction.elementwise(Opcode.STATE_INIT, acc, Operand.NONE, Operand.NONE, d, Instruction.FLAG_ZERO),
                Instruction.elementwise(Opcode.NOP, Operand.NONE, Operand.NONE, Operand.NONE, 0, 0),
                Instruction.loop(6, true),
                fc,
                Instruction.elementwise(Opcode.ADD, acc, acc, x, d, 0),
                Instruction.activation(ActivationCode.TANH, y, acc, d, 0),
                copyFirst, copyLast, copyBoth,
                Instruction.elementwise(Opcode.SOFTMAX, Operand.at(im.out(0)), acc, Operand.NONE, d,
                        Instruction.FLAG_LAST_STEP),
                Instruction.loop(3, false),
                Instruction.elementwise(Opcode.SUB, acc, acc, x, d, 0),
                Instruction.halt(), // ends the run in the first iteration
                Instruction.elementwise(Opcode.MUL, acc, acc, x, d, 0),
                Instruction.halt());
        Simulator sim = handImage(im, program);
        sim.enableProfile();
        ProgramTiming timing = ProgramTiming.of(program, new TimingParameters(8, 100, 300, 4));
        for (int t = 1; t <= 6; t++) {
            sim.predict(new float[t * d], t);
            assertEquals(timing.counts(t), sim.lastRunProfile().orElseThrow(), "T=" + t);
        }
        assertEquals(0, timing.counts(6).executions(13), "after the HALT in the body");
        assertEquals(1, timing.counts(6).executions(12));
    }

    @Test
    void anImageWithoutTheTimingFieldsCannotBeProfiled() throws Exception {
        TestImage im = new TestImage(1, 1, 2, true, 1, new float[1]);
        Simulator sim = Simulator.load(im.image(List.of(Instruction.halt())));
        SimulationException e = org.junit.jupiter.api.Assertions.assertThrows(SimulationException.class,
                sim::enableProfile);
        assertTrue(e.getMessage().contains("the processor configuration has no field fcThreads"), e.getMessage());
    }
}
