/**
 * The errors users see, all in the form {@code file: location: reason}: {@link
 * io.github.lstmhdl.diagnostics.LocatedException} and its compile-time branch {@link
 * io.github.lstmhdl.diagnostics.CompilationException}, which every stage throws. The package depends on
 * no other package of the project, so that every stage can use it without a cycle.
 */
package io.github.lstmhdl.diagnostics;
