package io.github.lstmhdl.maven;

import io.github.lstmhdl.CompileRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The SHA-256 digest that decides whether a network must be recompiled: the network file's bytes, for
 * a native JSON network the bytes of every {@code .npy} file in its folder (its weights), the
 * effective processor configuration, the package and class name, the import limits, the plugin
 * version and the compiler version. Equal digests mean equal outputs: a new plugin (which may map
 * parameters differently) or a new compiler recompiles every network.
 *
 * <p>One instance serves one build: it digests each file once, however many networks share it (the
 * {@code .npy} files of a folder with several JSON networks). Not thread-safe.
 */
final class Fingerprint {

    private static final int BUFFER = 64 * 1024;

    private final Map<Path, byte[]> fileDigests = new HashMap<>();
    private final byte[] buffer = new byte[BUFFER];
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
    String of(CompileRequest request) throws IOException {
        MessageDigest md = sha256();
        text(md, "lstm-maven-plugin fingerprint 2");
        text(md, pluginVersion);
        text(md, compilerVersion);
        text(md, request.config().canonicalText());
        text(md, request.packageName());
        text(md, request.className().orElse(""));
        text(md, Long.toString(request.importOptions().maxElements()));
        text(md, request.importOptions().outputName().orElse(""));
        Path network = request.network();
        md.update(fileDigest(network));
        if (network.getFileName().toString().endsWith(".json")) {
            for (Path npy : npyFiles(network)) {
                text(md, npy.getFileName().toString());
                md.update(fileDigest(npy));
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static List<Path> npyFiles(Path network) throws IOException {
        Path dir = network.toAbsolutePath().getParent();
        List<Path> files = new ArrayList<>();
        if (dir == null) {
            return files;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.npy")) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        }
        files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return files;
    }

    /** A length-prefixed string, so that field boundaries cannot be confused. */
    private static void text(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        lengthPrefix(md, b.length);
        md.update(b);
    }

    /** The SHA-256 of a file's bytes, computed once per build. */
    private byte[] fileDigest(Path file) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        byte[] cached = fileDigests.get(key);
        if (cached != null) {
            return cached;
        }
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(key)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
            }
        }
        byte[] digest = md.digest();
        fileDigests.put(key, digest);
        return digest;
    }

    private static void lengthPrefix(MessageDigest md, long length) {
        for (int i = 7; i >= 0; i--) {
            md.update((byte) (length >>> (8 * i)));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
