/**
 * External memory allocation: the liveness-based planner of the system buffer
 * ({@link io.github.lstmhdl.alloc.LivenessPlanner}, a pass of its own over buffers with lifetimes),
 * the FC weight layout, the region allocator that produces the {@link io.github.lstmhdl.memory.MemoryMap}
 * (regions in {@link io.github.lstmhdl.memory.RegionKind} order, each at the configured alignment), the
 * overflow error with its figures, the toolbox-style memory table, and the weight region's content,
 * encoded by the {@link io.github.lstmhdl.alloc.ElementEncoder} of the processor's data type.
 */
package io.github.lstmhdl.alloc;
