package io.github.lstmhdl.image;

import java.util.Objects;

/**
 * One entry of an image's ELF symbol table, as {@link ImageReader#symbols} reads it back: a region
 * (by its toolbox name, such as {@code InputDataOffset}), a memory symbol (such as
 * {@code lstm_1.wi.weights}) or {@code EndOffset}.
 *
 * @param name    the symbol's name
 * @param address its physical address (base address + offset)
 * @param size    its size in bytes (0 for {@code EndOffset})
 * @param section the name of the section it lies in, or {@code ""} for an absolute symbol
 */
public record ElfSymbol(String name, long address, long size, String section) {
    public ElfSymbol {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(section, "section");
    }
}
