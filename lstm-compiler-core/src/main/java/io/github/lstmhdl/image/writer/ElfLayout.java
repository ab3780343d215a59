package io.github.lstmhdl.image.writer;

import static io.github.lstmhdl.image.ElfFormat.*;

import io.github.lstmhdl.image.ImageMetadataJson;
import io.github.lstmhdl.image.RegionContent;
import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.MemorySymbol;
import io.github.lstmhdl.memory.Region;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.memory.SymbolKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where every byte of an image goes, computed before anything is written: the ELF header and
 * program headers ({@link #head}), the initialized regions' contents at their file offsets
 * ({@link #parts}, streamed later), and the metadata, symbol table, string tables and section headers
 * ({@link #tail}). Validates the compiled network first, so a writer never emits half an image for a
 * value it cannot represent.
 */
final class ElfLayout {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /** One initialized region's content and where it goes in the file. */
    record Part(Region region, RegionContent content, long size, long fileOffset) {
    }

    /** One symbol table entry before encoding. */
    private record Sym(String name, long value, long size, int type, int shndx) {
    }

    final boolean elf64;
    final byte[] head;
    final List<Part> parts;
    final long tailOffset;
    final byte[] tail;
    final long totalSize;
    final String expectedContentSha256;

    private ElfLayout(boolean elf64, byte[] head, List<Part> parts, long tailOffset, byte[] tail,
            String expectedContentSha256) {
        this.elf64 = elf64;
        this.head = head;
        this.parts = parts;
        this.tailOffset = tailOffset;
        this.tail = tail;
        this.totalSize = tailOffset + tail.length;
        this.expectedContentSha256 = expectedContentSha256;
    }

    /**
     * Plans the image of a compiled network: ELF32 when every address and file offset fits 32 bits,
     * else ELF64 with the same layout.
     *
     * @throws IllegalArgumentException when the network is inconsistent (a compiler defect)
     */
    static ElfLayout plan(CompiledNetwork network) {
        validate(network);
        byte[] meta = ImageMetadataJson.toJson(network.metadata());
        ElfLayout layout = build(network, meta, false);
        MemoryMap map = network.memoryMap();
        long highestAddress = map.baseAddress() + Math.max(map.endOffset(), map.regions().get(map.regions().size() - 1).end());
        if (highestAddress > ELF32_LIMIT || layout.totalSize > ELF32_LIMIT) {
            layout = build(network, meta, true);
        }
        return layout;
    }

    private static void validate(CompiledNetwork network) {
        MemoryMap map = network.memoryMap();
        if (!network.metadata().memoryMap().equals(map)) {
            throw new IllegalArgumentException("the metadata's memory map differs from the network's memory map");
        }
        if (!SHA256_HEX.matcher(network.metadata().contentSha256()).matches()) {
            throw new IllegalArgumentException("the metadata's content checksum is not 64 lowercase hex digits: '"
                    + network.metadata().contentSha256() + "'");
        }
        Set<RegionKind> seen = EnumSet.noneOf(RegionKind.class);
        for (Region r : map.regions()) {
            if (!seen.add(r.kind())) {
                throw new IllegalArgumentException("region " + r.kind() + " appears twice in the memory map");
            }
        }
        if (seen.size() != RegionKind.values().length) {
            throw new IllegalArgumentException("the memory map lacks regions " + EnumSet.complementOf(EnumSet.copyOf(seen)));
        }
        Region last = map.regions().get(map.regions().size() - 1);
        if (map.endOffset() < last.end()) {
            throw new IllegalArgumentException("endOffset " + map.endOffset() + " lies before the end of " + last.kind());
        }
        try {
            Math.addExact(map.baseAddress(), map.endOffset());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("base address + endOffset overflows 64 bits", e);
        }
        for (Map.Entry<RegionKind, RegionContent> e : network.contents().entrySet()) {
            Region r = map.region(e.getKey());
            long size = e.getValue().size();
            if (!r.kind().initialized()) {
                throw new IllegalArgumentException("region " + r.kind() + " is not initialized but has content");
            }
            if (size < 0 || size > r.size()) {
                throw new IllegalArgumentException("the content of " + r.kind() + " (" + size
                        + " bytes) does not fit the region (" + r.size() + " bytes)");
            }
        }
        Map<String, MemorySymbol> names = new HashMap<>();
        for (MemorySymbol s : map.symbols()) {
            if (s.name().isEmpty() || s.name().indexOf('\0') >= 0) {
                throw new IllegalArgumentException("symbol name '" + s.name() + "' is empty or contains NUL");
            }
            if (names.put(s.name(), s) != null) {
                throw new IllegalArgumentException("symbol '" + s.name() + "' appears twice in the memory map");
            }
            Region r = map.region(s.region());
            if (s.offset() < r.offset() || s.offset() + s.size() > r.end()) {
                throw new IllegalArgumentException("symbol '" + s.name() + "' [" + s.offset() + ", +" + s.size()
                        + ") lies outside its region " + r.kind() + " [" + r.offset() + ", " + r.end() + ")");
            }
            for (Region other : map.regions()) {
                boolean sameAsRegion = s.kind() == SymbolKind.REGION && s.region() == other.kind()
                        && s.offset() == other.offset() && s.size() == other.size();
                if (s.name().equals(other.kind().toolboxName()) && !sameAsRegion) {
                    throw new IllegalArgumentException("symbol '" + s.name() + "' has the name of a region");
                }
            }
            if (s.name().equals(END_SYMBOL)) {
                throw new IllegalArgumentException("symbol name '" + END_SYMBOL + "' is reserved");
            }
        }
    }

    private static ElfLayout build(CompiledNetwork network, byte[] meta, boolean elf64) {
        MemoryMap map = network.memoryMap();
        long base = map.baseAddress();
        List<Region> regions = map.regions();
        long fileAlign = Math.min(map.alignment(), MAX_FILE_ALIGN);
        int wordAlign = wordAlign(elf64);

        // Section indices: 0 null, 1..6 regions in address order, then meta, symtab, strtab, shstrtab.
        Map<RegionKind, Integer> sectionIndex = new EnumMap<>(RegionKind.class);
        for (int i = 0; i < regions.size(); i++) {
            sectionIndex.put(regions.get(i).kind(), i + 1);
        }
        int metaIndex = regions.size() + 1;
        int symtabIndex = metaIndex + 1;
        int strtabIndex = symtabIndex + 1;
        int shstrtabIndex = strtabIndex + 1;
        int sectionCount = shstrtabIndex + 1;

        // File offsets of the initialized regions' contents.
        List<Region> initialized = regions.stream().filter(r -> r.kind().initialized()).toList();
        long pos = headerSize(elf64) + (long) initialized.size() * programHeaderSize(elf64);
        List<Part> parts = new ArrayList<>();
        Map<RegionKind, Part> partOf = new EnumMap<>(RegionKind.class);
        for (Region r : initialized) {
            RegionContent c = network.contents().getOrDefault(r.kind(), RegionContent.of(new byte[0]));
            pos = alignUp(pos, fileAlign);
            Part p = new Part(r, c, c.size(), pos);
            parts.add(p);
            partOf.put(r.kind(), p);
            pos += p.size();
        }
        long tailOffset = pos;

        // Symbols: regions in address order, EndOffset, then the memory map's symbols in its order.
        List<Sym> syms = new ArrayList<>();
        for (Region r : regions) {
            syms.add(new Sym(r.kind().toolboxName(), base + r.offset(), r.size(), STT_OBJECT, sectionIndex.get(r.kind())));
        }
        syms.add(new Sym(END_SYMBOL, base + map.endOffset(), 0, STT_NOTYPE, SHN_ABS));
        for (MemorySymbol s : map.symbols()) {
            if (s.kind() == SymbolKind.REGION && s.name().equals(s.region().toolboxName())) {
                continue; // already listed as a region
            }
            syms.add(new Sym(s.name(), base + s.offset(), s.size(), STT_OBJECT, sectionIndex.get(s.region())));
        }
        StringTable strtab = new StringTable();
        LittleEndianBuffer symtab = new LittleEndianBuffer(elf64);
        writeSymbol(symtab, elf64, 0, 0, 0, 0, SHN_UNDEF);
        for (Sym s : syms) {
            writeSymbol(symtab, elf64, strtab.add(s.name()), s.value(), s.size(), STB_GLOBAL << 4 | s.type(), s.shndx());
        }
        StringTable shstrtab = new StringTable();

        // The tail: metadata, symtab, strtab, shstrtab, section headers.
        long metaOffset = tailOffset;
        long symtabOffset = alignUp(metaOffset + meta.length, wordAlign);
        long strtabOffset = symtabOffset + symtab.size();
        byte[] strtabBytes = strtab.bytes();
        long shstrtabOffset = strtabOffset + strtabBytes.length;
        // section names must be known before the shstrtab is final
        int[] nameOffsets = new int[sectionCount];
        for (int i = 0; i < regions.size(); i++) {
            nameOffsets[i + 1] = shstrtab.add(regions.get(i).kind().sectionName());
        }
        nameOffsets[metaIndex] = shstrtab.add(META_SECTION);
        nameOffsets[symtabIndex] = shstrtab.add(".symtab");
        nameOffsets[strtabIndex] = shstrtab.add(".strtab");
        nameOffsets[shstrtabIndex] = shstrtab.add(".shstrtab");
        byte[] shstrtabBytes = shstrtab.bytes();
        long shoff = alignUp(shstrtabOffset + shstrtabBytes.length, wordAlign);

        LittleEndianBuffer tail = new LittleEndianBuffer(elf64);
        tail.bytes(meta);
        tail.padTo(symtabOffset - tailOffset).bytes(symtab.toByteArray()).bytes(strtabBytes).bytes(shstrtabBytes);
        tail.padTo(shoff - tailOffset);
        writeSection(tail, elf64, 0, SHT_NULL, 0, 0, 0, 0, 0, 0, 0, 0);
        for (Region r : regions) {
            long addr = base + r.offset();
            Part p = partOf.get(r.kind());
            if (p != null) {
                long flags = SHF_ALLOC | switch (r.kind()) {
                    case SCHEDULER_DATA -> SHF_WRITE;
                    case INSTRUCTION_DATA -> SHF_EXECINSTR;
                    default -> 0L;
                };
                writeSection(tail, elf64, nameOffsets[sectionIndex.get(r.kind())], SHT_PROGBITS, flags, addr,
                        p.fileOffset(), p.size(), 0, 0, fileAlign, 0);
            } else {
                writeSection(tail, elf64, nameOffsets[sectionIndex.get(r.kind())], SHT_NOBITS, SHF_ALLOC | SHF_WRITE,
                        addr, tailOffset, r.size(), 0, 0, fileAlign, 0);
            }
        }
        writeSection(tail, elf64, nameOffsets[metaIndex], SHT_PROGBITS, 0, 0, metaOffset, meta.length, 0, 0, 1, 0);
        writeSection(tail, elf64, nameOffsets[symtabIndex], SHT_SYMTAB, 0, 0, symtabOffset, symtab.size(),
                strtabIndex, 1, wordAlign, symbolSize(elf64));
        writeSection(tail, elf64, nameOffsets[strtabIndex], SHT_STRTAB, 0, 0, strtabOffset, strtabBytes.length, 0, 0, 1, 0);
        writeSection(tail, elf64, nameOffsets[shstrtabIndex], SHT_STRTAB, 0, 0, shstrtabOffset, shstrtabBytes.length,
                0, 0, 1, 0);

        // The head: ELF header and one PT_LOAD per initialized region.
        LittleEndianBuffer head = new LittleEndianBuffer(elf64);
        head.bytes(magic()).u8(elf64 ? ELFCLASS64 : ELFCLASS32).u8(ELFDATA2LSB).u8(EV_CURRENT).padTo(16);
        head.u16(ET_EXEC).u16(EM_NONE).u32(EV_CURRENT)
                .word(base + map.region(RegionKind.INSTRUCTION_DATA).offset())
                .word(headerSize(elf64))
                .word(shoff)
                .u32(0)
                .u16(headerSize(elf64)).u16(programHeaderSize(elf64)).u16(parts.size())
                .u16(sectionHeaderSize(elf64)).u16(sectionCount).u16(shstrtabIndex);
        for (Part p : parts) {
            long addr = base + p.region().offset();
            int flags = PF_R | switch (p.region().kind()) {
                case SCHEDULER_DATA -> PF_W;
                case INSTRUCTION_DATA -> PF_X;
                default -> 0;
            };
            if (elf64) {
                head.u32(PT_LOAD).u32(flags).u64(p.fileOffset()).u64(addr).u64(addr).u64(p.size())
                        .u64(p.region().size()).u64(fileAlign);
            } else {
                head.u32(PT_LOAD).u32(p.fileOffset()).u32(addr).u32(addr).u32(p.size())
                        .u32(p.region().size()).u32(flags).u32(fileAlign);
            }
        }
        return new ElfLayout(elf64, head.toByteArray(), List.copyOf(parts), tailOffset, tail.toByteArray(),
                network.metadata().contentSha256());
    }

    private static void writeSymbol(LittleEndianBuffer b, boolean elf64, int name, long value, long size, int info,
            int shndx) {
        if (elf64) {
            b.u32(name).u8(info).u8(0).u16(shndx).u64(value).u64(size);
        } else {
            b.u32(name).u32(value).u32(size).u8(info).u8(0).u16(shndx);
        }
    }

    private static void writeSection(LittleEndianBuffer b, boolean elf64, int name, int type, long flags, long addr,
            long offset, long size, int link, int info, long addralign, long entsize) {
        b.u32(name).u32(type).word(flags).word(addr).word(offset).word(size).u32(link).u32(info)
                .word(addralign).word(entsize);
    }

    /** An ELF string table: NUL first, then each distinct name once, in the order first added. */
    private static final class StringTable {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Map<String, Integer> offsets = new LinkedHashMap<>();

        StringTable() {
            bytes.write(0);
        }

        int add(String name) {
            return offsets.computeIfAbsent(name, n -> {
                int at = bytes.size();
                byte[] b = n.getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
                bytes.write(0);
                return at;
            });
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }
}
