/**
 * The writing side of the packaged image ({@code docs/image-format.md}): what a compilation produced
 * ({@link io.github.lstmhdl.image.writer.CompiledNetwork}, the input of every writer) and the ELF
 * writer that lays it out. The format's numbers, the reader, the metadata and the checksum are the
 * runtime's ({@code io.github.lstmhdl.image} in lstm-runtime), so the writer and the reader share
 * them and a host needs only the runtime.
 */
package io.github.lstmhdl.image.writer;
