/**
 * The host side of a compiled network on a real processor: {@link io.github.lstmhdl.host.ProcessorMemory},
 * the memory the processor runs in as the host sees it (a memory-mapped device window,
 * {@link io.github.lstmhdl.host.MappedProcessorMemory}), and {@link io.github.lstmhdl.host.NetworkRunner},
 * which loads an image into it and drives runs through the control interface of docs/isa.md §5 (the
 * scheduler fields, {@code CONTROL_START}, polling {@code STATUS}). It depends on the image reader and
 * the ISA's field layout only, and on the simulator for nothing but the host layer's softmax, so it
 * can go with them into a runtime without the compiler.
 */
package io.github.lstmhdl.host;
