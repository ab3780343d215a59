package io.github.lstmhdl.maven;

import io.github.lstmhdl.CompileRequest;
import io.github.lstmhdl.CompileResult;
import io.github.lstmhdl.DeadlineCheck;
import io.github.lstmhdl.LstmCompiler;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.source.SourceFiles;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * Compiles one job's network: by default {@link #compile(CompileRequest, SourceFiles)}, which knows no
     * deadline (a fake compiler has no estimate); the real compiler also checks the job's deadlines and
     * prints the estimate table when the job asks for it.
     *
     * @throws CompilationException as the other method, or a
     *                              {@link io.github.lstmhdl.timing.DeadlineMissedException} when the estimate
     *                              misses a deadline
     */
    default CompilerOutput compile(NetworkJob job, SourceFiles sources) throws CompilationException {
        return compile(job.request(), sources);
    }

    /**
     * The real compiler: {@link LstmCompiler#compile(CompileRequest, SourceFiles)}, then, for a job, the
     * deadline check ({@link DeadlineCheck}) before anything is written.
     */
    static CompileStep core() {
        return new CompileStep() {
            @Override
            public CompilerOutput compile(CompileRequest request, SourceFiles sources) throws CompilationException {
                CompileResult result = LstmCompiler.compile(request, sources);
                return new CompilerOutput(result.files(), result.log());
            }

            @Override
            public CompilerOutput compile(NetworkJob job, SourceFiles sources) throws CompilationException {
                CompileResult result = LstmCompiler.compile(job.request(), sources);
                DeadlineCheck.check(job.request(), result, job.deadlines());
                List<String> log = new ArrayList<>(result.log());
                if (job.printEstimate() && !job.request().verbose()) {
                    // the verbose log has the table already; otherwise it replaces the one-line summary
                    int at = log.size() - 1; // before "### Network compilation complete."
                    log.addAll(Math.max(0, at), result.network().estimate().lines());
                }
                return new CompilerOutput(result.files(), log);
            }
        };
    }
}
