/**
 * The compiler's front door: {@link io.github.lstmhdl.LstmCompiler} takes one immutable
 * {@link io.github.lstmhdl.CompileRequest} and returns a {@link io.github.lstmhdl.CompileResult} with
 * every output unwritten; {@link io.github.lstmhdl.NetworkCompiler} runs the back end (lower, schedule,
 * allocate, encode) on a validated network; {@link io.github.lstmhdl.CompilationException} is the one
 * error type users see, naming file, place and reason.
 */
package io.github.lstmhdl;
