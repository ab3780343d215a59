package io.github.lstmhdl.testing;

import io.github.lstmhdl.alloc.Symbolizer;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.isa.Disassembler;
import io.github.lstmhdl.memory.MemorySymbol;
import io.github.lstmhdl.onnx.OnnxImporter;
import io.github.lstmhdl.pipeline.NetworkCompiler;
import io.github.lstmhdl.source.ImportOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Generates the example section of docs/isa.md: the compile log, the symbols and the disassembly of
 * {@link Examples#tiny()} (D=3, H=4, one LSTM + fc 2), and the disassembly of the README's bundled
 * example {@code examples/quickstart/src/main/networks/sensor_lstm.onnx} compiled as its pom configures
 * it. Run {@code main} (from the project root) to print both; a test checks that the document holds
 * the current text.
 */
public final class IsaExample {
    private IsaExample() {
    }

    public static List<String> lines() throws Exception {
        CompiledNetwork c = NetworkCompiler.compile(Examples.tiny(),
                ProcessorConfig.defaults().with("alignment", "256").with("maxSequenceLength", "8"), "tiny.lstm.json",
                "0.1.0-SNAPSHOT", false);
        List<String> out = new ArrayList<>();
        out.add("Compile log (processor zcu102_single, alignment 256, maxSequenceLength 8):");
        out.add("");
        out.add("```");
        c.log().forEach(out::add);
        out.add("```");
        out.add("");
        out.add("Symbols:");
        out.add("");
        out.add("```");
        for (MemorySymbol s : c.memoryMap().symbols()) {
            out.add(String.format(Locale.ROOT, "0x%08x %6d  %-14s %-16s %s", s.offset(), s.size(), s.kind(),
                    s.region(), s.name()));
        }
        out.add("```");
        out.add("");
        out.add("Disassembly:");
        out.add("");
        out.add("```");
        out.addAll(Disassembler.disassemble(c.program(), Symbolizer.of(c.memoryMap())));
        out.add("```");
        return out;
    }

    /** The bundled example's path below the project root. */
    public static final String BUNDLED_EXAMPLE = "examples/quickstart/src/main/networks/sensor_lstm.onnx";

    /** The disassembly of the bundled example, compiled with the quickstart pom's memorySize (256MiB). */
    public static List<String> bundledExampleLines(Path projectRoot) throws Exception {
        CompiledNetwork c = NetworkCompiler.compile(
                OnnxImporter.read(projectRoot.resolve(BUNDLED_EXAMPLE), ImportOptions.defaults()),
                ProcessorConfig.defaults().with("memorySize", "256MiB"), "sensor_lstm.onnx", "0.1.0-SNAPSHOT", false);
        List<String> out = new ArrayList<>();
        out.add("```");
        out.addAll(Disassembler.disassemble(c.program(), Symbolizer.of(c.memoryMap())));
        out.add("```");
        return out;
    }

    public static void main(String[] args) throws Exception {
        lines().forEach(System.out::println);
        System.out.println();
        bundledExampleLines(Path.of("")).forEach(System.out::println);
    }
}
