/**
 * The compiler's front door, the API a user calls: {@link io.github.lstmhdl.LstmCompiler} takes one
 * immutable {@link io.github.lstmhdl.CompileRequest} and returns a {@link io.github.lstmhdl.CompileResult}
 * with every output ({@link io.github.lstmhdl.output.GeneratedFile}) unwritten. Errors are
 * {@link io.github.lstmhdl.diagnostics.CompilationException}s naming file, place and reason. The stages
 * it drives live in their own packages and never depend on this one.
 */
package io.github.lstmhdl;
