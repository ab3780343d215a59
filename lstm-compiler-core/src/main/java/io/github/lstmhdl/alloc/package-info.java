/**
 * External memory allocation: the liveness-based planner of the system buffer
 * ({@link io.github.lstmhdl.alloc.LivenessPlanner}, a pass of its own over buffers with lifetimes),
 * the FC weight layout, the region allocator that produces the {@link io.github.lstmhdl.memory.MemoryMap}
 * (regions in {@link io.github.lstmhdl.memory.RegionKind} order, each at the configured alignment), the
 * overflow error with its figures, and the toolbox-style memory table.
 */
package io.github.lstmhdl.alloc;
