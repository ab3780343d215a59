package io.github.lstmhdl;

import io.github.lstmhdl.codegen.ImageReference;
import io.github.lstmhdl.config.DataType;
import io.github.lstmhdl.codegen.MemoryMapJsonWriter;
import io.github.lstmhdl.codegen.NetworkConstants;
import io.github.lstmhdl.codegen.OutputNames;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.image.writer.ElfImageWriter;
import io.github.lstmhdl.image.writer.QuantizationSummary;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.output.GeneratedFile;
import io.github.lstmhdl.pipeline.Importers;
import io.github.lstmhdl.pipeline.NetworkCompiler;
import io.github.lstmhdl.ptq.Calibration;
import io.github.lstmhdl.source.SourceFiles;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The one entry point of the compiler for front ends: imports a network file, compiles it for the
 * requested processor and returns every output (image, Java constants, C header, JSON memory map)
 * unwritten, with the toolbox-style log. Nothing is written here, so a failed compilation leaves no
 * file behind. The image comes first in the files; its SHA-256, which the Java constants and the C
 * header carry, is taken while it is written, so a large image is streamed once per write and not once
 * more to hash it (the constants, when asked for first, hash it themselves).
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
     *                              invalid, does not fit the memory, or the output names are invalid; an
     *                              {@link InvalidNetworkException} when two of its names give one generated
     *                              constant (checked here, before any output is produced)
     */
    public static CompileResult compile(CompileRequest request) throws CompilationException {
        return compile(request, new SourceFiles());
    }

    /**
     * Compiles one network file as {@link #compile(CompileRequest)} does, telling {@code sources} of every
     * file the import reads, before reading it: the files the outputs depend on, for a front end that
     * decides from their digests whether to compile again. The record is filled also when the compile
     * fails (up to the file that failed), so a network that did not fit is known by its inputs too.
     *
     * @throws CompilationException as {@link #compile(CompileRequest)}
     */
    public static CompileResult compile(CompileRequest request, SourceFiles sources) throws CompilationException {
        String fileName = request.network().getFileName().toString();
        OutputNames names;
        try {
            names = OutputNames.of(fileName, request.packageName(), request.className());
        } catch (IllegalArgumentException e) {
            throw new CompilationException(request.displayName(), "configuration", e.getMessage(), e);
        }
        Network network;
        try {
            network = Importers.read(request.network(), request.importOptions(), sources);
        } catch (InvalidNetworkException e) {
            throw displayed(e, request);
        }
        Optional<Calibration> calibration = Optional.empty();
        Optional<Path> calibrationDir = request.quantization().calibration();
        if (request.config().dataType() == DataType.INT8 && calibrationDir.isPresent()) {
            calibration = Optional.of(Calibration.load(calibrationDir.get(), network.input().featureSize(),
                    sources::reading));
        }
        CompiledNetwork compiled = NetworkCompiler.compile(network, request.config(), calibration,
                request.displayName(), VERSION, request.verbose());
        if (request.quantization().maxQuantizationError().isPresent()) {
            checkAccuracy(compiled, request.quantization().maxQuantizationError().getAsDouble(), request);
        }
        checkConstantNames(compiled, request);
        ImageDigest digest = new ImageDigest(ElfImageWriter.asContent(compiled));
        Supplier<ImageReference> reference = () -> new ImageReference(names.imageResource(), digest.sha256());
        // the image comes first: a front end that writes the files in order hashes it while writing it
        List<GeneratedFile> files = List.of(
                new GeneratedFile(GeneratedFile.Kind.RESOURCE, names.imagePath(), digest.recording()),
                new GeneratedFile(GeneratedFile.Kind.SOURCE, names.javaWriter().relativePath(), new DeferredContent(
                        () -> names.javaWriter().file(compiled, reference.get()).content())),
                new GeneratedFile(GeneratedFile.Kind.RESOURCE, names.headerPath(), new DeferredContent(
                        () -> names.headerWriter().file(names.headerPath(), compiled, reference.get()).content())),
                MemoryMapJsonWriter.file(names.memoryMapPath(), compiled));
        List<String> log = new ArrayList<>(compiled.log());
        return new CompileResult(compiled, files, log);
    }

    /** Fails an int8 compile whose measured error exceeds maxQuantizationError (a fraction of the output range). */
    private static void checkAccuracy(CompiledNetwork compiled, double max, CompileRequest request)
            throws CompilationException {
        if (compiled.quantization().isEmpty()) {
            return;
        }
        QuantizationSummary q = compiled.quantization().get();
        double relative = q.outputRange() > 0 ? q.maxAbsError() / q.outputRange() : 0;
        if (relative > max) {
            throw new CompilationException(request.displayName(), "maxQuantizationError", String.format(Locale.ROOT,
                    "the int8 network's max |error| on the %d calibration samples is %.6g, %.4g%% of the float"
                            + " output range %.6g, more than maxQuantizationError %s%%; calibrate with samples"
                            + " like the real inputs, or compile with dataType single", q.samples(), q.maxAbsError(),
                    100 * relative, q.outputRange(), new java.math.BigDecimal(100 * max)
                            .round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString()));
        }
    }

    /**
     * The generated constants are produced only when they are written, after the image; their names are
     * checked now, so that a clash fails the compile while nothing is written yet.
     */
    private static void checkConstantNames(CompiledNetwork compiled, CompileRequest request)
            throws InvalidNetworkException {
        try {
            NetworkConstants.checkNames(compiled);
        } catch (NetworkConstants.NameClashException e) {
            throw new InvalidNetworkException(request.displayName(), "generated constants", e.getMessage(), e);
        }
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
