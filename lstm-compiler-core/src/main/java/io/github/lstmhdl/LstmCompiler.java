package io.github.lstmhdl;

import io.github.lstmhdl.codegen.ImageReference;
import io.github.lstmhdl.codegen.MemoryMapJsonWriter;
import io.github.lstmhdl.codegen.OutputNames;
import io.github.lstmhdl.image.ElfImageWriter;
import io.github.lstmhdl.image.RegionContent;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.output.OutputWriter;
import io.github.lstmhdl.source.NetworkSources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The one entry point of the compiler for front ends: imports a network file, compiles it for the
 * requested processor and returns every output (image, Java constants, C header, JSON memory map)
 * unwritten, with the toolbox-style log. Nothing is written here, so a failed compilation leaves no
 * file behind.
 */
public final class LstmCompiler {
    private static final String VERSION = readVersion();

    private LstmCompiler() {
    }

    /** The compiler's version, as written into images and generated files. */
    public static String version() {
        return VERSION;
    }

    /**
     * Compiles one network file.
     *
     * @throws CompilationException naming the file, the place and the reason when the network is
     *                              invalid, does not fit the memory, or the output names are invalid
     */
    public static CompileResult compile(CompileRequest request) throws CompilationException {
        String fileName = request.network().getFileName().toString();
        OutputNames names;
        try {
            names = OutputNames.of(fileName, request.packageName(), request.className());
        } catch (IllegalArgumentException e) {
            throw new CompilationException(request.displayName(), "configuration", e.getMessage(), e);
        }
        Network network;
        try {
            network = NetworkSources.read(request.network(), request.importOptions());
        } catch (InvalidNetworkException e) {
            throw displayed(e, request);
        }
        CompiledNetwork compiled = NetworkCompiler.compile(network, request.config(), request.displayName(),
                VERSION, request.verbose());
        RegionContent image = ElfImageWriter.asContent(compiled);
        String imageSha256;
        try {
            imageSha256 = OutputWriter.hex(OutputWriter.sha256(image));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ImageReference reference = new ImageReference(names.imageResource(), imageSha256);
        List<GeneratedFile> files = List.of(
                new GeneratedFile(GeneratedFile.Kind.RESOURCE, names.imagePath(), image),
                names.javaWriter().file(compiled, reference),
                names.headerWriter().file(names.headerPath(), compiled, reference),
                MemoryMapJsonWriter.file(names.memoryMapPath(), compiled));
        List<String> log = new ArrayList<>(compiled.log());
        return new CompileResult(compiled, files, log);
    }

    /**
     * The importers name the file by its path; errors about the network file itself name it as the
     * request shows it (relative to the project), like every other error of the compile. Errors about
     * another file (a {@code .npy} weight file of a JSON network) keep that file's path.
     */
    private static InvalidNetworkException displayed(InvalidNetworkException e, CompileRequest request) {
        if (!e.file().equals(request.network().toString()) || e.file().equals(request.displayName())) {
            return e;
        }
        InvalidNetworkException shown = new InvalidNetworkException(request.displayName(), e.location(), e.reason(),
                e.getCause());
        shown.setStackTrace(e.getStackTrace());
        return shown;
    }

    private static String readVersion() {
        Properties p = new Properties();
        try (InputStream in = LstmCompiler.class.getResourceAsStream("/io/github/lstmhdl/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable version file leaves the version unknown; it is not worth failing a build for
        }
        return p.getProperty("version", "unknown");
    }
}
