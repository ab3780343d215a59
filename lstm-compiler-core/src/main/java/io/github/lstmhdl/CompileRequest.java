package io.github.lstmhdl;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.ptq.QuantizationOptions;
import io.github.lstmhdl.source.ImportOptions;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to compile one network file: built once by a front end (the Maven plugin, the
 * command line) and handed to {@link LstmCompiler#compile}.
 *
 * @param network       the network file ({@code .onnx} or {@code .lstm.json})
 * @param displayName   the file's name as messages show it (relative to the project, never absolute
 *                      unless the user gave an absolute path)
 * @param config        the processor to compile for
 * @param importOptions how to read the file
 * @param packageName   the Java package of the generated constants class ("" for none)
 * @param className     the generated class's simple name; empty: {@code <Name>Offsets} from the file name
 * @param verbose       whether the log lists every component, state and buffer
 * @param quantization  for dataType int8: the calibration samples' folder and the accepted error
 *                      (docs/isa.md §4a); float32 ignores it
 */
public record CompileRequest(
        Path network,
        String displayName,
        ProcessorConfig config,
        ImportOptions importOptions,
        String packageName,
        Optional<String> className,
        boolean verbose,
        QuantizationOptions quantization) {

    public CompileRequest {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(importOptions, "importOptions");
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(quantization, "quantization");
    }

    /** A request without calibration data (float32, or an int8 compile that will say what to provide). */
    public CompileRequest(Path network, String displayName, ProcessorConfig config, ImportOptions importOptions,
            String packageName, Optional<String> className, boolean verbose) {
        this(network, displayName, config, importOptions, packageName, className, verbose, QuantizationOptions.NONE);
    }
}
