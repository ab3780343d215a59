package io.github.lstmhdl.codegen;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lstmhdl.image.CompiledNetwork;
import io.github.lstmhdl.image.RegionContent;
import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.MemorySymbol;
import io.github.lstmhdl.memory.Region;
import io.github.lstmhdl.memory.SymbolKind;
import io.github.lstmhdl.output.GeneratedFile;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * Writes a network's memory map as JSON for tools: the base address, memory size, alignment and end
 * offset; the regions in address order (toolbox name, section, offset, address, size, whether the image
 * initializes it); the symbols in the memory map's order (name, kind, region, offset, address, size);
 * and totals (bytes used, free, and per symbol kind). Fields appear in a fixed order, numbers are exact
 * integers, line ends are {@code \n}: the same map always gives the same bytes.
 */
public final class MemoryMapJsonWriter {
    /** The value of the {@code format} field, so tools can recognize the file. */
    public static final String FORMAT = "lstm-hdl-memory-map";
    /** The version of this JSON layout. */
    public static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MemoryMapJsonWriter() {
    }

    /** The JSON text of a network's memory map. */
    public static String write(CompiledNetwork network) {
        MemoryMap map = network.memoryMap();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("network", network.metadata().networkName());
        root.put("compilerVersion", network.metadata().compilerVersion());
        root.put("baseAddress", map.baseAddress());
        root.put("memorySize", map.memorySize());
        root.put("alignment", map.alignment());
        root.put("endOffset", map.endOffset());
        root.put("endAddress", map.baseAddress() + map.endOffset());
        ArrayNode regions = root.putArray("regions");
        for (Region r : map.regions()) {
            ObjectNode n = regions.addObject();
            n.put("name", r.kind().toolboxName());
            n.put("kind", r.kind().name());
            n.put("section", r.kind().sectionName());
            n.put("offset", r.offset());
            n.put("address", map.baseAddress() + r.offset());
            n.put("size", r.size());
            n.put("initialized", r.kind().initialized());
        }
        ArrayNode symbols = root.putArray("symbols");
        Map<SymbolKind, Long> byKind = new EnumMap<>(SymbolKind.class);
        for (MemorySymbol s : map.symbols()) {
            ObjectNode n = symbols.addObject();
            n.put("name", s.name());
            n.put("kind", s.kind().name());
            n.put("region", s.region().toolboxName());
            n.put("offset", s.offset());
            n.put("address", map.baseAddress() + s.offset());
            n.put("size", s.size());
            byKind.merge(s.kind(), s.size(), Long::sum);
        }
        ObjectNode totals = root.putObject("totals");
        totals.put("usedBytes", map.endOffset());
        totals.put("availableBytes", map.memorySize());
        totals.put("freeBytes", map.memorySize() - map.endOffset());
        totals.put("symbolCount", map.symbols().size());
        ObjectNode kinds = totals.putObject("bytesBySymbolKind");
        for (SymbolKind k : SymbolKind.values()) {
            if (byKind.containsKey(k)) {
                kinds.put(k.name(), byKind.get(k));
            }
        }
        network.quantization().ifPresent(q -> {
            // only an int8 network has it: a float32 map's bytes are what they were
            ObjectNode quant = root.putObject("quantization");
            ObjectNode in = quant.putObject("input");
            in.put("scale", q.boundary().inputScale());
            in.put("zeroPoint", q.boundary().inputZero());
            ObjectNode out = quant.putObject("output");
            out.put("scale", q.boundary().outputScale());
            out.put("zeroPoint", q.boundary().outputZero());
            ObjectNode acc = quant.putObject("accuracy");
            acc.put("calibrationSamples", q.samples());
            acc.put("maxAbsError", q.maxAbsError());
            acc.put("rmsError", q.rmsError());
            acc.put("outputRange", q.outputRange());
            q.top1Agreement().ifPresent(t -> acc.put("top1Agreement", t));
        });
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(indenter).withArrayIndenter(indenter);
        try {
            return MAPPER.writer(printer).writeValueAsString(root) + "\n";
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write the memory map: " + e.getOriginalMessage(), e);
        }
    }

    /** The memory map as a generated resource at {@code relativePath}. */
    public static GeneratedFile file(String relativePath, CompiledNetwork network) {
        return new GeneratedFile(GeneratedFile.Kind.RESOURCE, relativePath,
                RegionContent.of(write(network).getBytes(StandardCharsets.UTF_8)));
    }
}
