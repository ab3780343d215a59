package io.github.lstmhdl.cli;

import io.github.lstmhdl.alloc.MemoryMapTable;
import io.github.lstmhdl.alloc.Symbolizer;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.image.ImageMetadata;
import io.github.lstmhdl.image.ImageReader;
import io.github.lstmhdl.image.LayerOutputSpec;
import io.github.lstmhdl.image.LoadedImage;
import io.github.lstmhdl.image.PortSpec;
import io.github.lstmhdl.isa.Disassembler;
import io.github.lstmhdl.isa.InstructionCodec;
import io.github.lstmhdl.isa.InvalidInstructionException;
import io.github.lstmhdl.memory.MemorySymbol;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.memory.SymbolKind;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code inspect <image> [-v]}: prints what an image holds, read from its bytes alone: metadata, the
 * memory-map table, every symbol; with {@code -v} the disassembly of the program.
 */
final class InspectCommand {
    private static final Set<String> SWITCHES = Set.of("-v", "--verbose");

    private InspectCommand() {
    }

    static int run(List<String> words, PrintStream out) throws UsageException, CompilationException {
        Arguments args = Arguments.parse(words, Set.of(), SWITCHES);
        Path file = Path.of(args.single("image file"));
        LoadedImage image = ImageReader.read(file, file.toString());
        ImageMetadata meta = image.metadata();
        out.println("### Image " + file + ": network '" + meta.networkName() + "', format " + meta.formatVersion()
                + ", compiled by lstm-hdl " + meta.compilerVersion());
        out.println("### Data type " + meta.dataType() + ", maximum sequence length " + meta.frameLimit()
                + ", content SHA-256 " + meta.contentSha256());
        out.println("### Input  '" + meta.input().name() + "': " + meta.input().featureSize() + " features, axes "
                + meta.input().axes());
        out.println("### Output '" + meta.output().name() + "': " + meta.output().featureSize() + " features"
                + (meta.output().sequence() ? " per time step" : ", last step only") + ", axes " + meta.output().axes()
                + ("none".equals(meta.hostLayer()) ? "" : ", host applies " + meta.hostLayer()));
        for (PortSpec port : meta.stateInputs()) {
            out.println("### State input  '" + port.name() + "': [" + port.shapeText() + "], " + port.pieces().size()
                    + " states in " + port.symbol());
        }
        for (PortSpec port : meta.stateOutputs()) {
            out.println("### State output '" + port.name() + "': [" + port.shapeText() + "], " + port.pieces().size()
                    + " states in " + port.symbol());
        }
        for (LayerOutputSpec tap : meta.layerOutputs()) {
            out.println("### Output '" + tap.tensor().name() + "': " + tap.tensor().featureSize() + " features"
                    + (tap.tensor().sequence() ? " per time step" : "") + ", axes " + tap.tensor().axes() + " in "
                    + tap.symbol());
        }
        out.println("### Processor: " + meta.processor().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + ", " + b).orElse(""));
        out.println();
        MemoryMapTable.render(meta.memoryMap()).forEach(out::println);
        out.println();
        out.println("### Components, states and buffers:");
        for (MemorySymbol s : meta.memoryMap().symbols()) {
            if (s.kind() != SymbolKind.REGION) {
                out.println(String.format(Locale.ROOT, "    %-32s %-13s 0x%08x %10d bytes", s.name(), s.kind(),
                        s.offset(), s.size()));
            }
        }
        if (args.has("-v", "--verbose")) {
            out.println();
            out.println("### Program:");
            try {
                Disassembler.disassemble(InstructionCodec.decode(image.content(RegionKind.INSTRUCTION_DATA)),
                        Symbolizer.of(meta.memoryMap())).forEach(out::println);
            } catch (InvalidInstructionException e) {
                throw new CompilationException(file.toString(), "instruction " + e.index(), e.getMessage(), e);
            }
        }
        return Main.OK;
    }
}
