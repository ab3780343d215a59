package io.github.lstmhdl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.alloc.MemoryOverflowException;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.LstmLayer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.isa.InstructionCodec;
import io.github.lstmhdl.isa.SchedulerData;
import io.github.lstmhdl.memory.MemorySymbol;
import io.github.lstmhdl.memory.Region;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.memory.SymbolKind;
import io.github.lstmhdl.pipeline.NetworkCompiler;
import io.github.lstmhdl.testing.Examples;
import io.github.lstmhdl.testing.RandomNetworks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkCompilerTest {

    private static Network stacked() {
        return RandomNetworks.builder(5, 6, 0)
                .lstm("lstm_1", 20, Direction.BIDIRECTIONAL, OutputMode.SEQUENCE, true, false)
                .lstm("lstm_2", 12, Direction.FORWARD, OutputMode.LAST_STATE, false, true)
                .fc("fc_1", 5).softmax("softmax", false).build("stacked");
    }

    private static byte[] bytes(CompiledNetwork c, RegionKind kind) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.contents().get(kind).writeTo(out);
        return out.toByteArray();
    }

    @Test
    void regionsAreAlignedOrderedAndSized() throws Exception {
        for (String alignment : List.of("64", "4096", "65536", "4MiB")) {
            ProcessorConfig config = ProcessorConfig.defaults().with("alignment", alignment)
                    .with("maxSequenceLength", "17");
            CompiledNetwork c = NetworkCompiler.compile(stacked(), config, "stacked.onnx", "test", false);
            long align = config.alignment();
            List<Region> regions = c.memoryMap().regions();
            assertEquals(List.of(RegionKind.values()), regions.stream().map(Region::kind).toList());
            long previousEnd = 0;
            for (Region r : regions) {
                assertEquals(0, r.offset() % align, r + " aligned to " + align);
                assertEquals(0, r.size() % align);
                assertTrue(r.offset() >= previousEnd);
                previousEnd = r.end();
            }
            assertEquals(previousEnd, c.memoryMap().endOffset());
            assertEquals(roundUp(17L * 6 * 4, align), c.memoryMap().region(RegionKind.INPUT_DATA).size());
            assertEquals(roundUp(5 * 4, align), c.memoryMap().region(RegionKind.OUTPUT_RESULT).size());
            assertEquals(roundUp(SchedulerData.BYTES, align), c.memoryMap().region(RegionKind.SCHEDULER_DATA).size());
            assertEquals(roundUp(InstructionCodec.programBytes(c.program().size()), align),
                    c.memoryMap().region(RegionKind.INSTRUCTION_DATA).size());
            for (MemorySymbol s : c.memoryMap().symbols()) {
                Region r = c.memoryMap().region(s.region());
                assertTrue(s.offset() >= r.offset() && s.offset() + s.size() <= r.end(), s + " inside " + r);
                if (s.kind() == SymbolKind.WEIGHTS || s.kind() == SymbolKind.BIAS) {
                    assertEquals(0, s.offset() % 4);
                }
            }
            for (String name : List.of("lstm_1.wi.weights", "lstm_1_b.wo.bias", "lstm_1.peephole", "lstm_2.h0",
                    "lstm_2.c0", "lstm_1.h", "lstm_1.c", "lstm_1_b.h", "lstm_1_b.c", "fc_1.weights", "fc_1.bias",
                    "InputDataOffset", "FCWeightDataOffset", "lstm_1.out")) {
                assertTrue(c.memoryMap().symbol(name).isPresent(), name);
            }
            for (String block : List.of("lstm_1.gates.weights", "lstm_1.gates.bias", "fc_1.weights", "lstm_2.h0")) {
                long off = c.memoryMap().symbol(block).get().offset();
                assertEquals(0, off % 64, block + " at a 64-byte boundary");
            }
        }
    }

    private static long roundUp(long v, long a) {
        return (v + a - 1) / a * a;
    }

    /** int8 is quantized from calibration data: without it, one clear error saying what to provide. */
    @Test
    void int8WithoutCalibrationSaysWhatToProvide() {
        ProcessorConfig int8 = ProcessorConfig.defaults().with("dataType", "int8");
        String expected = "s.onnx: dataType int8: an int8 image is quantized from the float network with calibration"
                + " data, sample inputs that this compile did not get: provide .npy files of shape [T, D] or [N, T, D]"
                + " (D = the input's features per step) in a directory, on the command line with --calibration DIR, in"
                + " the Maven plugin as the folder <name>.calibration beside the network file or the network's calibration"
                + " setting";
        CompilationException e = assertThrows(CompilationException.class,
                () -> NetworkCompiler.compile(stacked(), int8, "s.onnx", "test", false));
        assertEquals(expected, e.getMessage());
        e = assertThrows(CompilationException.class,
                () -> NetworkCompiler.compile(stacked(), int8, java.util.Optional.empty(), "s.onnx", "test", false));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void statesNeverShareMemory() throws Exception {
        CompiledNetwork c = NetworkCompiler.compile(stacked(), ProcessorConfig.defaults(), "s.onnx", "test", false);
        List<MemorySymbol> states = c.memoryMap().symbols().stream()
                .filter(s -> s.region() == RegionKind.SYSTEM_BUFFER && s.kind() != SymbolKind.REGION).toList();
        for (MemorySymbol a : states) {
            for (MemorySymbol b : states) {
                boolean aState = a.kind() == SymbolKind.STATE;
                if (a != b && aState && a.size() > 0 && b.size() > 0) {
                    assertTrue(a.offset() + a.size() <= b.offset() || b.offset() + b.size() <= a.offset(),
                            a + " overlaps " + b);
                }
            }
        }
    }

    @Test
    void weightsStreamInLayoutWithChecksum() throws Exception {
        Network n = stacked();
        CompiledNetwork c = NetworkCompiler.compile(n, ProcessorConfig.defaults(), "s.onnx", "1.2.3", false);
        byte[] w = bytes(c, RegionKind.FC_WEIGHT_DATA);
        long base = c.memoryMap().region(RegionKind.FC_WEIGHT_DATA).offset();
        ByteBuffer buf = ByteBuffer.wrap(w).order(ByteOrder.LITTLE_ENDIAN);
        LstmLayer l1 = (LstmLayer) n.layers().get(0);
        var p = l1.directions().get(1);
        int h = 20;
        int d = 6;
        MemorySymbol wf = c.memoryMap().symbol("lstm_1_b.wf.weights").orElseThrow();
        assertEquals(20L * (d + h) * 4, wf.size()); // 20 is already a multiple of 4 threads
        for (int r = 0; r < h; r++) {
            for (int col = 0; col < d + h; col++) {
                float expected = col < d ? p.inputWeights().get(h + r, col) : p.recurrentWeights().get(h + r, col - d);
                int at = (int) (wf.offset() - base) + 4 * (r * (d + h) + col);
                assertEquals(expected, buf.getFloat(at), "row " + r + " col " + col);
            }
        }
        MemorySymbol bo = c.memoryMap().symbol("lstm_1_b.wo.bias").orElseThrow();
        assertEquals(p.bias().get(3 * h + 7), buf.getFloat((int) (bo.offset() - base) + 4 * 7));
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(bytes(c, RegionKind.SCHEDULER_DATA));
        md.update(bytes(c, RegionKind.INSTRUCTION_DATA));
        md.update(w);
        assertEquals(HexFormat.of().formatHex(md.digest()), c.metadata().contentSha256());
        assertArrayEquals(bytes(c, RegionKind.FC_WEIGHT_DATA), w, "streaming twice gives the same bytes");
        assertEquals(c.program(), InstructionCodec.decode(bytes(c, RegionKind.INSTRUCTION_DATA)));
        ByteBuffer sched = ByteBuffer.wrap(bytes(c, RegionKind.SCHEDULER_DATA)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(30, sched.getInt(SchedulerData.SEQUENCE_LENGTH));
        assertEquals(SchedulerData.CONTROL_RESET, sched.getInt(SchedulerData.CONTROL));
        assertEquals("softmax", c.metadata().hostLayer());
        assertEquals(30, c.metadata().frameLimit());
        assertEquals("single", c.metadata().processor().get("dataType"));
        assertEquals("1.2.3", c.metadata().compilerVersion());
        assertEquals(5, c.metadata().output().featureSize());
        assertFalse(c.metadata().output().sequence());
        assertTrue(c.log().contains("### Network compilation complete."));
        assertTrue(c.log().stream().anyMatch(l -> l.contains("maximum sequence length 30 assumed")), c.log().toString());
        assertTrue(c.log().contains("### Compiling layer group: lstm_1_b.wi>>lstm_1_b.wo ..."));
        assertTrue(c.log().stream().anyMatch(l -> l.startsWith("### System buffer planned by liveness:")));
    }

    @Test
    void overflowReportsFiguresAndWhatWouldFit() throws Exception {
        Network n = RandomNetworks.builder(3, 40, 0)
                .lstm("lstm_1", 32, Direction.FORWARD, OutputMode.SEQUENCE, false, false).fc("fc_1", 40).build("big");
        ProcessorConfig roomy = ProcessorConfig.defaults().with("alignment", "4096").with("maxSequenceLength", "2000")
                .with("inputProjection", "true");
        // an overflow reports the form without the input projection, which is dropped first
        long required = NetworkCompiler.compile(n, roomy.with("inputProjection", "false"), "big.onnx", "t", false)
                .memoryMap().endOffset();
        ProcessorConfig tight = roomy.with("memorySize", "512KiB");
        MemoryOverflowException e = assertThrows(MemoryOverflowException.class,
                () -> NetworkCompiler.compile(n, tight, "big.onnx", "t", false));
        assertEquals(required, e.required());
        assertEquals(512 * 1024, e.available());
        assertEquals(required - 512 * 1024, e.excess());
        assertEquals("big.onnx", e.file());
        assertEquals("memory", e.location());
        assertTrue(e.largestConsumers().size() <= 5 && !e.largestConsumers().isEmpty());
        assertEquals("InputDataOffset", e.largestConsumers().get(0).name()); // 2000 x 40 x 4 = 320000 B
        int fits = e.fittingFrameLimit();
        assertTrue(fits > 0 && fits < 2000);
        NetworkCompiler.compile(n, tight.with("maxSequenceLength", "" + fits), "big.onnx", "t", false);
        assertThrows(MemoryOverflowException.class, () -> NetworkCompiler.compile(n,
                tight.with("maxSequenceLength", "" + (fits + 1)), "big.onnx", "t", false));
        long kib = (required + 1023) >> 10;
        String m = e.getMessage();
        assertTrue(m.startsWith("big.onnx: memory: "), m);
        assertTrue(m.contains(required + " bytes"), m);
        assertTrue(m.contains("524288 bytes (512.0 KiB)"), m);
        assertTrue(m.contains((required - 524288) + " bytes"), m);
        assertTrue(m.contains("maximum sequence length of at most " + fits), m);
        assertTrue(m.contains("memorySize=" + kib + "KiB or more"), m);
        assertTrue(m.contains("int8"), m);
        assertTrue(m.contains("InputDataOffset 323584 bytes"), m);
        // the same advice in the command line's spelling, the plugin's being the default
        assertEquals(e.reason(), e.reason(MemoryOverflowException.SettingNames.MAVEN));
        String cli = e.message(MemoryOverflowException.SettingNames.COMMAND_LINE);
        assertTrue(cli.startsWith("big.onnx: memory: "), cli);
        assertTrue(cli.contains("; --max-sequence-length " + fits + ")"), cli);
        assertTrue(cli.contains("--memory-size " + kib + "KiB or more"), cli);
        assertFalse(cli.contains("memorySize=") || cli.contains("maxSequenceLength="), cli);
        assertEquals(m.replace("maxSequenceLength=", "--max-sequence-length ").replace("memorySize=", "--memory-size "),
                cli);
        NetworkCompiler.compile(n, tight.with("memorySize", kib + "KiB"), "big.onnx", "t", false);
    }

    @Test
    void inputProjectionIsDroppedWithANoticeWhenItWouldOverflow() throws Exception {
        Network n = RandomNetworks.builder(4, 40, 0)
                .lstm("lstm_1", 32, Direction.FORWARD, OutputMode.SEQUENCE, false, false).fc("fc_1", 40).build("big");
        ProcessorConfig roomy = ProcessorConfig.defaults().with("alignment", "4096").with("maxSequenceLength", "2000")
                .with("inputProjection", "true");
        CompiledNetwork projected = NetworkCompiler.compile(n, roomy, "big.onnx", "t", false);
        ProcessorConfig plainConfig = roomy.with("inputProjection", "false");
        CompiledNetwork plain = NetworkCompiler.compile(n, plainConfig, "big.onnx", "t", false);
        long needProjected = projected.memoryMap().endOffset();
        long needPlain = plain.memoryMap().endOffset();
        // the 2000 x 128-float gx buffer: about 1 MB more
        assertTrue(needProjected - needPlain >= 2000L * 128 * 4, needProjected + " vs " + needPlain);
        assertTrue(projected.memoryMap().symbols().stream().anyMatch(s -> s.name().equals("lstm_1.gx")));
        assertTrue(projected.log().stream().noneMatch(l -> l.contains("inputProjection")));

        ProcessorConfig between = roomy.with("memorySize", Long.toString(needPlain));
        CompiledNetwork fallback = NetworkCompiler.compile(n, between, "big.onnx", "t", false);
        assertTrue(fallback.log().stream().anyMatch(l -> l.startsWith("### Notice: The input projection (inputProjection)"
                + " is not applied") && l.contains(needProjected + " bytes")), String.join("\n", fallback.log()));
        assertFalse(fallback.config().inputProjection());
        assertEquals("false", fallback.metadata().processor().get("inputProjection"));
        assertEquals(plain.program(), fallback.program());
        assertTrue(fallback.memoryMap().symbols().stream().noneMatch(s -> s.name().equals("lstm_1.gx")));
        // gate fusion off: the projection does not apply
        CompiledNetwork unfused = NetworkCompiler.compile(n, roomy.with("gateFusion", "false"), "big.onnx", "t", false);
        assertTrue(unfused.memoryMap().symbols().stream().noneMatch(s -> s.name().equals("lstm_1.gx")));
    }

    @Test
    void overflowWhenNoSequenceLengthFits() {
        Network n = RandomNetworks.builder(3, 40, 0)
                .lstm("lstm_1", 200, Direction.FORWARD, OutputMode.SEQUENCE, false, false).build("w");
        MemoryOverflowException e = assertThrows(MemoryOverflowException.class, () -> NetworkCompiler.compile(n,
                ProcessorConfig.defaults().with("memorySize", "256KiB"), "w.onnx", "t", false));
        assertEquals(0, e.fittingFrameLimit());
        assertEquals("lstm_1.gates.weights", e.largestConsumers().get(0).name());
        assertTrue(e.getMessage().contains("no maximum sequence length is small enough"), e.getMessage());
    }

    @Test
    void tilingOffRejectsLongVectorsNamingTheComponent() {
        Network n = RandomNetworks.builder(3, 30, 0)
                .lstm("lstm_1", 8, Direction.FORWARD, OutputMode.SEQUENCE, false, false).fc("fc_1", 3).build("t");
        ProcessorConfig config = ProcessorConfig.defaults().with("fcTiling", "false").with("fcInputMemorySize", "32");
        CompilationException e = assertThrows(CompilationException.class,
                () -> NetworkCompiler.compile(n, config.with("gateFusion", "false"), "t.onnx", "t", false));
        assertEquals("lstm_1.wi", e.location());
        assertTrue(e.getMessage().contains("38 elements") && e.getMessage().contains("32 elements")
                && e.getMessage().contains("fcInputMemorySize"), e.getMessage());
        // the excess (38 - 32 elements of 4 bytes) and what would fit
        assertTrue(e.getMessage().contains("6 elements (24 bytes) too many"), e.getMessage());
        assertTrue(e.getMessage().contains("enable fcTiling")
                && e.getMessage().contains("fcInputMemorySize of at least 38"), e.getMessage());
        ProcessorConfig rows = ProcessorConfig.defaults().with("fcTiling", "false").with("fcOutputMemorySize", "16");
        CompilationException r = assertThrows(CompilationException.class,
                () -> NetworkCompiler.compile(n, rows.with("inputProjection", "false"), "t.onnx", "t", false));
        assertEquals("lstm_1.wi>>lstm_1.wo", r.location());
        assertTrue(r.getMessage().contains("32 elements") && r.getMessage().contains("fcOutputMemorySize"),
                r.getMessage());
        assertTrue(r.getMessage().contains("16 elements (64 bytes) too many")
                && r.getMessage().contains("fcOutputMemorySize of at least 32"), r.getMessage());
        // with the input projection, its FC (the same 32 rows) comes first
        CompilationException p = assertThrows(CompilationException.class,
                () -> NetworkCompiler.compile(n, rows.with("inputProjection", "true"), "t.onnx", "t", false));
        assertEquals("lstm_1.proj", p.location());
        assertTrue(p.getMessage().contains("32 elements"), p.getMessage());
    }

    @Test
    void disabledBlockIsNamedWithTheLayer() {
        Network n = Examples.tiny();
        for (String block : List.of("addBlock", "multiplyBlock", "sigmoidBlock", "tanhBlock")) {
            CompilationException e = assertThrows(CompilationException.class, () -> NetworkCompiler.compile(n,
                    ProcessorConfig.defaults().with(block, "false"), "tiny.onnx", "t", false));
            assertEquals("lstm_1", e.location());
            assertTrue(e.getMessage().contains(block) && e.getMessage().contains("'lstm_1'"), e.getMessage());
        }
    }

    @Test
    void backwardNameClashIsReported() {
        Network n = RandomNetworks.builder(3, 3, 0)
                .lstm("l", 4, Direction.BIDIRECTIONAL, OutputMode.SEQUENCE, false, false)
                .lstm("l_b", 4, Direction.FORWARD, OutputMode.SEQUENCE, false, false).build("c");
        CompilationException e = assertThrows(CompilationException.class,
                () -> NetworkCompiler.compile(n, ProcessorConfig.defaults(), "c.onnx", "t", false));
        assertTrue(e.getMessage().contains("produced twice"), e.getMessage());
    }
}
