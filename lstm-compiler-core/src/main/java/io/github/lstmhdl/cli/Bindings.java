package io.github.lstmhdl.cli;

import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.npy.Npy;
import io.github.lstmhdl.onnx.TensorProtos;
import io.github.lstmhdl.source.ImportOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The import options of a command line: {@code --bind INPUT=FILE} gives a graph input a constant value
 * from a TensorProto ({@code .pb}) or NumPy ({@code .npy}) file, and {@code --output-name} picks the
 * graph output of a model that has several.
 */
final class Bindings {
    private Bindings() {
    }

    static ImportOptions options(List<String> binds, String outputName) throws UsageException, CompilationException {
        Map<String, FloatTensor> values = new LinkedHashMap<>();
        for (String bind : binds) {
            int eq = bind.indexOf('=');
            if (eq < 1 || eq == bind.length() - 1) {
                throw new UsageException("--bind takes INPUT=FILE, not '" + bind + "'");
            }
            Path file = Path.of(bind.substring(eq + 1));
            FloatTensor value = file.getFileName().toString().endsWith(".npy")
                    ? Npy.read(file)
                    : TensorProtos.readFloatTensor(file);
            values.put(bind.substring(0, eq), value);
        }
        ImportOptions options = ImportOptions.defaults().withBindings(values);
        return outputName == null ? options : options.withOutput(outputName);
    }
}
