package io.github.lstmhdl.config;

import java.util.Objects;

/**
 * What describes the deep-learning processor an image runs on, whatever the compiler does with it:
 * its data type, its external memory, its FC kernel, the blocks of its elementwise and activation
 * kernels, its clock and memory bandwidth. The compile choices are {@link CompileOptions}.
 *
 * @param dataType            the data type ({@code single})
 * @param baseAddress         the processor's physical address of external memory offset 0
 * @param memorySize          the external memory available to the processor, in bytes
 * @param alignment           every region starts at a multiple of this (a power of two)
 * @param fcThreads           FC kernel threads (4, 8 or 16): weight rows are padded to a multiple
 * @param fcInputMemorySize   the FC kernel's input memory, in elements
 * @param fcOutputMemorySize  the FC kernel's output memory, in elements
 * @param addBlock            the elementwise kernel's addition block is present
 * @param multiplyBlock       the elementwise kernel's multiplication block is present
 * @param sigmoidBlock        the activation kernel's sigmoid block is present
 * @param tanhBlock           the activation kernel's tanh block is present
 * @param clockFrequencyMHz   the processor clock, for performance estimates; recorded in the image
 *                            metadata (and so the fingerprint) and read by the timing model
 *                            ({@code timing.TimingParameters}, docs/isa.md §9)
 * @param memoryBandwidthMBps the external memory bandwidth, for performance estimates; like the clock,
 *                            recorded and read by the timing model
 */
public record ProcessorModel(
        DataType dataType,
        long baseAddress,
        long memorySize,
        long alignment,
        int fcThreads,
        int fcInputMemorySize,
        int fcOutputMemorySize,
        boolean addBlock,
        boolean multiplyBlock,
        boolean sigmoidBlock,
        boolean tanhBlock,
        int clockFrequencyMHz,
        int memoryBandwidthMBps) {

    /** Offsets are stored as unsigned 32-bit words in instructions: the memory cannot exceed 4 GiB. */
    public static final long MAX_MEMORY_SIZE = 1L << 32;

    public ProcessorModel {
        Objects.requireNonNull(dataType, "dataType");
        if (baseAddress < 0) {
            throw new IllegalArgumentException("baseAddress must not be negative");
        }
        if (memorySize < 1 || memorySize > MAX_MEMORY_SIZE) {
            throw new IllegalArgumentException("memorySize must be between 1 byte and 4 GiB, not " + memorySize);
        }
        if (alignment < 4 || Long.bitCount(alignment) != 1 || alignment > memorySize) {
            throw new IllegalArgumentException("alignment must be a power of two between 4 and the memory size, not "
                    + alignment);
        }
        if (baseAddress % alignment != 0) {
            throw new IllegalArgumentException("baseAddress 0x" + Long.toHexString(baseAddress)
                    + " must be a multiple of the alignment " + alignment);
        }
        if (fcThreads != 4 && fcThreads != 8 && fcThreads != 16) {
            throw new IllegalArgumentException("fcThreads must be 4, 8 or 16, not " + fcThreads);
        }
        if (fcInputMemorySize < fcThreads || fcOutputMemorySize < fcThreads) {
            throw new IllegalArgumentException("FC input and output memory sizes must hold at least "
                    + fcThreads + " elements");
        }
        if (clockFrequencyMHz < 1 || memoryBandwidthMBps < 1) {
            throw new IllegalArgumentException("clock frequency and memory bandwidth must be positive");
        }
    }
}
