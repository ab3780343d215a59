/**
 * NumPy {@code .npy} files: the weight files of the native JSON network format and the input and
 * output files of the command line's {@code run}. Owns the reader (format versions 1.0, 2.0 and 3.0;
 * little-endian float32, and float64 converted to float32; C order; any rank) and the writer
 * (float32, version 1.0 header exactly as NumPy writes it, atomic replacement of the target file).
 * Every malformed file gives an {@link io.github.lstmhdl.npy.NpyFormatException}; declared sizes are
 * checked against the file's real size before anything is allocated.
 */
package io.github.lstmhdl.npy;
