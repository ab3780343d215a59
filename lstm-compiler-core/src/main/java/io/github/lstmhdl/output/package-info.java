/**
 * Writing generated files: one network's outputs as an all-or-nothing set ({@link
 * io.github.lstmhdl.output.OutputSet}), each file atomically and only when its content changed, and
 * the digests that images and build state carry.
 */
package io.github.lstmhdl.output;
