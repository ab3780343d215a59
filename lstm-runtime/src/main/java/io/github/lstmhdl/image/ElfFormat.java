package io.github.lstmhdl.image;

/**
 * The numbers of the ELF specification that images use, and the choices this format makes (section
 * order, file alignment). Shared by the writer (in the compiler core) and the reader so they cannot
 * drift apart; public only for that, not an API a host needs.
 */
public final class ElfFormat {
    /** The identification's first four bytes; {@link #magic()} gives a copy outside the package. */
    static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};
    public static final int ELFCLASS32 = 1;
    public static final int ELFCLASS64 = 2;
    public static final int ELFDATA2LSB = 1;
    public static final int EV_CURRENT = 1;
    public static final int ET_EXEC = 2;
    public static final int EM_NONE = 0;

    public static final int PT_LOAD = 1;
    public static final int PF_X = 1;
    public static final int PF_W = 2;
    public static final int PF_R = 4;

    public static final int SHT_NULL = 0;
    public static final int SHT_PROGBITS = 1;
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_STRTAB = 3;
    public static final int SHT_NOBITS = 8;
    public static final long SHF_WRITE = 1;
    public static final long SHF_ALLOC = 2;
    public static final long SHF_EXECINSTR = 4;

    public static final int SHN_UNDEF = 0;
    public static final int SHN_ABS = 0xfff1;
    public static final int STB_GLOBAL = 1;
    public static final int STT_NOTYPE = 0;
    public static final int STT_OBJECT = 1;

    /** The name of the metadata section. */
    public static final String META_SECTION = ".lstm.meta";
    /** The symbol marking the first address after the last region. */
    public static final String END_SYMBOL = "EndOffset";
    /** File offsets of segments are aligned to at most this (and to the memory alignment below it). */
    public static final long MAX_FILE_ALIGN = 4096;
    /** The largest address or file offset that ELF32 can hold. */
    public static final long ELF32_LIMIT = 0xFFFF_FFFFL;

    private ElfFormat() {
    }

    /** The ELF magic, {@code 0x7f 'E' 'L' 'F'} (a copy: the reader's own cannot be changed). */
    public static byte[] magic() {
        return MAGIC.clone();
    }

    public static int headerSize(boolean elf64) {
        return elf64 ? 64 : 52;
    }

    public static int programHeaderSize(boolean elf64) {
        return elf64 ? 56 : 32;
    }

    public static int sectionHeaderSize(boolean elf64) {
        return elf64 ? 64 : 40;
    }

    public static int symbolSize(boolean elf64) {
        return elf64 ? 24 : 16;
    }

    public static int wordAlign(boolean elf64) {
        return elf64 ? 8 : 4;
    }

    public static long alignUp(long value, long align) {
        return (value + align - 1) / align * align;
    }
}
