package io.github.lstmhdl.maven;

import io.github.lstmhdl.CompileRequest;
import io.github.lstmhdl.CompileResult;
import io.github.lstmhdl.LstmCompiler;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.source.SourceFiles;

/**
 * The one step the plugin delegates to the compiler core: a request in, the files to write and the
 * log to print out. A seam so that the mojo and its up-to-date logic are tested with a fake compiler;
 * production code always uses {@link #core()}.
 */
@FunctionalInterface
public interface CompileStep {

    /**
     * Compiles one network, telling {@code sources} of every file the import reads (also when it fails).
     *
     * @throws CompilationException when the network is invalid or does not fit (then a
     *                              {@link io.github.lstmhdl.alloc.MemoryOverflowException})
     */
    CompilerOutput compile(CompileRequest request, SourceFiles sources) throws CompilationException;

    /** The real compiler: {@link LstmCompiler#compile(CompileRequest, SourceFiles)}. */
    static CompileStep core() {
        return (request, sources) -> {
            CompileResult result = LstmCompiler.compile(request, sources);
            return new CompilerOutput(result.files(), result.log());
        };
    }
}
