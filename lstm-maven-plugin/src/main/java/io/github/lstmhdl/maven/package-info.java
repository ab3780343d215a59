/**
 * The Maven plugin: the {@code lstm:compile} goal ({@link io.github.lstmhdl.maven.CompileMojo}) that
 * compiles the networks under {@code src/main/networks} in the generate-sources phase.
 *
 * <p>The mojo only maps its parameters to one immutable {@link io.github.lstmhdl.CompileRequest} per
 * network ({@link io.github.lstmhdl.maven.EffectiveConfig}, {@link io.github.lstmhdl.maven.NetworkScanner});
 * {@link io.github.lstmhdl.maven.IncrementalCompiler} owns the up-to-date check (content digests in a
 * state file under {@code target/}), writes outputs atomically and only when changed, and deletes only
 * the outputs it recorded. The compiler itself is reached through {@link io.github.lstmhdl.maven.CompileStep},
 * so tests can run the mojo with a fake.
 */
package io.github.lstmhdl.maven;
