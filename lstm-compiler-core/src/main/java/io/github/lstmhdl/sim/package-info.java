/**
 * The reference simulator: executes a compiled image ({@link io.github.lstmhdl.image.LoadedImage}) as
 * the deep-learning processor would, reading nothing but the image's bytes and the input.
 *
 * <p>{@link io.github.lstmhdl.sim.Simulator} is the host side (writes the input and the run parameters
 * into the scheduler data, starts the program, reads the output, applies a host-side softmax);
 * {@link io.github.lstmhdl.sim.BatchLayout} maps the source model's tensors (such as ONNX's [T, N, D])
 * onto the processor's one-sequence [T][D] layout and back. The processor itself (simulated external
 * memory, instruction execution, the FC kernel and the activations) is package-private.
 *
 * <p>Numerics: float32 storage and arithmetic; sigmoid, tanh and exp computed in double with
 * {@link java.lang.StrictMath} and rounded to float32; FC dot products summed in four interleaved
 * partial sums in a fixed order. Results are bit-for-bit deterministic on every JVM.
 */
package io.github.lstmhdl.sim;
