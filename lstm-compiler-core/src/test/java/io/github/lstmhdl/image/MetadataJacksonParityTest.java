package io.github.lstmhdl.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.lstmhdl.image.ImageMetadata.TensorSpec;
import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.MemorySymbol;
import io.github.lstmhdl.memory.Region;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.memory.SymbolKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The runtime's own metadata writer gives, byte for byte, what the compiler wrote with Jackson before
 * lstm-runtime dropped it (the same mapper, its annotations applied as mix-ins): on random metadata with
 * any characters in the texts, any float scale, empty and full lists and maps, and the optional keys
 * present or absent. With the golden digests of the test networks ({@code OutputDigestsTest}) this
 * proves the move changed no image, also for the values no test network has.
 */
class MetadataJacksonParityTest {

    private abstract static class PortsAbsentWhenEmpty {
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        abstract List<PortSpec> stateInputs();

        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        abstract List<PortSpec> stateOutputs();

        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        abstract List<LayerOutputSpec> layerOutputs();
    }

    private abstract static class QuantizationAbsentWhenZero {
        @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        abstract float scale();

        @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        abstract int zeroPoint();
    }

    /** The writer of lstm-hdl 0.1.0's ImageMetadataJson. */
    private static final ObjectWriter JACKSON;

    static {
        JsonMapper mapper = JsonMapper.builder()
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
                .addMixIn(ImageMetadata.class, PortsAbsentWhenEmpty.class)
                .addMixIn(TensorSpec.class, QuantizationAbsentWhenZero.class)
                .build();
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        JACKSON = mapper.writer(new DefaultPrettyPrinter().withObjectIndenter(indenter).withArrayIndenter(indenter));
    }

    @Test
    void theRuntimeWriterWritesWhatJacksonWrote() throws Exception {
        Random rnd = new Random(1616);
        for (int i = 0; i < 400; i++) {
            ImageMetadata m = random(rnd);
            String jackson = JACKSON.writeValueAsString(m) + "\n";
            String ours = new String(ImageMetadataJson.toJson(m), StandardCharsets.US_ASCII);
            assertEquals(jackson, ours, "metadata " + i);
        }
    }

    private static ImageMetadata random(Random rnd) {
        List<Region> regions = new ArrayList<>();
        long at = 0;
        for (RegionKind kind : RegionKind.values()) {
            if (rnd.nextInt(4) > 0) {
                long size = rnd.nextInt(3) == 0 ? 0 : rnd.nextLong(1, 1L << 40);
                regions.add(new Region(kind, at, size));
                at += size + rnd.nextInt(1000);
            }
        }
        List<MemorySymbol> symbols = new ArrayList<>();
        for (int s = rnd.nextInt(4); s > 0; s--) {
            symbols.add(new MemorySymbol(text(rnd), SymbolKind.values()[rnd.nextInt(SymbolKind.values().length)],
                    RegionKind.values()[rnd.nextInt(RegionKind.values().length)], rnd.nextLong(0, Long.MAX_VALUE),
                    rnd.nextLong(0, 1L << 33)));
        }
        MemoryMap map = new MemoryMap(rnd.nextLong(), rnd.nextLong(), rnd.nextInt(), regions, symbols, rnd.nextLong());
        Map<String, String> processor = new HashMap<>();
        for (int p = rnd.nextInt(5); p > 0; p--) {
            processor.put(text(rnd), text(rnd));
        }
        List<PortSpec> in = ports(rnd);
        List<PortSpec> out = ports(rnd);
        List<LayerOutputSpec> layers = new ArrayList<>();
        for (int l = rnd.nextInt(3) == 0 ? rnd.nextInt(1, 3) : 0; l > 0; l--) {
            layers.add(new LayerOutputSpec(text(rnd), tensor(rnd)));
        }
        return new ImageMetadata(rnd.nextInt(), text(rnd), text(rnd), text(rnd), rnd.nextInt(), tensor(rnd),
                tensor(rnd), text(rnd), processor, map, text(rnd), in, out, layers);
    }

    private static List<PortSpec> ports(Random rnd) {
        List<PortSpec> ports = new ArrayList<>();
        for (int p = rnd.nextInt(3) == 0 ? rnd.nextInt(1, 3) : 0; p > 0; p--) {
            List<Integer> shape = new ArrayList<>();
            for (int d = rnd.nextInt(4); d > 0; d--) {
                shape.add(rnd.nextInt());
            }
            List<PortSpec.Piece> pieces = new ArrayList<>();
            for (int q = rnd.nextInt(3); q > 0; q--) {
                pieces.add(new PortSpec.Piece(rnd.nextLong(), rnd.nextLong(), rnd.nextInt()));
            }
            ports.add(new PortSpec(text(rnd), text(rnd), shape, pieces));
        }
        return ports;
    }

    private static TensorSpec tensor(Random rnd) {
        List<String> axes = new ArrayList<>();
        for (int a = rnd.nextInt(4); a > 0; a--) {
            axes.add(text(rnd));
        }
        TensorSpec t = new TensorSpec(text(rnd), rnd.nextInt(), rnd.nextBoolean(), rnd.nextInt(), axes, rnd.nextInt(),
                rnd.nextInt());
        if (rnd.nextBoolean()) {
            return t;
        }
        float scale = switch (rnd.nextInt(4)) {
            case 0 -> Float.MIN_VALUE * rnd.nextInt(1, 1000);
            case 1 -> Float.MAX_VALUE / rnd.nextInt(1, 1000);
            case 2 -> (float) Math.pow(2, rnd.nextInt(-40, 40));
            default -> Float.intBitsToFloat(rnd.nextInt(1, 0x7F80_0000));
        };
        return t.quantized(scale, rnd.nextInt(-128, 128));
    }

    /** A text of any UTF-16 units: ASCII, control characters, Latin, BMP, surrogate pairs, lone surrogates. */
    private static String text(Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (int n = rnd.nextInt(8); n > 0; n--) {
            switch (rnd.nextInt(5)) {
                case 0 -> sb.append((char) rnd.nextInt(0x20));
                case 1 -> sb.append((char) rnd.nextInt(0x20, 0x80));
                case 2 -> sb.append((char) rnd.nextInt(0x80, 0x800));
                case 3 -> sb.appendCodePoint(rnd.nextInt(0x10000, 0x110000));
                default -> sb.append((char) rnd.nextInt(0x10000));
            }
        }
        return sb.toString();
    }
}
