package io.github.lstmhdl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lstmhdl.timing.InstructionOwners;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The layer and layer group of each instruction of an image, from the JSON memory map the compiler
 * wrote beside it ({@code <name>.memory-map.json}, its {@code performance.instructionOwners}; see
 * docs/image-format.md), so that {@code run --profile} reports per layer. The map is used only when it
 * belongs to the image (its {@code performance.contentSha256} is the image's) and its runs cover the
 * program's instructions in order; otherwise the rows are the program's loops, and {@link #note} says why.
 */
final class MemoryMapOwners {
    private static final String SUFFIX = ".elf";

    private final InstructionOwners owners;
    private final String note;

    private MemoryMapOwners(InstructionOwners owners, String note) {
        this.owners = owners;
        this.note = note;
    }

    /** The owners from the map beside {@code image}, or the program's segments. */
    static MemoryMapOwners beside(Path image, String contentSha256, InstructionOwners segments) {
        String name = image.getFileName().toString();
        Path json = image.resolveSibling((name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length())
                : name) + ".memory-map.json");
        if (!Files.isRegularFile(json)) {
            return new MemoryMapOwners(segments, "rows per loop: no " + json + " beside the image names the layers");
        }
        try {
            JsonNode performance = new ObjectMapper().readTree(Files.readString(json)).path("performance");
            if (!contentSha256.equals(performance.path("contentSha256").asText())) {
                return new MemoryMapOwners(segments, "rows per loop: " + json + " is not the memory map of this image"
                        + " (its performance.contentSha256 differs)");
            }
            List<String> layers = new ArrayList<>();
            List<String> groups = new ArrayList<>();
            for (JsonNode run : performance.path("instructionOwners")) {
                int first = run.path("first").asInt(-1);
                int last = run.path("last").asInt(-1);
                if (first != layers.size() || last < first || !run.path("layer").isTextual()
                        || !run.path("layerGroup").isTextual()) {
                    return new MemoryMapOwners(segments, "rows per loop: the instructionOwners of " + json
                            + " do not cover the program in order");
                }
                for (int i = first; i <= last; i++) {
                    layers.add(run.path("layer").asText());
                    groups.add(run.path("layerGroup").asText());
                }
            }
            if (layers.size() != segments.size()) {
                return new MemoryMapOwners(segments, "rows per loop: the instructionOwners of " + json + " cover "
                        + layers.size() + " instructions of the program's " + segments.size());
            }
            return new MemoryMapOwners(new InstructionOwners(layers, groups), "rows per layer group and layer, from "
                    + json);
        } catch (IOException e) {
            return new MemoryMapOwners(segments, "rows per loop: " + json + " cannot be read (" + e.getMessage() + ")");
        }
    }

    InstructionOwners owners() {
        return owners;
    }

    /** Where the rows come from, for the report's header. */
    String note() {
        return note;
    }
}
