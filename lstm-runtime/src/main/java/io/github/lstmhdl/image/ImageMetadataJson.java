package io.github.lstmhdl.image;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The canonical JSON form of {@link ImageMetadata}, as the image's {@code .lstm.meta} section holds
 * it: keys sorted alphabetically at every level (record fields and map entries), two-space
 * indentation, {@code \n} line ends, ASCII only (other characters escaped), and a final newline. The
 * same metadata therefore always gives the same bytes, on every platform. Reading it accepts only the
 * keys the format defines, at every level, the processor fields included. Written and read without any
 * JSON library ({@link CanonicalJson}, {@link JsonParser}, {@link MetadataTree}), so a host that only
 * reads images needs nothing but lstm-runtime.
 */
public final class ImageMetadataJson {

    /** The keys of the metadata's {@code processor} object: the preset and every processor field. */
    private static final List<String> PROCESSOR_KEYS = Stream.concat(Stream.of("preset"),
            ProcessorConfig.FIELDS.stream()).toList();

    private ImageMetadataJson() {
    }

    /** The canonical JSON bytes (UTF-8, in fact ASCII) of the metadata. */
    public static byte[] toJson(ImageMetadata metadata) {
        return CanonicalJson.write(MetadataTree.tree(metadata));
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
            metadata = MetadataTree.metadata(JsonParser.parse(json));
        } catch (MetadataFormatException e) {
            throw new CompilationException(displayName, ElfFormat.META_SECTION, "invalid metadata JSON: " + e.getMessage());
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
