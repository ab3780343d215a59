package io.github.lstmhdl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The compiler's single entry point for front ends (the Maven plugin, the command line): one
 * {@link CompileRequest} in, one {@link CompileResult} out. Front ends only map their options to a
 * request; everything else (import, lowering, allocation, encoding, writers) happens behind this call.
 */
public final class LstmCompiler {

    private static final String VERSION_RESOURCE = "/io/github/lstmhdl/version.properties";

    private LstmCompiler() {
    }

    /**
     * Compiles one network.
     *
     * @throws CompilationException naming the file, the place and the reason when the network is
     *                              invalid, unsupported or does not fit the processor's memory
     *                              ({@link io.github.lstmhdl.alloc.MemoryOverflowException})
     */
    public static CompileResult compile(CompileRequest request) throws CompilationException {
        // TODO(lead): wire the pipeline (import -> lower -> schedule -> alloc -> isa -> image/codegen)
        throw new UnsupportedOperationException("pipeline not wired yet");
    }

    /**
     * The compiler's version (the project version, filtered into {@code version.properties} at build
     * time). Part of every build fingerprint, so that a new compiler recompiles every network.
     */
    public static String version() {
        return VersionHolder.VERSION;
    }

    /** Loads the version once, lazily; immutable afterwards. */
    private static final class VersionHolder {
        static final String VERSION = load();

        private static String load() {
            try (InputStream in = LstmCompiler.class.getResourceAsStream(VERSION_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing " + VERSION_RESOURCE + " (broken build)");
                }
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "").trim();
                if (v.isEmpty() || v.startsWith("${")) {
                    throw new IllegalStateException(VERSION_RESOURCE + " was not filtered (broken build)");
                }
                return v;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + VERSION_RESOURCE, e);
            }
        }
    }
}
