package io.github.lstmhdl.codegen;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.ContentChecksum;
import io.github.lstmhdl.image.ElfSymbol;
import io.github.lstmhdl.image.ImageReader;
import io.github.lstmhdl.image.TestImages;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.image.writer.ElfImageWriter;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.ir.SequenceInput;
import io.github.lstmhdl.isa.SchedulerData;
import io.github.lstmhdl.json.JsonNetworkWriter;
import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.MemorySymbol;
import io.github.lstmhdl.memory.Region;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.pipeline.Importers;
import io.github.lstmhdl.pipeline.NetworkCompiler;
import io.github.lstmhdl.sim.Simulator;
import io.github.lstmhdl.sim.Tensor;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.Examples;
import io.github.lstmhdl.testing.Executables;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import io.github.lstmhdl.testing.RandomNetworks;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated Java class compiles and its values equal the memory map, the JSON map and the ELF
 * symbols; the C header compiles and its macros have the same values.
 */
class GeneratedConstantsTest {
    @TempDir
    Path dir;

    private static final OutputNames NAMES = OutputNames.of("lstm_model.onnx", "com.example.networks", Optional.empty());

    private static byte[] image(CompiledNetwork n) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ElfImageWriter.write(n, out);
        return out.toByteArray();
    }

    private Class<?> compileAndLoad(JavaConstantsWriter writer, String source) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Assumptions.assumeTrue(javac != null, "no system Java compiler (running on a JRE): skipping");
        Path src = dir.resolve("src").resolve(writer.relativePath());
        Files.createDirectories(src.getParent());
        Files.writeString(src, source, StandardCharsets.US_ASCII);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, err, err, "-Xlint:all", "-Werror", "-Xdoclint:all", "--release", "17",
                "-d", classes.toString(), src.toString());
        assertEquals(0, rc, "javac failed:\n" + err + "\n" + (source.length() > 10_000 ? "" : source));
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
        return Class.forName(writer.qualifiedName(), true, loader);
    }

    /** The values of a class's declared fields by name, each checked to be public static final. */
    private static Map<String, Object> fields(Class<?> cls) throws Exception {
        return constants(cls.getDeclaredFields());
    }

    private static Map<String, Object> constants(Field[] fields) throws Exception {
        Map<String, Object> values = new HashMap<>();
        for (Field f : fields) {
            int m = f.getModifiers();
            assertTrue(Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m), f.toString());
            values.put(f.getName(), f.get(null));
        }
        return values;
    }

    @Test
    void generatedClassCompilesAndEqualsTheMapTheJsonAndTheElfSymbols() throws Exception {
        CompiledNetwork n = TestImages.small();
        byte[] img = image(n);
        ImageReference ref = new ImageReference(NAMES.imageResource(), ContentChecksum.sha256Hex(img));
        JavaConstantsWriter writer = NAMES.javaWriter();
        String source = writer.generate(n, ref);
        Class<?> cls = compileAndLoad(writer, source);
        assertTrue(Modifier.isFinal(cls.getModifiers()) && Modifier.isPublic(cls.getModifiers()));
        assertEquals(1, cls.getDeclaredConstructors().length);
        assertTrue(Modifier.isPrivate(cls.getDeclaredConstructors()[0].getModifiers()));
        Map<String, Object> v = fields(cls);

        MemoryMap map = n.memoryMap();
        long base = map.baseAddress();
        assertEquals(base, v.get("BASE_ADDRESS"));
        Map<String, ElfSymbol> elf = new HashMap<>();
        for (ElfSymbol s : ImageReader.symbols(img, "lstm_model.elf")) {
            elf.put(s.name(), s);
        }
        JsonNode json = new ObjectMapper().readTree(MemoryMapJsonWriter.write(n));
        assertEquals(base, json.get("baseAddress").asLong());
        for (int i = 0; i < map.regions().size(); i++) {
            Region r = map.regions().get(i);
            String stem = r.kind().constantStem();
            assertEquals(r.offset(), v.get(stem + "_OFFSET"), stem);
            assertEquals(r.size(), v.get(stem + "_SIZE"), stem);
            ElfSymbol e = elf.get(r.kind().toolboxName());
            assertEquals(e.address(), base + (long) v.get(stem + "_OFFSET"));
            assertEquals(e.size(), v.get(stem + "_SIZE"));
            JsonNode jr = json.get("regions").get(i);
            assertEquals(r.kind().toolboxName(), jr.get("name").asText());
            assertEquals((long) v.get(stem + "_OFFSET"), jr.get("offset").asLong());
            assertEquals(base + (long) v.get(stem + "_OFFSET"), jr.get("address").asLong());
            assertEquals((long) v.get(stem + "_SIZE"), jr.get("size").asLong());
        }
        assertEquals(map.endOffset(), v.get("END_OFFSET"));
        assertEquals(elf.get("EndOffset").address(), base + (long) v.get("END_OFFSET"));
        assertEquals(map.endOffset(), json.get("endOffset").asLong());
        int checked = 0;
        for (int i = 0; i < map.symbols().size(); i++) {
            MemorySymbol s = map.symbols().get(i);
            String stem = Identifiers.constantStem(s.name());
            long off = (long) v.get(stem + "_OFFSET");
            long size = (long) v.get(stem + "_SIZE");
            assertEquals(s.offset(), off, s.name());
            assertEquals(s.size(), size, s.name());
            assertEquals(elf.get(s.name()).address(), base + off, s.name());
            assertEquals(elf.get(s.name()).size(), size, s.name());
            JsonNode js = json.get("symbols").get(i);
            assertEquals(s.name(), js.get("name").asText());
            assertEquals(off, js.get("offset").asLong());
            assertEquals(base + off, js.get("address").asLong());
            assertEquals(size, js.get("size").asLong());
            assertEquals(s.kind().name(), js.get("kind").asText());
            checked++;
        }
        assertTrue(checked >= 10);
        assertTrue(v.containsKey("LSTM_1_WI_WEIGHTS_OFFSET") && v.containsKey("LSTM_1_WO_BIAS_SIZE")
                && v.containsKey("LSTM_1_H_OFFSET"));
        assertEquals(5, v.get("INPUT_FEATURES"));
        assertEquals(7, v.get("OUTPUT_FEATURES"));
        assertEquals(true, v.get("OUTPUT_IS_SEQUENCE"));
        assertEquals(30, v.get("MAX_SEQUENCE_LENGTH"));
        assertEquals("TIME,BATCH,FEATURE", v.get("INPUT_AXES"));
        assertEquals("single", v.get("DATA_TYPE"));
        // the shapes as the source model declares them: x [T, 1, 5] and Y [T, 1, 1, 7], T dynamic
        assertShape(v, "INPUT", "T,1,5", -1, 1, 0, 1);
        assertShape(v, "OUTPUT", "T,1,1,7", -1, 1, 0, 2);
        long sched = map.region(RegionKind.SCHEDULER_DATA).offset();
        assertEquals(sched + SchedulerData.SEQUENCE_LENGTH, v.get("SCHEDULER_SEQUENCE_LENGTH_OFFSET"));
        assertEquals(sched + SchedulerData.CONTROL, v.get("SCHEDULER_CONTROL_OFFSET"));
        assertEquals(sched + 16L, v.get("SCHEDULER_SEQUENCE_INDEX_OFFSET"));
        assertEquals("/com/example/networks/lstm_model.elf", v.get("IMAGE_RESOURCE"));
        assertEquals(ContentChecksum.sha256Hex(img), v.get("IMAGE_SHA256"));
        assertEquals(n.metadata().contentSha256(), v.get("CONTENT_SHA256"));
        // every offset a long literal, every field documented, a do-not-edit header without a date
        assertTrue(source.startsWith("// Generated by lstm-hdl 0.1.0-test from lstm_model.onnx. Do not edit"), source);
        assertFalse(source.matches("(?s).*20\\d\\d-\\d\\d-\\d\\d.*"), "no date");
        for (String line : source.split("\n")) {
            if (line.contains("_OFFSET =") || line.contains("_SIZE =")) {
                assertTrue(line.contains("public static final long ") && line.endsWith("L;"), line);
            }
        }
        long fieldsCount = source.lines().filter(l -> l.contains("public static final")).count();
        long docs = source.lines().filter(l -> l.trim().startsWith("/** ") && l.endsWith(" */")).count();
        assertEquals(fieldsCount + 1, docs, "every field and the constructor documented");
        assertEquals(source, writer.generate(TestImages.small(), ref), "deterministic");
    }

    /** The shape constants of compiled ONNX and JSON networks are the source model's, and a run's shapes. */
    @Test
    void shapeConstantsAreTheSourceModelsDeclaredShapes() throws Exception {
        Random r = new Random(5);
        Path fixed = new OnnxModelBuilder(14).input("x", 20, 2, 3)
                .randomLstm(r, "lstm", "x", 3, 4, "bidirectional", 0.5f, true, false, false, 2, List.of("Y"))
                .output("Y", 20, 2, 2, 4).write(dir.resolve("fixed.onnx"));
        Map<String, Object> v = constants(fixed);
        assertShape(v, "INPUT", "20,2,3", 20, 2, 0, 1);
        assertShape(v, "OUTPUT", "20,2,2,4", 20, 2, 0, 2);
        assertEquals(2, v.get("OUTPUT_DIRECTIONS"));

        Path dynamic = new OnnxModelBuilder(14).input("x", "T", "N", 3)
                .randomLstm(r, "lstm", "x", 3, 4, "forward", 0.5f, true, false, false, 1, List.of("", "Y_h"))
                .output("Y_h", 1, "N", 4).write(dir.resolve("dynamic.onnx"));
        v = constants(dynamic);
        assertShape(v, "INPUT", "T,N,3", -1, -1, 0, 1);
        assertShape(v, "OUTPUT", "1,N,4", 1, -1, -1, 1); // Y_h: [dirs, N, H], the last step only

        Path json = dir.resolve("last.lstm.json");
        JsonNetworkWriter.write(RandomNetworks.builder(3, 3, 0)
                .lstm("lstm_1", 4, Direction.FORWARD, OutputMode.LAST_STEP, false, false).fc("fc_1", 2).build("last"),
                json);
        v = constants(json);
        assertShape(v, "INPUT", "T,3", -1, 1, 0, -1);
        assertShape(v, "OUTPUT", "2", 1, 1, -1, -1);
    }

    /** The shape constants of the input or the output; the rank is the shape's. */
    private static void assertShape(Map<String, Object> v, String prefix, String shape, int sequenceLength,
            int batch, int timeAxis, int batchAxis) {
        List<Object> expected = List.of(shape, shape.split(",").length, sequenceLength, batch, timeAxis, batchAxis);
        List<Object> actual = new ArrayList<>();
        for (String suffix : List.of("SHAPE", "RANK", "SEQUENCE_LENGTH", "BATCH", "TIME_AXIS", "BATCH_AXIS")) {
            actual.add(v.get(prefix + "_" + suffix));
        }
        assertEquals(expected, actual, prefix + " shape, rank, sequence length, batch, time and batch axes");
    }

    /**
     * Compiles a network file and returns its constants by name; checks on the way that a run over an
     * input of INPUT_SHAPE (T = 7 and N = 2 where dynamic) returns a tensor of OUTPUT_SHAPE.
     */
    private static Map<String, Object> constants(Path file) throws Exception {
        CompiledNetwork n = NetworkCompiler.compile(Importers.read(file, ImportOptions.defaults()),
                ProcessorConfig.defaults(), file.getFileName().toString(), "t", false);
        Map<String, Object> v = new HashMap<>();
        for (Constant c : NetworkConstants.of(n, new ImageReference("/n.elf", "d".repeat(64)))) {
            v.put(c.name(), c.value());
        }
        int[] in = fill((String) v.get("INPUT_SHAPE"));
        int[] expected = fill((String) v.get("OUTPUT_SHAPE"));
        assertEquals(v.get("INPUT_RANK"), in.length);
        assertEquals(v.get("OUTPUT_RANK"), expected.length);
        Simulator sim = Simulator.load(ImageReader.read(image(n), file.getFileName().toString()));
        Tensor out = sim.runTensor(in, new float[java.util.Arrays.stream(in).reduce(1, (a, b) -> a * b)], false);
        assertArrayEquals(expected, out.shape(), file + ": " + v.get("OUTPUT_SHAPE"));
        return v;
    }

    private static int[] fill(String shape) {
        return java.util.Arrays.stream(shape.split(",")).mapToInt(d -> d.equals("T") ? 7 : d.equals("N") ? 2
                : Integer.parseInt(d)).toArray();
    }

    @Test
    void oddLayerNamesStillCompile() throws Exception {
        CompiledNetwork n = TestImages.renamed(TestImages.small(),
                name -> name.replace("lstm_1", "9 l\u00e4yer*/\\u000a\"<b>@x"));
        ImageReference ref = new ImageReference("/x/y.elf", "a".repeat(64));
        JavaConstantsWriter writer = new JavaConstantsWriter("com.example.odd", "OddOffsets");
        Class<?> cls = compileAndLoad(writer, writer.generate(n, ref));
        Map<String, Object> v = fields(cls);
        MemorySymbol s = n.memoryMap().symbols().get(0);
        assertEquals(s.offset(), v.get(Identifiers.constantStem(s.name()) + "_OFFSET"));
        assertTrue(v.keySet().stream().anyMatch(k -> k.startsWith("SYM_9_L_YER_")), v.keySet().toString());
        assertTrue(new CHeaderWriter("ODD").generate(n, ref).chars().allMatch(c -> c < 128));
    }

    @Test
    void aClashAfterSanitizingNamesBothSymbols() {
        CompiledNetwork n = TestImages.renamed(TestImages.small(),
                name -> name.equals("lstm_1.h") ? "lstm-1/h" : name.equals("lstm_1.c") ? "lstm_1.h" : name);
        ImageReference ref = new ImageReference("/x.elf", "b".repeat(64));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NAMES.javaWriter().generate(n, ref));
        assertTrue(e.getMessage().contains("'lstm-1/h'") && e.getMessage().contains("'lstm_1.h'")
                && e.getMessage().contains("LSTM_1_H_OFFSET"), e.getMessage());
        CompiledNetwork fixed = TestImages.renamed(TestImages.small(),
                name -> name.equals("lstm_1.h") ? "scheduler.control" : name);
        e = assertThrows(IllegalArgumentException.class, () -> new CHeaderWriter("X").generate(fixed, ref));
        assertTrue(e.getMessage().contains("SCHEDULER_CONTROL_OFFSET") && e.getMessage().contains("'scheduler.control'"),
                e.getMessage());
    }

    @Test
    void cHeaderCompilesAndItsMacrosHaveTheMapsValues() throws Exception {
        Path cc = cCompiler();
        CompiledNetwork n = TestImages.small();
        ImageReference ref = new ImageReference(NAMES.imageResource(), "c".repeat(64));
        CHeaderWriter writer = NAMES.headerWriter();
        String header = writer.generate(n, ref);
        assertTrue(header.startsWith("/* Generated by lstm-hdl 0.1.0-test from lstm_model.onnx. Do not edit"));
        Files.writeString(dir.resolve("lstm_model.h"), header);
        StringBuilder c = new StringBuilder("#include \"lstm_model.h\"\n#include \"lstm_model.h\"\n");
        MemoryMap map = n.memoryMap();
        for (Region r : map.regions()) {
            c.append(String.format("_Static_assert(LSTM_MODEL_%s_OFFSET == %dULL && LSTM_MODEL_%s_SIZE == %dULL, \"%s\");%n",
                    r.kind().constantStem(), r.offset(), r.kind().constantStem(), r.size(), r.kind()));
        }
        for (MemorySymbol s : map.symbols()) {
            String stem = Identifiers.constantStem(s.name());
            c.append(String.format("_Static_assert(LSTM_MODEL_%s_OFFSET == %dULL && LSTM_MODEL_%s_SIZE == %dULL, \"%s\");%n",
                    stem, s.offset(), stem, s.size(), s.name()));
        }
        c.append(String.format("_Static_assert(LSTM_MODEL_BASE_ADDRESS == %dULL, \"base\");%n", map.baseAddress()));
        c.append("_Static_assert(sizeof(LSTM_MODEL_DATA_TYPE) == 7, \"single\");\n");
        c.append("_Static_assert(LSTM_MODEL_INPUT_FEATURES == 5 && LSTM_MODEL_OUTPUT_IS_SEQUENCE == 1, \"shape\");\n");
        c.append("_Static_assert(sizeof(LSTM_MODEL_INPUT_SHAPE) == sizeof(\"T,1,5\") && LSTM_MODEL_INPUT_RANK == 3"
                + " && LSTM_MODEL_INPUT_SEQUENCE_LENGTH == -1 && -LSTM_MODEL_INPUT_SEQUENCE_LENGTH == 1"
                + " && LSTM_MODEL_INPUT_BATCH == 1 && LSTM_MODEL_OUTPUT_BATCH_AXIS == 2"
                + " && sizeof(LSTM_MODEL_OUTPUT_SHAPE) == sizeof(\"T,1,1,7\"), \"input and output shapes\");\n");
        assertCompilesAsC(cc, c.toString(), header);
    }

    /** Checks a C file (that includes headers already in {@link #dir}) with the strictest warnings. */
    private void assertCompilesAsC(Path cc, String source, String header, String... extraOptions) throws Exception {
        Path file = dir.resolve("check.c");
        Files.writeString(file, source);
        List<String> cmd = new ArrayList<>(List.of(cc.toString(), "-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic"));
        cmd.addAll(List.of(extraOptions));
        cmd.addAll(List.of("-fsyntax-only", file.toString()));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out + "\n" + (header.length() > 10_000 ? header.substring(0, 10_000) : header));
    }

    private static Path cCompiler() {
        Optional<Path> compiler = Executables.onPath("cc");
        Assumptions.assumeTrue(compiler.isPresent(), "no C compiler (cc) on the PATH (" + Executables.path()
                + "): skipping");
        return compiler.get();
    }

    // ---- networks beyond one class file's limits: the generated code still compiles, with the same values ----

    /** An input name of 200,000 characters (some outside ASCII): more than one string constant holds. */
    @Test
    void aVeryLongInputNameGivesCodeThatCompiles() throws Exception {
        String name = "x".repeat(150_000) + "\u00e4\u20ac\ud83d\ude00".repeat(12_500);
        assertEquals(200_000, name.length());
        Network base = Examples.tiny();
        SequenceInput in = base.input();
        CompiledNetwork n = compiled(new Network(base.name(), new SequenceInput(name, in.featureSize(),
                in.sequenceLength(), in.batchSize(), in.axes()), base.layers(), base.output()));
        Class<?> cls = assertCompiledConstantsEqualTheList(n, "LongInputOffsets");
        assertEquals(name, cls.getField("INPUT_NAME").get(null));
        assertHeaderCompiles(n, "_Static_assert(sizeof(LONG_INPUT_NAME) == " + (name.getBytes(StandardCharsets.UTF_8).length + 1)
                + ", \"the input name's UTF-8 bytes\");\n");
    }

    /** A network name of 70,000 characters: beyond one string constant, in the class's Javadoc too. */
    @Test
    void aVeryLongNetworkNameGivesCodeThatCompiles() throws Exception {
        String name = "net".repeat(23_334);
        Network base = Examples.tiny();
        CompiledNetwork n = compiled(new Network(name, base.input(), base.layers(), base.output()));
        Class<?> cls = assertCompiledConstantsEqualTheList(n, "LongNameOffsets");
        assertEquals(name, cls.getField("NETWORK_NAME").get(null));
        assertHeaderCompiles(n, "_Static_assert(sizeof(LONG_NETWORK_NAME) == " + (name.length() + 1) + ", \"name\");\n");
    }

    /**
     * 1,500 LSTM layers give more constants than one class file holds: the class inherits the rest from
     * parts and every constant keeps its name and value.
     */
    @Test
    void fifteenHundredLayersGiveCodeThatCompiles() throws Exception {
        RandomNetworks b = RandomNetworks.builder(7, 2, 0);
        for (int i = 1; i <= 1_500; i++) {
            b.lstm("lstm_" + i, 1, Direction.FORWARD, OutputMode.SEQUENCE, false, false);
        }
        CompiledNetwork n = compiled(b.build("deep"));
        Class<?> cls = assertCompiledConstantsEqualTheList(n, "DeepOffsets");
        int constants = cls.getFields().length;
        assertTrue(constants > 20_000, constants + " constants");
        Class<?>[] parts = cls.getInterfaces();
        assertTrue(parts.length >= 1, "the class inherits parts");
        for (int p = 0; p < parts.length; p++) {
            assertEquals("com.example.big.DeepOffsetsParts$Part" + (p + 1), parts[p].getName());
        }
        assertTrue(cls.getDeclaredFields().length < constants, "the class declares only its own part");
        assertHeaderCompiles(n, "_Static_assert(LONG_LSTM_1500_H_OFFSET == "
                + n.memoryMap().symbols().stream().filter(s -> s.name().equals("lstm_1500.h")).findFirst()
                        .orElseThrow().offset() + "ULL, \"the last layer's state\");\n");
    }

    private static CompiledNetwork compiled(Network network) throws Exception {
        return NetworkCompiler.compile(network, ProcessorConfig.defaults(), "long.lstm.json", "0.1.0-test", false);
    }

    /**
     * Generates, compiles (javac, all lints as errors) and loads a network's class; checks that every
     * constant of {@link NetworkConstants#of} is a public static final field of the class, declared or
     * inherited, with its value.
     *
     * @return the loaded class
     */
    private Class<?> assertCompiledConstantsEqualTheList(CompiledNetwork n, String className)
            throws Exception {
        ImageReference ref = new ImageReference("/big/long.elf", "e".repeat(64));
        JavaConstantsWriter writer = new JavaConstantsWriter("com.example.big", className);
        long start = System.nanoTime();
        Class<?> cls = compileAndLoad(writer, writer.generate(n, ref));
        System.out.printf("%s: generated and compiled in %d ms%n", className, (System.nanoTime() - start) / 1_000_000);
        Map<String, Object> expected = new HashMap<>();
        for (Constant c : NetworkConstants.of(n, ref)) {
            expected.put(c.name(), c.value());
        }
        assertEquals(expected, constants(cls.getFields()), "every constant, declared or inherited");
        assertEquals(0, cls.getConstructors().length);
        return cls;
    }

    /** Writes a network's C header and checks it with a C file that includes it and asserts on it. */
    private void assertHeaderCompiles(CompiledNetwork n, String assertions) throws Exception {
        Path cc = cCompiler();
        String header = new CHeaderWriter("LONG").generate(n, new ImageReference("/big/long.elf", "e".repeat(64)));
        Files.writeString(dir.resolve("long.h"), header);
        // a string beyond 4,095 bytes is valid C, above the minimum that ISO C requires a compiler to support
        assertCompilesAsC(cc, "#include \"long.h\"\n" + assertions, header, "-Wno-overlength-strings");
    }

    @Test
    void memoryMapJsonIsStableAndHasTotals() throws Exception {
        CompiledNetwork n = TestImages.small();
        String a = MemoryMapJsonWriter.write(n);
        assertEquals(a, MemoryMapJsonWriter.write(TestImages.small()));
        assertFalse(a.contains("\r"));
        JsonNode json = new ObjectMapper().readTree(a);
        assertEquals(MemoryMapJsonWriter.FORMAT, json.get("format").asText());
        assertEquals(n.memoryMap().memorySize() - n.memoryMap().endOffset(), json.get("totals").get("freeBytes").asLong());
        long weights = n.memoryMap().symbols().stream().filter(s -> s.kind() == io.github.lstmhdl.memory.SymbolKind.WEIGHTS)
                .mapToLong(MemorySymbol::size).sum();
        assertEquals(weights, json.get("totals").get("bytesBySymbolKind").get("WEIGHTS").asLong());
        assertEquals(6, json.get("regions").size());
    }
}
