package io.github.lstmhdl.source;

import java.util.Locale;

/**
 * The naming rules of network files: a network is a file named {@code .onnx} or {@code .lstm.json}, and
 * its name is the file name without that suffix. Other files are not networks; the suffix, not the
 * content, decides, so that a stray JSON file is never mistaken for a network. The importer each suffix
 * selects is chosen by {@link io.github.lstmhdl.pipeline.Importers}.
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
}
