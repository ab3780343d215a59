package io.github.lstmhdl.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.image.ImageMetadata.TensorSpec;
import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.MemorySymbol;
import io.github.lstmhdl.memory.Region;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.memory.SymbolKind;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The metadata's JSON without a JSON library: what the writer writes the reader reads back to the same
 * record and the same bytes, for every kind of key (state ports, earlier layers' outputs, an int8
 * tensor's scale and zero point); and every document the compiler does not write (malformed JSON, a
 * duplicate, missing, unknown or mistyped key, deep nesting, any byte changed) is one
 * {@link CompilationException} that names the image, the section and the key or the line and column.
 */
class MetadataJsonTest {
    private static final String NAME = "net.elf";

    /** Metadata with every optional key present: ports, an earlier layer's output, int8 boundaries. */
    static ImageMetadata full() {
        MemoryMap map = new MemoryMap(0x8000_0000L, 1L << 20, 256, List.of(
                new Region(RegionKind.INPUT_DATA, 0, 1024), new Region(RegionKind.OUTPUT_RESULT, 1024, 512)),
                List.of(new MemorySymbol("input.h0", SymbolKind.PORT, RegionKind.INPUT_DATA, 512, 64),
                        new MemorySymbol("output.y1", SymbolKind.PORT, RegionKind.OUTPUT_RESULT, 1280, 16)), 1536);
        Map<String, String> processor = new LinkedHashMap<>();
        ProcessorConfig.defaults().toMap().forEach((k, v) -> processor.put(k, String.valueOf(v)));
        PortSpec port = new PortSpec("h0", "input.h0", List.of(1, 2, 8), List.of(new PortSpec.Piece(0, 2, 8),
                new PortSpec.Piece(1, 2, 8)));
        TensorSpec y1 = new TensorSpec("y1", 4, true, 1, List.of("TIME", "FEATURE"), 0, 0);
        return new ImageMetadata(1, "0.1.0-SNAPSHOT", "n\u00e9t \"q\"", "int8", 10,
                new TensorSpec("x", 3, true, 1, List.of("TIME", "BATCH", "FEATURE"), 0, 1).quantized(0.0078125f, -3),
                new TensorSpec("y", 2, false, 2, List.of("DIRECTION", "FEATURE"), 10, 0).quantized(1.0E-5f, 0),
                "softmax", processor, map, "ab".repeat(32), List.of(port), List.of(port),
                List.of(new LayerOutputSpec("output.y1", y1)));
    }

    @Test
    void whatTheWriterWritesTheReaderReadsBackExactly() throws Exception {
        ImageMetadata m = full();
        byte[] json = ImageMetadataJson.toJson(m);
        ImageMetadata back = ImageMetadataJson.fromJson(json, NAME);
        assertEquals(m, back);
        assertArrayEquals(json, ImageMetadataJson.toJson(back));
        String text = new String(json, StandardCharsets.US_ASCII);
        assertTrue(text.contains("\"scale\" : 0.0078125,\n") && text.contains("\"scale\" : 1.0E-5,\n")
                && text.contains("\"zeroPoint\" : -3\n"), text);
        assertTrue(text.contains("\"networkName\" : \"n\\u00E9t \\\"q\\\"\""), text);
        // a float32 tensor and no ports: the optional keys are absent
        ImageMetadata plain = new ImageMetadata(1, "v", "n", "single", 1,
                new TensorSpec("x", 1, true, 1, List.of("TIME", "FEATURE"), 0, 0),
                new TensorSpec("y", 1, true, 1, List.of("TIME", "FEATURE"), 0, 0), "none", Map.of(), m.memoryMap(), "c");
        String plainText = new String(ImageMetadataJson.toJson(plain), StandardCharsets.US_ASCII);
        for (String absent : List.of("scale", "zeroPoint", "stateInputs", "stateOutputs", "layerOutputs")) {
            assertTrue(!plainText.contains("\"" + absent + "\""), absent + " in " + plainText);
        }
        assertTrue(plainText.endsWith("\"processor\" : { }\n}\n"), plainText);
        assertEquals(plain, ImageMetadataJson.fromJson(plainText.getBytes(StandardCharsets.US_ASCII), NAME));
    }

    @Test
    void malformedJsonIsNamedByLineAndColumn() {
        assertEquals("invalid metadata JSON: malformed at line 1, column 1: the document ends where a value is"
                + " expected", reason(""));
        assertEquals("invalid metadata JSON: malformed at line 2, column 12: '}' where a key in double quotes is"
                + " expected",
                reason("{\n  \"a\" : 1, }"));
        assertEquals("invalid metadata JSON: malformed at line 1, column 4: content after the end of the document",
                reason("{} {}"));
        assertEquals("invalid metadata JSON: malformed at line 1, column 9: a number must not have a leading zero",
                reason("{\"a\" : 01}"));
        assertEquals("invalid metadata JSON: malformed at line 1, column 4: a byte that is not ASCII (0xC3); the"
                + " metadata is ASCII", reason("{\"n\u00e9\" : 1}"));
        assertEquals("invalid metadata JSON: malformed at line 1, column 5: \\x is not an escape of JSON",
                reason("[\"a\\x\"]"));
        assertEquals("invalid metadata JSON: malformed at line 1, column 2: the end of the document where a key in"
                + " double quotes is expected", reason("{"));
        assertEquals("invalid metadata JSON: malformed at line 1, column 33: nested deeper than 32 levels",
                reason("[".repeat(100_000)));
    }

    @Test
    void eachKeyIsNamedWhenItIsWrong() throws Exception {
        String good = new String(ImageMetadataJson.toJson(full()), StandardCharsets.US_ASCII);
        assertEquals("invalid metadata JSON: key frameLimit: \"10\" is not a whole number (32 bits)",
                reason(good.replace("\"frameLimit\" : 10", "\"frameLimit\" : \"10\"")));
        assertEquals("invalid metadata JSON: key frameLimit: 4294967306 is not a whole number (32 bits)",
                reason(good.replace("\"frameLimit\" : 10", "\"frameLimit\" : 4294967306")));
        assertEquals("invalid metadata JSON: key frameLimit: 1.5 is not a whole number (32 bits)",
                reason(good.replace("\"frameLimit\" : 10", "\"frameLimit\" : 1.5")));
        assertEquals("invalid metadata JSON: key input.sequence: the value is not true or false",
                reason(good.replaceFirst("\"sequence\" : true", "\"sequence\" : [ ]")));
        assertEquals("invalid metadata JSON: key memoryMap.regions[1].kind: \"OUTPUT\" is not one of " + List.of(
                RegionKind.values()), reason(good.replace("\"kind\" : \"OUTPUT_RESULT\"", "\"kind\" : \"OUTPUT\"")));
        assertEquals("invalid metadata JSON: key hostLayer: null where a value is required",
                reason(good.replace("\"hostLayer\" : \"softmax\"", "\"hostLayer\" : null")));
        assertEquals("invalid metadata JSON: key stateInputs[0].shape[1]: null where a value is required",
                reason(good.replaceFirst("      2,\n", "      null,\n")));
        assertEquals("invalid metadata JSON: key networkName: given twice",
                reason(good.replace("\"hostLayer\" :", "\"networkName\" :")));
        assertEquals("invalid metadata JSON: key contentSha256: missing",
                reason(good.replace("\"contentSha256\"", "\"contentSha257\"")));
        assertEquals("invalid metadata JSON: key stateInputs[0].pieces[0].extra: not a key of the image format",
                reason(good.replaceFirst("\"elements\" : 8,", "\"elements\" : 8, \"extra\" : 0,")));
        assertEquals("invalid metadata JSON: key memoryMap.regions[0]: an invalid value: region offset and size must"
                + " not be negative", reason(good.replaceFirst("\"offset\" : 0,", "\"offset\" : -1,")));
        assertEquals("invalid metadata JSON: the metadata: the value is not an object", reason("[ ]"));
        assertEquals("invalid metadata JSON: key processor.alpha: not a processor field (the fields are "
                + String.join(", ", List.copyOf(ProcessorConfig.defaults().toMap().keySet())) + ")",
                reason(good.replace("\"processor\" : {", "\"processor\" : { \"alpha\" : \"1\",")));
    }

    /** Any byte changed, any length cut: a CompilationException naming the image and the section, nothing else. */
    @Test
    void noDocumentEscapesAsAnotherException() {
        byte[] good = ImageMetadataJson.toJson(full());
        Random rnd = new Random(16);
        for (int i = 0; i < 3000; i++) {
            byte[] bad = i % 3 == 0 ? java.util.Arrays.copyOf(good, rnd.nextInt(good.length)) : good.clone();
            if (i % 3 != 0) {
                bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
            }
            try {
                ImageMetadataJson.fromJson(bad, NAME);
            } catch (CompilationException e) {
                assertEquals(NAME, e.file());
                assertEquals(".lstm.meta", e.location());
                assertTrue(e.reason().startsWith("invalid metadata JSON: "), e.reason());
            } catch (RuntimeException | StackOverflowError e) {
                fail("document " + i + " escaped as " + e, e);
            }
        }
    }

    private static String reason(String document) {
        return assertThrows(CompilationException.class,
                () -> ImageMetadataJson.fromJson(document.getBytes(StandardCharsets.UTF_8), NAME)).reason();
    }
}
