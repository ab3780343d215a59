package io.github.lstmhdl.source;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.json.JsonNetworkImporter;
import io.github.lstmhdl.onnx.OnnxImporter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a network file with the importer its suffix names: {@code .onnx} or {@code .lstm.json}. Other
 * files are not networks; the suffix, not the content, decides, so that a stray JSON file is never
 * mistaken for a network.
 */
public final class NetworkSources {
    /** The suffix of ONNX models. */
    public static final String ONNX_SUFFIX = ".onnx";
    /** The suffix of native JSON networks. */
    public static final String JSON_SUFFIX = ".lstm.json";

    private NetworkSources() {
    }

    /** Whether a file name has a network suffix. */
    public static boolean isNetwork(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(ONNX_SUFFIX) || lower.endsWith(JSON_SUFFIX);
    }

    /** The network's name: the file name without its network suffix. */
    public static String networkName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(JSON_SUFFIX)) {
            return fileName.substring(0, fileName.length() - JSON_SUFFIX.length());
        }
        if (lower.endsWith(ONNX_SUFFIX)) {
            return fileName.substring(0, fileName.length() - ONNX_SUFFIX.length());
        }
        return fileName;
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
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(JSON_SUFFIX)) {
            return JsonNetworkImporter.read(file, options, sources);
        }
        if (lower.endsWith(ONNX_SUFFIX)) {
            return OnnxImporter.read(file, options, sources);
        }
        throw new InvalidNetworkException(file.toString(), "",
                "not a network file: the name must end with " + ONNX_SUFFIX + " or " + JSON_SUFFIX);
    }
}
