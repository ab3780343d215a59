package io.github.lstmhdl.maven;

import io.github.lstmhdl.CompileRequest;
import io.github.lstmhdl.alloc.MemoryOverflowException;
import io.github.lstmhdl.codegen.OutputNames;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.image.RegionContent;
import io.github.lstmhdl.output.GeneratedFile;
import io.github.lstmhdl.source.SourceFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic stand-in for the compiler core: the outputs depend on the network's bytes and the
 * request, so tests can see what changed. A network whose text contains {@code INVALID} is rejected;
 * one containing {@code needs=<bytes>} overflows when that exceeds the memory size; one containing
 * {@code CRASH} makes the compiler fail with an unexpected exception (a bug in the compiler); each
 * {@code reads=<path>;} names a file (relative to the network's folder) that the fake import reads and
 * reports, like a JSON network's weights or an ONNX model's external data, and whose bytes go into the
 * image. {@link #beforeWrite} can make the returned contents fail while the plugin writes them.
 */
final class FakeCompiler implements CompileStep {

    private static final Pattern NEEDS = Pattern.compile("needs=(\\d+)");
    private static final Pattern READS = Pattern.compile("reads=([^;]+);");

    /** The requests seen, in order. */
    final List<CompileRequest> requests = new ArrayList<>();

    /** Run before each output's bytes are written, with the output's index (fault injection). */
    IntConsumer beforeWrite = index -> { };

    @Override
    public CompilerOutput compile(CompileRequest request, SourceFiles sources) throws CompilationException {
        requests.add(request);
        String text;
        try {
            sources.reading(request.network());
            text = Files.readString(request.network(), StandardCharsets.ISO_8859_1);
            Matcher reads = READS.matcher(text);
            StringBuilder read = new StringBuilder(text);
            while (reads.find()) {
                Path dependency = request.network().toAbsolutePath().getParent().resolve(reads.group(1));
                sources.reading(dependency);
                read.append(Files.readString(dependency, StandardCharsets.ISO_8859_1));
            }
            text = read.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (text.contains("CRASH")) {
            throw new IllegalStateException("fake compiler bug: index 7 out of bounds");
        }
        if (text.contains("INVALID")) {
            throw new CompilationException(request.displayName(), "node 'lstm_1'", "unsupported attribute clip");
        }
        Matcher m = NEEDS.matcher(text);
        if (m.find()) {
            long needs = Long.parseLong(m.group(1));
            long available = request.config().memorySize();
            if (needs > available) {
                throw new MemoryOverflowException(request.displayName(), needs, available,
                        java.util.List.of(new MemoryOverflowException.Consumer("weights", needs)), 30, 0);
            }
        }
        String stem = stem(request.network().getFileName().toString());
        String className = request.className().orElse(Character.toUpperCase(stem.charAt(0)) + stem.substring(1)
                + "Offsets");
        String dir = request.packageName().isEmpty() ? "" : request.packageName().replace('.', '/') + "/";
        String image = "image of " + text.hashCode() + " for " + request.config().canonicalText();
        String source = (request.packageName().isEmpty() ? "" : "package " + request.packageName() + ";\n")
                + "public final class " + className + " { static final long MEMORY_SIZE = "
                + request.config().memorySize() + "L; }\n";
        List<String> log = new ArrayList<>(List.of("### Compiling network " + request.displayName(),
                "### Network compilation complete."));
        if (request.verbose()) {
            log.add(1, "### verbose: every buffer");
        }
        return new CompilerOutput(List.of(
                new GeneratedFile(GeneratedFile.Kind.RESOURCE, dir + stem + ".img", utf8(image, 0)),
                new GeneratedFile(GeneratedFile.Kind.RESOURCE, dir + stem + OutputNames.MEMORY_MAP_SUFFIX,
                        utf8("{\"memorySize\":" + request.config().memorySize() + "}", 1)),
                new GeneratedFile(GeneratedFile.Kind.SOURCE, dir + className + ".java", utf8(source, 2))), log);
    }

    static String stem(String fileName) {
        return fileName.replaceFirst("(\\.lstm\\.json|\\.onnx)$", "");
    }

    private RegionContent utf8(String s, int index) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return new RegionContent() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                beforeWrite.accept(index);
                out.write(bytes);
            }
        };
    }

    /** The file names of the networks compiled, in order. */
    List<String> compiledNames() {
        return requests.stream().map(r -> r.network().getFileName().toString()).toList();
    }
}
