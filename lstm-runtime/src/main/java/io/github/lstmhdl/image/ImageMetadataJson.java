package io.github.lstmhdl.image;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The canonical JSON form of {@link ImageMetadata}, as the image's {@code .lstm.meta} section holds
 * it: keys sorted alphabetically at every level (record fields and map entries), two-space
 * indentation, {@code \n} line ends, ASCII only (other characters escaped), and a final newline. The
 * same metadata therefore always gives the same bytes, on every platform. Reading it accepts only the
 * keys the format defines, at every level, the processor fields included.
 */
public final class ImageMetadataJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final ObjectWriter WRITER;

    /** The keys of the metadata's {@code processor} object: the preset and every processor field. */
    private static final List<String> PROCESSOR_KEYS = Stream.concat(Stream.of("preset"),
            ProcessorConfig.FIELDS.stream()).toList();

    static {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
        WRITER = MAPPER.writer(printer);
    }

    private ImageMetadataJson() {
    }

    /** The canonical JSON bytes (UTF-8, in fact ASCII) of the metadata. */
    public static byte[] toJson(ImageMetadata metadata) {
        try {
            String text = WRITER.writeValueAsString(metadata) + "\n";
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot serialize image metadata: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads metadata from its JSON bytes.
     *
     * @param json        the section's bytes
     * @param displayName the image's name, for messages
     * @throws CompilationException naming the image, the metadata key (such as
     *                              {@code memoryMap.regions[2].size}) and the reason in plain words when
     *                              the JSON is malformed, lacks a key, has a key the format does not
     *                              define (also among the processor fields), or holds a value of the wrong
     *                              type or one the records reject
     */
    public static ImageMetadata fromJson(byte[] json, String displayName) throws CompilationException {
        ImageMetadata metadata;
        try {
            metadata = MAPPER.readerFor(ImageMetadata.class)
                    .with(new InjectableValues.Std().addValue(ImageMetadata.NO_PORTS, List.of())
                            .addValue(ImageMetadata.NO_OUTPUT_PORTS, List.of())
                            .addValue(ImageMetadata.NO_LAYER_OUTPUTS, List.of())
                            .addValue(ImageMetadata.NOT_QUANTIZED_SCALE, 0f)
                            .addValue(ImageMetadata.NOT_QUANTIZED_ZERO_POINT, 0))
                    .readValue(json);
        } catch (JacksonException e) {
            throw new CompilationException(displayName, ElfFormat.META_SECTION,
                    "invalid metadata JSON: " + MetadataProblem.describe(e), e);
        } catch (java.io.IOException | RuntimeException e) {
            throw new CompilationException(displayName, ElfFormat.META_SECTION,
                    "invalid metadata JSON: " + e.getMessage(), e);
        }
        for (String key : new TreeSet<>(metadata.processor().keySet())) {
            if (!PROCESSOR_KEYS.contains(key)) {
                throw new CompilationException(displayName, ElfFormat.META_SECTION, "invalid metadata JSON: key processor."
                        + key + ": not a processor field (the fields are " + String.join(", ", PROCESSOR_KEYS) + ")");
            }
        }
        return metadata;
    }
}
