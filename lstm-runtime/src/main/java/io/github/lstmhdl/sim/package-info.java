/**
 * The reference simulator: executes a compiled image ({@link io.github.lstmhdl.image.LoadedImage}) as
 * the deep-learning processor would, reading nothing but the image's bytes and the input.
 *
 * <p>{@link io.github.lstmhdl.sim.Simulator} is the host side (writes the input and the run parameters
 * into the scheduler data, starts the program, reads the output, applies a host-side softmax);
 * {@link io.github.lstmhdl.sim.BatchLayout} maps the source model's tensors (such as ONNX's [T, N, D])
 * onto the processor's one-sequence [T][D] layout and back. The processor itself is package-private:
 * {@code Processor} is the control (decoding, the loops, every operand's address check), the image's
 * data type chooses the {@code SimulatedMemory} that stores the elements (float32: {@code Float32Memory},
 * a float array), and that memory supplies the {@code KernelSet} that computes on them (float32:
 * {@code Float32Kernels}, with the FC kernel and the activations).
 *
 * <p>Numerics: float32 storage and arithmetic. Every FC output starts at +0 and adds its products
 * W[r][c]·x[c] one by one in column order c = 0, 1, …; the fast path (a column-major copy of the weights
 * made at load time, vectorized by HotSpot) and the direct path (row-major, for weights that a program
 * could overwrite) follow that same order and give the same bits; an FC in a loop whose input the loop
 * never writes (the input part of an LSTM's gates) has its fast-path products computed for blocks of steps
 * at once, each sum still in that order, so that the weights are read once per block. Sigmoid and tanh are evaluated in
 * double with plain arithmetic (a range-reduced Taylor series of exp, no {@code Math} intrinsics whose
 * results may vary between JVMs) and rounded once to float32: within one ulp of
 * {@link java.lang.StrictMath}, which was too slow for the hot loop (30–45 ns a call). Softmax uses
 * {@link java.lang.StrictMath}. Java float and double arithmetic is IEEE 754 and never fuses a multiply
 * and an add, so results are bit-for-bit deterministic on every JVM and machine.
 */
package io.github.lstmhdl.sim;
