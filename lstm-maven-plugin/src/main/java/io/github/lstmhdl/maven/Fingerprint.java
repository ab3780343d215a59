package io.github.lstmhdl.maven;

import io.github.lstmhdl.CompileRequest;
import io.github.lstmhdl.config.DataType;
import io.github.lstmhdl.output.OutputWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The SHA-256 digest of everything but file contents that decides a network's outputs: the effective
 * processor configuration, the package and class name, the import limits, the plugin version and the
 * compiler version. A new plugin (which may map parameters differently) or a new compiler recompiles
 * every network. The files a network's import read are not part of it: they are recorded one by one
 * ({@link InputRef}), as the importer reported them, and checked by {@link FileDigests}.
 */
final class Fingerprint {

    private final String pluginVersion;
    private final String compilerVersion;

    /**
     * @param pluginVersion   the version of the plugin that maps the parameters to requests
     * @param compilerVersion the version of the compiler that will produce the outputs
     */
    Fingerprint(String pluginVersion, String compilerVersion) {
        this.pluginVersion = pluginVersion;
        this.compilerVersion = compilerVersion;
    }

    /** The digest of one request, as 64 hex digits. */
    String of(CompileRequest request) {
        MessageDigest md = OutputWriter.newSha256();
        text(md, "lstm-maven-plugin fingerprint 3");
        text(md, pluginVersion);
        text(md, compilerVersion);
        text(md, request.config().canonicalText());
        text(md, request.packageName());
        text(md, request.className().orElse(""));
        text(md, Long.toString(request.importOptions().maxElements()));
        text(md, Long.toString(request.importOptions().maxConstantBytes()));
        text(md, request.importOptions().outputName().orElse(""));
        text(md, request.network().getFileName().toString());
        if (request.config().dataType() == DataType.INT8) {
            // the samples' names: a file added or removed changes the image (their contents are inputs)
            text(md, "calibration " + request.quantization().calibration().map(Fingerprint::calibrationListing)
                    .orElse("none"));
            text(md, "maxQuantizationError " + request.quantization().maxQuantizationError());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** A length-prefixed string, so that field boundaries cannot be confused. */
    private static void text(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 7; i >= 0; i--) {
            md.update((byte) ((long) b.length >>> (8 * i)));
        }
        md.update(b);
    }

    /** The sorted names of a calibration folder's files, or what made it unreadable. */
    private static String calibrationListing(java.nio.file.Path dir) {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            return dir + ":" + String.join("/", files.map(p -> p.getFileName().toString()).sorted().toList());
        } catch (java.io.IOException e) {
            return dir + ": unreadable";
        }
    }
}
