/**
 * The processor's instruction set: opcodes, instruction fields, the 64-byte little-endian encoding
 * with its versioned header, the scheduler data fields the host writes, and a disassembler.
 * {@code docs/isa.md} is the specification.
 */
package io.github.lstmhdl.isa;
