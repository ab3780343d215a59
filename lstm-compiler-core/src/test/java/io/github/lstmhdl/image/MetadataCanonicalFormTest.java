package io.github.lstmhdl.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.image.ImageMetadata.TensorSpec;
import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.Region;
import io.github.lstmhdl.memory.RegionKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/image-format.md, "The canonical form": the metadata's exact bytes, as a writer that follows the
 * text alone produces them (key separator {@code " : "}, one entry per line, empty arrays {@code [ ]},
 * escapes), are what the writer produces and what the reader accepts.
 */
class MetadataCanonicalFormTest {

    private static ImageMetadata metadata(String networkName) {
        MemoryMap map = new MemoryMap(0, 4096, 256, List.of(new Region(RegionKind.INPUT_DATA, 0, 256)), List.of(), 256);
        return new ImageMetadata(1, "v", networkName, "single", 2,
                new TensorSpec("x", 3, true, 1, List.of("TIME", "FEATURE"), 0, -1),
                new TensorSpec("y", 4, false, 2, List.of(), 7, 0),
                "none", Map.of("preset", "p", "Zeta", "1", "alpha", "2"), map, "ab");
    }

    /** The document's rules, transcribed: what a writer following the text writes. */
    @Test
    void theWriterProducesTheDocumentedBytes() {
        String name = "q\"b\\s/t\tn\nc\u0001d\u007Fe\u00e9\b\f\r\uD83D\uDE00";
        String expected = String.join("\n",
                "{",
                "  \"compilerVersion\" : \"v\",",
                "  \"contentSha256\" : \"ab\",",
                "  \"dataType\" : \"single\",",
                "  \"formatVersion\" : 1,",
                "  \"frameLimit\" : 2,",
                "  \"hostLayer\" : \"none\",",
                "  \"input\" : {",
                "    \"axes\" : [",
                "      \"TIME\",",
                "      \"FEATURE\"",
                "    ],",
                "    \"batchSize\" : -1,",
                "    \"directions\" : 1,",
                "    \"featureSize\" : 3,",
                "    \"name\" : \"x\",",
                "    \"sequence\" : true,",
                "    \"sequenceLength\" : 0",
                "  },",
                "  \"memoryMap\" : {",
                "    \"alignment\" : 256,",
                "    \"baseAddress\" : 0,",
                "    \"endOffset\" : 256,",
                "    \"memorySize\" : 4096,",
                "    \"regions\" : [",
                "      {",
                "        \"kind\" : \"INPUT_DATA\",",
                "        \"offset\" : 0,",
                "        \"size\" : 256",
                "      }",
                "    ],",
                "    \"symbols\" : [ ]",
                "  },",
                "  \"networkName\" : \"q\\\"b\\\\s/t\\tn\\nc\\u0001d\u007Fe\\u00E9\\b\\f\\r\\uD83D\\uDE00\",",
                "  \"output\" : {",
                "    \"axes\" : [ ],",
                "    \"batchSize\" : 0,",
                "    \"directions\" : 2,",
                "    \"featureSize\" : 4,",
                "    \"name\" : \"y\",",
                "    \"sequence\" : false,",
                "    \"sequenceLength\" : 7",
                "  },",
                "  \"processor\" : {",
                "    \"Zeta\" : \"1\",",
                "    \"alpha\" : \"2\",",
                "    \"preset\" : \"p\"",
                "  }",
                "}",
                "");
        assertEquals(expected, new String(ImageMetadataJson.toJson(metadata(name)), StandardCharsets.US_ASCII));
    }

    /** A writer that puts the colon right after the key (as most JSON writers do) is rejected. */
    @Test
    void theReaderRejectsAnotherSeparator() throws Exception {
        byte[] image = ElfImageRoundTripTest.image(TestImages.small());
        ElfFile.Section meta = ElfFile.parse(image, "x.elf").section(".lstm.meta").orElseThrow();
        String text = new String(image, (int) meta.offset(), (int) meta.size(), StandardCharsets.US_ASCII);
        int at = text.indexOf("\"dataType\" : ");
        assertTrue(at > 0, text);
        byte[] edited = image.clone();
        byte[] variant = "\"dataType\":  ".getBytes(StandardCharsets.US_ASCII); // same length, ": " separator
        System.arraycopy(variant, 0, edited, (int) meta.offset() + at, variant.length);
        ImageReader.read(image, "x.elf");
        CompilationException e = assertThrows(CompilationException.class, () -> ImageReader.read(edited, "x.elf"));
        assertTrue(e.getMessage().contains("not in the canonical form"), e.getMessage());
    }
}
