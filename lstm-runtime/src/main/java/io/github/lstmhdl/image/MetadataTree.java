package io.github.lstmhdl.image;

import static io.github.lstmhdl.image.MetadataFields.constant;
import static io.github.lstmhdl.image.MetadataFields.list;

import io.github.lstmhdl.image.ImageMetadata.TensorSpec;
import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.MemorySymbol;
import io.github.lstmhdl.memory.Region;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.memory.SymbolKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@link ImageMetadata} as a JSON tree and back: the keys of docs/image-format.md ("Metadata"), one
 * per record component, with the lists of state ports and earlier layers' outputs left out when they
 * are empty and an int8 tensor's {@code scale} and {@code zeroPoint} left out when they are 0 (a
 * float32 tensor), so an image without them keeps the bytes it always had. Reading takes every key
 * with its type and refuses any other, at every level; the records then validate the values.
 */
final class MetadataTree {
    private MetadataTree() {
    }

    // ---- writing ----

    /** The metadata as a tree ({@link CanonicalJson} sorts the keys). */
    static Json.Obj tree(ImageMetadata m) {
        Map<String, Json> o = new LinkedHashMap<>();
        o.put("formatVersion", number(m.formatVersion()));
        o.put("compilerVersion", new Json.Str(m.compilerVersion()));
        o.put("networkName", new Json.Str(m.networkName()));
        o.put("dataType", new Json.Str(m.dataType()));
        o.put("frameLimit", number(m.frameLimit()));
        o.put("input", tensor(m.input()));
        o.put("output", tensor(m.output()));
        o.put("hostLayer", new Json.Str(m.hostLayer()));
        Map<String, Json> processor = new LinkedHashMap<>();
        m.processor().forEach((k, v) -> processor.put(k, new Json.Str(v)));
        o.put("processor", new Json.Obj(processor));
        o.put("memoryMap", memoryMap(m.memoryMap()));
        o.put("contentSha256", new Json.Str(m.contentSha256()));
        putUnlessEmpty(o, "stateInputs", m.stateInputs(), MetadataTree::port);
        putUnlessEmpty(o, "stateOutputs", m.stateOutputs(), MetadataTree::port);
        putUnlessEmpty(o, "layerOutputs", m.layerOutputs(), MetadataTree::layerOutput);
        return new Json.Obj(o);
    }

    private static Json tensor(TensorSpec t) {
        Map<String, Json> o = new LinkedHashMap<>();
        o.put("name", new Json.Str(t.name()));
        o.put("featureSize", number(t.featureSize()));
        o.put("sequence", new Json.Bool(t.sequence()));
        o.put("directions", number(t.directions()));
        o.put("axes", new Json.Arr(t.axes().stream().<Json>map(Json.Str::new).toList()));
        o.put("sequenceLength", number(t.sequenceLength()));
        o.put("batchSize", number(t.batchSize()));
        if (Float.floatToIntBits(t.scale()) != 0) {
            o.put("scale", new Json.Num(Float.toString(t.scale())));
        }
        if (t.zeroPoint() != 0) {
            o.put("zeroPoint", number(t.zeroPoint()));
        }
        return new Json.Obj(o);
    }

    private static Json memoryMap(MemoryMap map) {
        Map<String, Json> o = new LinkedHashMap<>();
        o.put("baseAddress", number(map.baseAddress()));
        o.put("memorySize", number(map.memorySize()));
        o.put("alignment", number(map.alignment()));
        o.put("regions", array(map.regions(), r -> {
            Map<String, Json> e = new LinkedHashMap<>();
            e.put("kind", new Json.Str(r.kind().name()));
            e.put("offset", number(r.offset()));
            e.put("size", number(r.size()));
            return new Json.Obj(e);
        }));
        o.put("symbols", array(map.symbols(), s -> {
            Map<String, Json> e = new LinkedHashMap<>();
            e.put("name", new Json.Str(s.name()));
            e.put("kind", new Json.Str(s.kind().name()));
            e.put("region", new Json.Str(s.region().name()));
            e.put("offset", number(s.offset()));
            e.put("size", number(s.size()));
            return new Json.Obj(e);
        }));
        o.put("endOffset", number(map.endOffset()));
        return new Json.Obj(o);
    }

    private static Json port(PortSpec p) {
        Map<String, Json> o = new LinkedHashMap<>();
        o.put("name", new Json.Str(p.name()));
        o.put("symbol", new Json.Str(p.symbol()));
        o.put("shape", array(p.shape(), d -> number(d)));
        o.put("pieces", array(p.pieces(), piece -> {
            Map<String, Json> e = new LinkedHashMap<>();
            e.put("offset", number(piece.offset()));
            e.put("stride", number(piece.stride()));
            e.put("elements", number(piece.elements()));
            return new Json.Obj(e);
        }));
        return new Json.Obj(o);
    }

    private static Json layerOutput(LayerOutputSpec l) {
        Map<String, Json> o = new LinkedHashMap<>();
        o.put("symbol", new Json.Str(l.symbol()));
        o.put("tensor", tensor(l.tensor()));
        return new Json.Obj(o);
    }

    private static <T> void putUnlessEmpty(Map<String, Json> o, String key, List<T> values, Function<T, Json> element) {
        if (!values.isEmpty()) {
            o.put(key, array(values, element));
        }
    }

    private static <T> Json array(List<T> values, Function<T, Json> element) {
        return new Json.Arr(values.stream().map(element).toList());
    }

    private static Json number(long value) {
        return new Json.Num(Long.toString(value));
    }

    // ---- reading ----

    /**
     * The metadata a tree describes.
     *
     * @throws MetadataFormatException naming the key that is missing, unknown, of the wrong type or
     *                                 rejected by its record
     */
    static ImageMetadata metadata(Json document) throws MetadataFormatException {
        MetadataFields f = MetadataFields.of(document, "");
        int formatVersion = f.required("formatVersion", MetadataFields::int32);
        String compilerVersion = f.required("compilerVersion", MetadataFields::text);
        String networkName = f.required("networkName", MetadataFields::text);
        String dataType = f.required("dataType", MetadataFields::text);
        int frameLimit = f.required("frameLimit", MetadataFields::int32);
        TensorSpec input = f.required("input", MetadataTree::tensor);
        TensorSpec output = f.required("output", MetadataTree::tensor);
        String hostLayer = f.required("hostLayer", MetadataFields::text);
        Map<String, String> processor = f.required("processor", MetadataFields::textMap);
        MemoryMap memoryMap = f.required("memoryMap", MetadataTree::memoryMap);
        String contentSha256 = f.required("contentSha256", MetadataFields::text);
        List<PortSpec> stateInputs = f.optional("stateInputs", (v, p) -> list(v, p, MetadataTree::port))
                .orElse(List.of());
        List<PortSpec> stateOutputs = f.optional("stateOutputs", (v, p) -> list(v, p, MetadataTree::port))
                .orElse(List.of());
        List<LayerOutputSpec> layerOutputs = f.optional("layerOutputs", (v, p) -> list(v, p,
                MetadataTree::layerOutput)).orElse(List.of());
        return f.build(() -> new ImageMetadata(formatVersion, compilerVersion, networkName, dataType, frameLimit, input,
                output, hostLayer, processor, memoryMap, contentSha256, stateInputs, stateOutputs, layerOutputs));
    }

    private static TensorSpec tensor(Json value, String path) throws MetadataFormatException {
        MetadataFields f = MetadataFields.of(value, path);
        String name = f.required("name", MetadataFields::text);
        int featureSize = f.required("featureSize", MetadataFields::int32);
        boolean sequence = f.required("sequence", MetadataFields::bool);
        int directions = f.required("directions", MetadataFields::int32);
        List<String> axes = f.required("axes", (v, p) -> list(v, p, MetadataFields::text));
        int sequenceLength = f.required("sequenceLength", MetadataFields::int32);
        int batchSize = f.required("batchSize", MetadataFields::int32);
        float scale = f.optional("scale", MetadataFields::float32).orElse(0f);
        int zeroPoint = f.optional("zeroPoint", MetadataFields::int32).orElse(0);
        return f.build(() -> new TensorSpec(name, featureSize, sequence, directions, axes, sequenceLength, batchSize,
                scale, zeroPoint));
    }

    private static MemoryMap memoryMap(Json value, String path) throws MetadataFormatException {
        MetadataFields f = MetadataFields.of(value, path);
        long baseAddress = f.required("baseAddress", MetadataFields::int64);
        long memorySize = f.required("memorySize", MetadataFields::int64);
        long alignment = f.required("alignment", MetadataFields::int64);
        List<Region> regions = f.required("regions", (v, p) -> list(v, p, MetadataTree::region));
        List<MemorySymbol> symbols = f.required("symbols", (v, p) -> list(v, p, MetadataTree::symbol));
        long endOffset = f.required("endOffset", MetadataFields::int64);
        return f.build(() -> new MemoryMap(baseAddress, memorySize, alignment, regions, symbols, endOffset));
    }

    private static Region region(Json value, String path) throws MetadataFormatException {
        MetadataFields f = MetadataFields.of(value, path);
        RegionKind kind = f.required("kind", (v, p) -> constant(v, p, RegionKind.class));
        long offset = f.required("offset", MetadataFields::int64);
        long size = f.required("size", MetadataFields::int64);
        return f.build(() -> new Region(kind, offset, size));
    }

    private static MemorySymbol symbol(Json value, String path) throws MetadataFormatException {
        MetadataFields f = MetadataFields.of(value, path);
        String name = f.required("name", MetadataFields::text);
        SymbolKind kind = f.required("kind", (v, p) -> constant(v, p, SymbolKind.class));
        RegionKind region = f.required("region", (v, p) -> constant(v, p, RegionKind.class));
        long offset = f.required("offset", MetadataFields::int64);
        long size = f.required("size", MetadataFields::int64);
        return f.build(() -> new MemorySymbol(name, kind, region, offset, size));
    }

    private static PortSpec port(Json value, String path) throws MetadataFormatException {
        MetadataFields f = MetadataFields.of(value, path);
        String name = f.required("name", MetadataFields::text);
        String symbol = f.required("symbol", MetadataFields::text);
        List<Integer> shape = f.required("shape", (v, p) -> list(v, p, MetadataFields::int32));
        List<PortSpec.Piece> pieces = f.required("pieces", (v, p) -> list(v, p, MetadataTree::piece));
        return f.build(() -> new PortSpec(name, symbol, shape, pieces));
    }

    private static PortSpec.Piece piece(Json value, String path) throws MetadataFormatException {
        MetadataFields f = MetadataFields.of(value, path);
        long offset = f.required("offset", MetadataFields::int64);
        long stride = f.required("stride", MetadataFields::int64);
        int elements = f.required("elements", MetadataFields::int32);
        return f.build(() -> new PortSpec.Piece(offset, stride, elements));
    }

    private static LayerOutputSpec layerOutput(Json value, String path) throws MetadataFormatException {
        MetadataFields f = MetadataFields.of(value, path);
        String symbol = f.required("symbol", MetadataFields::text);
        TensorSpec tensor = f.required("tensor", MetadataTree::tensor);
        return f.build(() -> new LayerOutputSpec(symbol, tensor));
    }
}
