/**
 * The external memory's layout as every stage after allocation sees it: the regions
 * ({@link io.github.lstmhdl.memory.RegionKind}, {@link io.github.lstmhdl.memory.Region}) in their fixed
 * order, the named symbols inside them ({@link io.github.lstmhdl.memory.MemorySymbol},
 * {@link io.github.lstmhdl.memory.SymbolKind}) and the whole {@link io.github.lstmhdl.memory.MemoryMap}.
 * The allocator ({@code alloc}) produces it; the lowering names regions and symbol kinds, the image
 * writer, the code generators and the simulator read it. It depends on no stage.
 */
package io.github.lstmhdl.memory;
