package io.github.lstmhdl.maven;

import io.github.lstmhdl.output.GeneratedFile;
import java.util.List;

/**
 * What the plugin needs from one compilation: the files to write and the log lines to print.
 *
 * @param files the generated files (image, constants class, header, memory map)
 * @param log   the toolbox-style summary and memory-map table, in order
 */
public record CompilerOutput(List<GeneratedFile> files, List<String> log) {
    public CompilerOutput {
        files = List.copyOf(files);
        log = List.copyOf(log);
    }
}
