/**
 * The layout vocabulary of a network's boundary tensors: what each dimension of an input or output
 * means ({@link io.github.lstmhdl.layout.Axis}). The compiler's network model records it, the image's
 * metadata carries it, and the simulator and a host read it to map a source model's tensors onto the
 * processor's [time][feature] layout and back; so it lives in the runtime, beside the metadata.
 */
package io.github.lstmhdl.layout;
