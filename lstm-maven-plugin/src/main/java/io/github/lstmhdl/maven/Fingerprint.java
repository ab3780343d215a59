package io.github.lstmhdl.maven;

import io.github.lstmhdl.CompileRequest;
import io.github.lstmhdl.config.DataType;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.ContentChecksum;
import io.github.lstmhdl.output.OutputWriter;
import io.github.lstmhdl.timing.Deadlines;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The SHA-256 digest of everything but file contents that decides a network's outputs: the effective
 * processor configuration, the package and class name, the import limits, the plugin version and the
 * compiler version, and the deadlines when any is set (they decide whether the build succeeds). A new plugin (which may map parameters differently) or a new compiler recompiles
 * every network. The files a network's import read are not part of it: they are recorded one by one
 * ({@link InputRef}), as the importer reported them, and checked by {@link FileDigests}.
 */
final class Fingerprint { // not thread-safe: one per mojo execution

    private final String pluginVersion;
    private final String compilerVersion;
    /** The last configuration's canonical text: networks without settings of their own share one. */
    private ProcessorConfig lastConfig;
    private String lastConfigText;

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
        return of(request, Deadlines.NONE);
    }

    /**
     * The digest of one request with the deadlines its estimate must meet: without deadlines it is the
     * request's digest (so a build without them compiles nothing again); with them, a set, changed or
     * removed deadline gives another digest, so that the network is compiled again and its estimate
     * checked (a network whose estimate missed its deadline is never recorded as up to date).
     */
    String of(CompileRequest request, Deadlines deadlines) {
        return of(request, deadlines, "");
    }

    /**
     * The digest of one request with its deadlines and origin: for a network from a network artifact, the
     * artifact's coordinate, so that a new version compiles its networks again even where their bytes did
     * not change (what the build says then matches what the pom says); empty for the networks folder,
     * whose digests stay as they were.
     */
    String of(CompileRequest request, Deadlines deadlines, String origin) {
        MessageDigest md = ContentChecksum.newDigest();
        text(md, "lstm-maven-plugin fingerprint 3");
        text(md, pluginVersion);
        text(md, compilerVersion);
        text(md, canonicalText(request.config()));
        text(md, request.packageName());
        text(md, request.className().orElse(""));
        text(md, Long.toString(request.importOptions().maxElements()));
        text(md, Long.toString(request.importOptions().maxConstantBytes()));
        text(md, request.importOptions().outputName().orElse(""));
        if (request.importOptions().positionalLayerNames()) {
            // only when set, so that the digests of every build before the option stay valid
            text(md, "positionalLayerNames");
        }
        text(md, request.network().getFileName().toString());
        if (!origin.isEmpty()) {
            text(md, "origin " + origin);
        }
        if (!deadlines.isEmpty()) {
            text(md, "deadlines " + deadlines.canonicalText());
        }
        if (request.config().dataType() == DataType.INT8) {
            // the samples' names: a file added or removed changes the image (their contents are inputs)
            text(md, "calibration " + request.quantization().calibration().map(Fingerprint::calibrationListing)
                    .orElse("none"));
            text(md, "maxQuantizationError " + request.quantization().maxQuantizationError());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private String canonicalText(ProcessorConfig config) {
        if (config != lastConfig) {
            lastConfigText = config.canonicalText();
            lastConfig = config;
        }
        return lastConfigText;
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
