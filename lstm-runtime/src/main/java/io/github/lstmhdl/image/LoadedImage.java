package io.github.lstmhdl.image;

import io.github.lstmhdl.memory.RegionKind;
import java.util.Map;
import java.util.Objects;

/**
 * A validated image as read back from its bytes: the metadata and the initial content of each
 * initialized region (SCHEDULER_DATA, INSTRUCTION_DATA, FC_WEIGHT_DATA). Everything a simulator or a
 * host loader needs, nothing from the compiler's in-memory model.
 *
 * @param metadata the metadata section
 * @param contents the initialized regions' bytes, each at most the region's size
 */
public record LoadedImage(ImageMetadata metadata, Map<RegionKind, byte[]> contents) {
    public LoadedImage {
        Objects.requireNonNull(metadata, "metadata");
        contents = Map.copyOf(contents);
    }

    /** The initial bytes of a region (empty for an uninitialized one). */
    public byte[] content(RegionKind kind) {
        byte[] b = contents.get(kind);
        return b == null ? new byte[0] : b.clone();
    }
}
