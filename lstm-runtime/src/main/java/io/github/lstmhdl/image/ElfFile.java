package io.github.lstmhdl.image;

import static io.github.lstmhdl.image.ElfFormat.*;

import io.github.lstmhdl.diagnostics.CompilationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The structure of a little-endian ELF file (class 32 or 64) as read from untrusted bytes: header,
 * program headers, named section headers and the symbol table. Every offset and count is checked
 * against the file's length before it is used, so corrupt input gives a {@link CompilationException}
 * that says what is wrong and where, never an index or memory error.
 */
final class ElfFile {
    record Section(int index, String name, int type, long flags, long addr, long offset, long size, int link,
            int info, long entsize) {
    }

    record Segment(int type, int flags, long offset, long vaddr, long paddr, long filesz, long memsz) {
    }

    final boolean elf64;
    final int type;
    final int machine;
    final long entry;
    final List<Segment> segments;
    final List<Section> sections;
    private final byte[] bytes;
    private final String file;

    private ElfFile(byte[] bytes, String file, boolean elf64, int type, int machine, long entry,
            List<Segment> segments, List<Section> sections) {
        this.bytes = bytes;
        this.file = file;
        this.elf64 = elf64;
        this.type = type;
        this.machine = machine;
        this.entry = entry;
        this.segments = segments;
        this.sections = sections;
    }

    static ElfFile parse(byte[] b, String file) throws CompilationException {
        if (b.length == 0) {
            throw error(file, "", "the file is empty");
        }
        byte[] head = Arrays.copyOf(b, Math.min(b.length, 4));
        if (b.length < 4 || !Arrays.equals(head, MAGIC)) {
            throw error(file, "ELF header", "not an ELF image: bad magic (expected 7f 45 4c 46, found "
                    + hex(head) + ")");
        }
        if (b.length < 16) {
            throw truncated(file, b.length, "the ELF identification needs 16 bytes");
        }
        int cls = b[4];
        if (cls != ELFCLASS32 && cls != ELFCLASS64) {
            throw error(file, "ELF header", "unsupported ELF class " + cls + " (expected 1 for ELF32 or 2 for ELF64)");
        }
        if (b[5] != ELFDATA2LSB) {
            throw error(file, "ELF header", "the image is not little-endian (EI_DATA is " + b[5] + ", expected 1)");
        }
        if (b[6] != EV_CURRENT) {
            throw error(file, "ELF header", "unsupported ELF version " + b[6]);
        }
        boolean elf64 = cls == ELFCLASS64;
        if (b.length < headerSize(elf64)) {
            throw truncated(file, b.length, "the ELF header needs " + headerSize(elf64) + " bytes");
        }
        Reader r = new Reader(b, elf64, 16);
        int type = r.u16();
        int machine = r.u16();
        long version = r.u32();
        long entry = r.word();
        long phoff = r.word();
        long shoff = r.word();
        r.u32(); // flags
        int ehsize = r.u16();
        int phentsize = r.u16();
        int phnum = r.u16();
        int shentsize = r.u16();
        int shnum = r.u16();
        int shstrndx = r.u16();
        if (version != EV_CURRENT || ehsize != headerSize(elf64)) {
            throw error(file, "ELF header", "unsupported ELF version " + version + " or header size " + ehsize);
        }
        if (phnum > 0 && phentsize != programHeaderSize(elf64)) {
            throw error(file, "ELF header", "program header size is " + phentsize + ", expected "
                    + programHeaderSize(elf64));
        }
        if (shentsize != sectionHeaderSize(elf64)) {
            throw error(file, "ELF header", "section header size is " + shentsize + ", expected "
                    + sectionHeaderSize(elf64));
        }
        if (shnum == 0) {
            throw error(file, "ELF header", "the image has no section headers");
        }
        if (shstrndx >= shnum) {
            throw error(file, "ELF header", "the section name table index " + shstrndx + " is not below the section count "
                    + shnum);
        }
        checkRange(file, b.length, phoff, (long) phnum * phentsize, "the program header table");
        checkRange(file, b.length, shoff, (long) shnum * shentsize, "the section header table");

        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            Reader p = new Reader(b, elf64, phoff + (long) i * phentsize);
            if (elf64) {
                int ptype = p.u32int();
                int flags = p.u32int();
                segments.add(new Segment(ptype, flags, p.u64(), p.u64(), p.u64(), p.u64(), p.u64()));
            } else {
                int ptype = p.u32int();
                long off = p.u32();
                long vaddr = p.u32();
                long paddr = p.u32();
                long filesz = p.u32();
                long memsz = p.u32();
                int flags = p.u32int();
                segments.add(new Segment(ptype, flags, off, vaddr, paddr, filesz, memsz));
            }
        }
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (s.type() == PT_LOAD) {
                checkRange(file, b.length, s.offset(), s.filesz(), "segment " + i);
            }
        }

        long[][] raw = new long[shnum][];
        for (int i = 0; i < shnum; i++) {
            Reader s = new Reader(b, elf64, shoff + (long) i * shentsize);
            raw[i] = new long[] {s.u32(), s.u32(), s.word(), s.word(), s.word(), s.word(), s.u32(), s.u32(),
                s.word(), s.word()};
            int stype = (int) raw[i][1];
            if (stype != SHT_NOBITS && stype != SHT_NULL) {
                checkRange(file, b.length, raw[i][4], raw[i][5], "section " + i);
            }
        }
        long[] names = raw[shstrndx];
        if (names[1] != SHT_STRTAB) {
            throw error(file, "section " + shstrndx, "the section name table is not a string table");
        }
        List<Section> sections = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            long[] s = raw[i];
            String name = string(b, file, names[4], names[5], s[0], "section " + i + " name");
            sections.add(new Section(i, name, (int) s[1], s[2], s[3], s[4], s[5], (int) s[6], (int) s[7], s[9]));
        }
        return new ElfFile(b, file, elf64, type, machine, entry, List.copyOf(segments), List.copyOf(sections));
    }

    /** The section of a name, if exactly one has it. */
    Optional<Section> section(String name) throws CompilationException {
        Section found = null;
        for (Section s : sections) {
            if (s.name().equals(name)) {
                if (found != null) {
                    throw error(file, name, "the section appears twice");
                }
                found = s;
            }
        }
        return Optional.ofNullable(found);
    }

    /** A copy of a section's bytes (bounds were checked when parsing). */
    byte[] contents(Section s) {
        if (s.type() == SHT_NOBITS || s.type() == SHT_NULL) {
            return new byte[0];
        }
        return Arrays.copyOfRange(bytes, (int) s.offset(), (int) (s.offset() + s.size()));
    }

    /** The symbols of the {@code .symtab} section, without the null symbol, in table order. */
    List<ElfSymbol> symbols() throws CompilationException {
        Section symtab = section(".symtab").orElseThrow(() -> error(file, ".symtab", "the image has no symbol table"));
        int entsize = symbolSize(elf64);
        if (symtab.type() != SHT_SYMTAB || symtab.entsize() != entsize || symtab.size() % entsize != 0) {
            throw error(file, ".symtab", "not a symbol table of " + entsize + "-byte entries (type " + symtab.type()
                    + ", entry size " + symtab.entsize() + ", size " + symtab.size() + ")");
        }
        if (symtab.link() <= 0 || symtab.link() >= sections.size() || sections.get(symtab.link()).type() != SHT_STRTAB) {
            throw error(file, ".symtab", "its string table link " + symtab.link() + " is not a string table");
        }
        Section strtab = sections.get(symtab.link());
        long count = symtab.size() / entsize;
        List<ElfSymbol> out = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        for (long i = 1; i < count; i++) {
            Reader r = new Reader(bytes, elf64, symtab.offset() + i * entsize);
            long nameOff;
            long value;
            long size;
            int shndx;
            if (elf64) {
                nameOff = r.u32();
                r.u8();
                r.u8();
                shndx = r.u16();
                value = r.u64();
                size = r.u64();
            } else {
                nameOff = r.u32();
                value = r.u32();
                size = r.u32();
                r.u8();
                r.u8();
                shndx = r.u16();
            }
            String name = string(bytes, file, strtab.offset(), strtab.size(), nameOff, "symbol " + i + " name");
            String section;
            if (shndx == SHN_ABS || shndx == SHN_UNDEF) {
                section = "";
            } else if (shndx < sections.size()) {
                section = sections.get(shndx).name();
            } else {
                throw error(file, ".symtab", "symbol '" + name + "' refers to section " + shndx + " of "
                        + sections.size());
            }
            if (seen.put(name, Boolean.TRUE) != null) {
                throw error(file, ".symtab", "symbol '" + name + "' appears twice");
            }
            out.add(new ElfSymbol(name, value, size, section));
        }
        return out;
    }

    private static String string(byte[] b, String file, long tableOffset, long tableSize, long at, String what)
            throws CompilationException {
        if (at < 0 || at >= tableSize) {
            throw error(file, what, "string offset " + at + " lies outside its string table of " + tableSize + " bytes");
        }
        int start = (int) (tableOffset + at);
        int end = (int) (tableOffset + tableSize);
        for (int i = start; i < end; i++) {
            if (b[i] == 0) {
                return new String(b, start, i - start, StandardCharsets.UTF_8);
            }
        }
        throw error(file, what, "the string at offset " + at + " is not terminated inside its string table");
    }

    private static void checkRange(String file, long length, long offset, long size, String what)
            throws CompilationException {
        if (offset < 0 || size < 0 || offset > length || size > length - offset) {
            String end;
            try {
                end = offset < 0 || size < 0 ? "2^63 or more" : Long.toString(Math.addExact(offset, size));
            } catch (ArithmeticException e) {
                end = "2^63 or more";
            }
            throw truncated(file, length, what + " needs bytes [" + Long.toUnsignedString(offset) + ", " + end
                    + ") but the file ends at " + length);
        }
    }

    static CompilationException truncated(String file, long length, String detail) {
        return new CompilationException(file, "", "truncated at offset " + length + ": " + detail);
    }

    static CompilationException error(String file, String location, String reason) {
        return new CompilationException(file, location, reason);
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(String.format("%02x", x & 0xFF));
        }
        return sb.toString();
    }

    /** Little-endian fields at a position already known to lie inside the file. */
    private static final class Reader {
        private final byte[] b;
        private final boolean elf64;
        private int pos;

        Reader(byte[] b, boolean elf64, long pos) {
            this.b = b;
            this.elf64 = elf64;
            this.pos = (int) pos;
        }

        int u8() {
            return b[pos++] & 0xFF;
        }

        int u16() {
            return u8() | u8() << 8;
        }

        long u32() {
            return (u16() | (long) u16() << 16) & 0xFFFF_FFFFL;
        }

        int u32int() {
            return (int) u32();
        }

        /** A 64-bit field; values of 2^63 and above become negative and fail every range check. */
        long u64() {
            return u32() | u32() << 32;
        }

        long word() {
            return elf64 ? u64() : u32();
        }
    }
}
