package io.github.lstmhdl.pipeline;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.json.JsonNetworkImporter;
import io.github.lstmhdl.onnx.OnnxImporter;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.source.NetworkSources;
import io.github.lstmhdl.source.SourceFiles;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The import stage: reads a network file with the importer its suffix names ({@link NetworkSources}).
 * It lives above the importers so that they can share the source vocabulary ({@link ImportOptions},
 * {@link SourceFiles}) without the vocabulary depending on them.
 */
public final class Importers {

    private Importers() {
    }

    /**
     * Imports a network file.
     *
     * @throws InvalidNetworkException naming the file, the place and the reason when the file is not a
     *                                 valid network, or has no network suffix
     */
    public static Network read(Path file, ImportOptions options) throws InvalidNetworkException {
        return read(file, options, new SourceFiles());
    }

    /**
     * Imports a network file, telling {@code sources} of every file the import reads (the network file,
     * its weight or external data files) before it reads it.
     *
     * @throws InvalidNetworkException naming the file, the place and the reason when the file is not a
     *                                 valid network, or has no network suffix
     */
    public static Network read(Path file, ImportOptions options, SourceFiles sources) throws InvalidNetworkException {
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(NetworkSources.JSON_SUFFIX)) {
            return JsonNetworkImporter.read(file, options, sources);
        }
        if (lower.endsWith(NetworkSources.ONNX_SUFFIX)) {
            return OnnxImporter.read(file, options, sources);
        }
        throw new InvalidNetworkException(file.toString(), "", "not a network file: the name must end with "
                + NetworkSources.ONNX_SUFFIX + " or " + NetworkSources.JSON_SUFFIX);
    }
}
