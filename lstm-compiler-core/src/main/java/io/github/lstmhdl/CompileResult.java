package io.github.lstmhdl;

import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.output.GeneratedFile;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of compiling one network: the compiled network, the files to write, and the log to
 * print (the toolbox-style layer table, layer groups and memory-map table).
 *
 * @param network the compiled network
 * @param files   the image, the Java constants class, the C header and the JSON memory map
 * @param log     lines to print, in order
 */
public record CompileResult(CompiledNetwork network, List<GeneratedFile> files, List<String> log) {
    public CompileResult {
        Objects.requireNonNull(network, "network");
        files = List.copyOf(files);
        log = List.copyOf(log);
    }
}
