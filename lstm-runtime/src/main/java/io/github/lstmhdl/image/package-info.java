/**
 * The packaged image: one ELF file per compiled network that carries the initialized regions
 * (scheduler data, instructions, FC weights) as loadable segments at their physical addresses, the
 * reserved regions as NOBITS sections, a symbol table of every region and memory symbol, and the
 * metadata as canonical JSON. This package owns the format ({@code docs/image-format.md}): the
 * writer, the validating reader, the metadata's JSON form and the content checksum.
 */
package io.github.lstmhdl.image;
