package io.github.lstmhdl.codegen;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lstmhdl.image.ImageMetadata;
import io.github.lstmhdl.image.LayerOutputSpec;
import io.github.lstmhdl.image.PortSpec;
import io.github.lstmhdl.image.RegionContent;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.MemorySymbol;
import io.github.lstmhdl.memory.Region;
import io.github.lstmhdl.memory.SymbolKind;
import io.github.lstmhdl.output.GeneratedFile;
import io.github.lstmhdl.timing.PerformanceReport;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a network's memory map as JSON for tools: the base address, memory size, alignment and end
 * offset; the regions in address order (toolbox name, section, offset, address, size, whether the image
 * initializes it); the symbols in the memory map's order (name, kind, region, offset, address, size);
 * totals (bytes used, free, and per symbol kind); and the performance estimate (docs/isa.md §9) with
 * the layer and layer group of every instruction. Fields appear in a fixed order, numbers are exact
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
        ImageMetadata meta = network.metadata();
        if (!meta.stateInputs().isEmpty() || !meta.stateOutputs().isEmpty()) {
            ArrayNode ports = root.putArray("ports");
            meta.stateInputs().forEach(p -> port(ports.addObject(), "input", p, map));
            meta.stateOutputs().forEach(p -> port(ports.addObject(), "output", p, map));
        }
        if (!meta.layerOutputs().isEmpty()) {
            ArrayNode taps = root.putArray("layerOutputs");
            for (LayerOutputSpec tap : meta.layerOutputs()) {
                ObjectNode n = taps.addObject();
                n.put("name", tap.tensor().name());
                n.put("shape", tap.tensor().shapeText());
                n.put("symbol", tap.symbol());
                long offset = map.symbol(tap.symbol()).orElseThrow().offset();
                n.put("offset", offset);
                n.put("address", map.baseAddress() + offset);
                n.put("features", tap.tensor().featureSize());
                n.put("sequence", tap.tensor().sequence());
            }
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
        performance(root.putObject("performance"), network);
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

    /**
     * The performance estimate of a run of the frame limit (docs/isa.md §9): the timing parameters, the
     * cycles (exact), the times in nanoseconds (rounded up) and the rate (rounded down), the rows per layer
     * group and per layer, and which instructions belong to which layer and group (runs of consecutive
     * instructions), so that a profile of the image alone can be reported per layer.
     */
    private static void performance(ObjectNode n, CompiledNetwork network) {
        PerformanceReport e = network.estimate();
        n.put("model", "docs/isa.md section 9");
        n.put("contentSha256", network.metadata().contentSha256());
        n.put("fcThreads", e.parameters().fcThreads());
        n.put("clockFrequencyMHz", e.parameters().clockFrequencyMHz());
        n.put("memoryBandwidthMBps", e.parameters().memoryBandwidthMBps());
        n.put("elementBytes", e.parameters().elementBytes());
        n.put("sequenceLength", e.steps());
        n.put("cyclesPerStep", e.perStepCycles());
        n.put("fixedCycles", e.fixedCycles());
        n.put("cyclesPerSequence", e.totalCycles());
        n.put("cyclesOneStepRun", e.singleStepCycles());
        n.put("nanosecondsPerStep", NetworkConstants.nanosecondsUp(e.perStepCycles(), e));
        n.put("nanosecondsPerSequence", NetworkConstants.nanosecondsUp(e.totalCycles(), e));
        n.put("nanosecondsOneStepRun", NetworkConstants.nanosecondsUp(e.singleStepCycles(), e));
        n.put("sequencesPerSecond", e.parameters().clockFrequencyMHz() * 1_000_000L / Math.max(1, e.totalCycles()));
        rows(n.putArray("layerGroups"), e.groups());
        rows(n.putArray("layers"), e.layers());
        ArrayNode owners = n.putArray("instructionOwners");
        List<String> layers = network.owners().layers();
        List<String> groups = network.owners().groups();
        int first = 0;
        for (int i = 1; i <= layers.size(); i++) {
            if (i == layers.size() || !layers.get(i).equals(layers.get(first))
                    || !groups.get(i).equals(groups.get(first))) {
                ObjectNode r = owners.addObject();
                r.put("first", first);
                r.put("last", i - 1);
                r.put("layer", layers.get(first));
                r.put("layerGroup", groups.get(first));
                first = i;
            }
        }
    }

    private static void rows(ArrayNode array, List<PerformanceReport.Row> rows) {
        for (PerformanceReport.Row row : rows) {
            ObjectNode r = array.addObject();
            r.put("name", row.name());
            r.put("cycles", row.cycles());
            r.put("cyclesPerStep", row.perStepCycles());
            r.put("fcs", row.fcs());
            r.put("memoryBoundFcs", row.memoryBoundFcs());
            r.put("bound", row.bound());
        }
    }

    /**
     * One state port (only a network with several inputs or outputs has them): its side, tensor name and
     * shape, its area's symbol, offset and address, and its pieces (docs/image-format.md, State ports).
     */
    private static void port(ObjectNode n, String side, PortSpec port, MemoryMap map) {
        n.put("side", side);
        n.put("name", port.name());
        ArrayNode shape = n.putArray("shape");
        port.shape().forEach(shape::add);
        n.put("symbol", port.symbol());
        long offset = map.symbol(port.symbol()).orElseThrow().offset();
        n.put("offset", offset);
        n.put("address", map.baseAddress() + offset);
        ArrayNode pieces = n.putArray("pieces");
        for (PortSpec.Piece piece : port.pieces()) {
            ObjectNode p = pieces.addObject();
            p.put("offset", piece.offset());
            p.put("stride", piece.stride());
            p.put("elements", piece.elements());
        }
    }

    /** The memory map as a generated resource at {@code relativePath}. */
    public static GeneratedFile file(String relativePath, CompiledNetwork network) {
        return new GeneratedFile(GeneratedFile.Kind.RESOURCE, relativePath,
                RegionContent.of(write(network).getBytes(StandardCharsets.UTF_8)));
    }
}
