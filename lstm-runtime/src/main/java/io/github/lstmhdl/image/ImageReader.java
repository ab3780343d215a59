package io.github.lstmhdl.image;

import static io.github.lstmhdl.image.ElfFormat.*;

import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.MemorySymbol;
import io.github.lstmhdl.memory.Region;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.memory.SymbolKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads and validates an image written by the compiler's {@code ElfImageWriter}, trusting nothing: the ELF
 * identification (magic, class, little-endian, {@code EM_NONE}), every table's bounds, the metadata
 * JSON, that each region's section and segment sit where the memory map says, that the symbol table
 * agrees with the memory map, and the content checksum. Each failure is a
 * {@link CompilationException} naming the image and saying what is wrong (bad magic, truncated at
 * offset X, checksum mismatch with the expected and actual values); corrupt input never causes
 * another exception type, and nothing is allocated beyond the image's own size.
 */
public final class ImageReader {
    /** The largest image {@link #read(Path)} loads (arrays are indexed by int). */
    public static final long MAX_IMAGE_BYTES = Integer.MAX_VALUE - 8L;

    private ImageReader() {
    }

    /** Reads an image file; messages name it as the path was given. */
    public static LoadedImage read(Path path) throws CompilationException {
        return read(path, path.toString());
    }

    /** Reads an image file; messages name it {@code displayName}. */
    public static LoadedImage read(Path path, String displayName) throws CompilationException {
        return read(readBytes(path, displayName), displayName);
    }

    /**
     * Reads an image from the class path, refusing it unless it is the one the generated constants
     * describe: the SHA-256 of the whole file must be {@code expectedSha256} (the constants'
     * {@code IMAGE_SHA256}), so a stale image left beside newer constants, or a corrupt one, is named
     * before it is parsed.
     *
     * @param anchor         the class whose {@link Class#getResourceAsStream} finds the resource (the
     *                       constants class, or any class of the application)
     * @param resource       the resource, such as the constants' {@code IMAGE_RESOURCE} (an absolute name)
     * @param expectedSha256 the whole file's SHA-256, lowercase hex
     * @throws CompilationException naming the resource when it is not on the class path, cannot be read,
     *                              has another checksum, or is not a valid image
     */
    public static LoadedImage readResource(Class<?> anchor, String resource, String expectedSha256)
            throws CompilationException {
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(resource, "resource");
        byte[] bytes;
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new CompilationException(resource, "", "the image is not on the class path of "
                        + anchor.getName());
            }
            bytes = in.readNBytes((int) MAX_IMAGE_BYTES + 1);
        } catch (IOException e) {
            throw new CompilationException(resource, "", "cannot read the image: " + e.getMessage(), e);
        }
        if (bytes.length > MAX_IMAGE_BYTES) {
            throw new CompilationException(resource, "", "the image is larger than the " + MAX_IMAGE_BYTES
                    + " bytes a reader can load");
        }
        return read(bytes, resource, expectedSha256);
    }

    /**
     * Checks an image's bytes against the SHA-256 the generated constants give ({@code IMAGE_SHA256}),
     * then validates and loads it as {@link #read(byte[], String)} does.
     *
     * @throws CompilationException {@code image checksum mismatch: expected …, actual …} for other bytes,
     *                              or what {@link #read(byte[], String)} reports
     */
    public static LoadedImage read(byte[] bytes, String displayName, String expectedSha256)
            throws CompilationException {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(expectedSha256, "expectedSha256");
        String actual = ContentChecksum.sha256Hex(bytes);
        if (!actual.equals(expectedSha256)) {
            throw new CompilationException(displayName, "the whole file", "image checksum mismatch: expected "
                    + expectedSha256 + " (IMAGE_SHA256), actual " + actual + ": a stale or corrupt image");
        }
        return read(bytes, displayName);
    }

    /**
     * Validates and loads an image from its bytes.
     *
     * @param bytes       the whole image file
     * @param displayName the image's name for messages
     * @return the metadata and the initialized regions' bytes
     * @throws CompilationException when the bytes are not a valid image
     */
    public static LoadedImage read(byte[] bytes, String displayName) throws CompilationException {
        Objects.requireNonNull(bytes, "bytes");
        ElfFile elf = ElfFile.parse(bytes, displayName);
        if (elf.machine != EM_NONE) {
            throw new CompilationException(displayName, "ELF header", "e_machine is " + elf.machine
                    + ", expected 0 (EM_NONE)");
        }
        if (elf.type != ET_EXEC) {
            throw new CompilationException(displayName, "ELF header", "e_type is " + elf.type + ", expected 2 (ET_EXEC)");
        }
        ElfFile.Section metaSection = elf.section(META_SECTION).orElseThrow(() -> new CompilationException(
                displayName, META_SECTION, "the image has no metadata section: not an lstm-hdl image"));
        if (metaSection.type() != SHT_PROGBITS) {
            throw new CompilationException(displayName, META_SECTION, "the metadata section holds no bytes");
        }
        byte[] metaBytes = elf.contents(metaSection);
        ImageMetadata metadata = ImageMetadataJson.fromJson(metaBytes, displayName);
        if (!java.util.Arrays.equals(metaBytes, ImageMetadataJson.toJson(metadata))) {
            throw new CompilationException(displayName, META_SECTION,
                    "the metadata is valid JSON but not in the canonical form the writer produces (edited or corrupt)");
        }
        if (metadata.formatVersion() != ImageMetadata.FORMAT_VERSION) {
            throw new CompilationException(displayName, META_SECTION, "image format version " + metadata.formatVersion()
                    + " is not supported (this reader reads version " + ImageMetadata.FORMAT_VERSION + ")");
        }
        MemoryMap map = metadata.memoryMap();
        validateMap(map, displayName);
        long base = map.baseAddress();

        Map<RegionKind, byte[]> contents = new EnumMap<>(RegionKind.class);
        int loads = 0;
        for (Region r : map.regions()) {
            String name = r.kind().sectionName();
            ElfFile.Section s = elf.section(name).orElseThrow(() -> new CompilationException(displayName, name,
                    "the section of region " + r.kind().toolboxName() + " is missing"));
            long addr = base + r.offset();
            if (s.addr() != addr) {
                throw new CompilationException(displayName, name, String.format(
                        "the section lies at 0x%x but the memory map puts %s at 0x%x", s.addr(),
                        r.kind().toolboxName(), addr));
            }
            if (!r.kind().initialized()) {
                if (s.type() != SHT_NOBITS || s.size() != r.size()) {
                    throw new CompilationException(displayName, name, "expected a NOBITS section of " + r.size()
                            + " bytes, found type " + s.type() + " of " + s.size() + " bytes");
                }
                continue;
            }
            if (s.type() != SHT_PROGBITS || s.size() > r.size()) {
                throw new CompilationException(displayName, name, "expected a PROGBITS section of at most " + r.size()
                        + " bytes, found type " + s.type() + " of " + s.size() + " bytes");
            }
            ElfFile.Segment seg = elf.segments.stream().filter(p -> p.type() == PT_LOAD && p.vaddr() == addr)
                    .findFirst().orElseThrow(() -> new CompilationException(displayName, name,
                            String.format("no loadable segment at 0x%x", addr)));
            if (seg.paddr() != addr || seg.offset() != s.offset() || seg.filesz() != s.size()
                    || seg.memsz() != r.size()) {
                throw new CompilationException(displayName, name, String.format(
                        "its segment (offset %d, paddr 0x%x, filesz %d, memsz %d) does not match the section "
                                + "(offset %d, %d bytes) and region (%d bytes)", seg.offset(), seg.paddr(),
                        seg.filesz(), seg.memsz(), s.offset(), s.size(), r.size()));
            }
            loads++;
            contents.put(r.kind(), elf.contents(s));
        }
        long totalLoads = elf.segments.stream().filter(p -> p.type() == PT_LOAD).count();
        if (totalLoads != loads) {
            throw new CompilationException(displayName, "program headers", "the image has " + totalLoads
                    + " loadable segments, expected one per initialized region (" + loads + ")");
        }
        long entry = base + map.region(RegionKind.INSTRUCTION_DATA).offset();
        if (elf.entry != entry) {
            throw new CompilationException(displayName, "ELF header", String.format(
                    "the entry point 0x%x is not InstructionDataOffset's address 0x%x", elf.entry, entry));
        }
        String actual = ContentChecksum.sha256OfBytes(map, contents);
        if (!actual.equals(metadata.contentSha256())) {
            throw new CompilationException(displayName, "", "content checksum mismatch: expected "
                    + metadata.contentSha256() + ", actual " + actual);
        }
        validateSymbols(elf.symbols(), map, displayName);
        return new LoadedImage(metadata, contents);
    }

    /**
     * The ELF symbol table of an image, in table order: the regions, {@code EndOffset}, then every
     * memory symbol. Validates the ELF structure, not the metadata.
     */
    public static List<ElfSymbol> symbols(byte[] bytes, String displayName) throws CompilationException {
        return ElfFile.parse(bytes, displayName).symbols();
    }

    private static byte[] readBytes(Path path, String displayName) throws CompilationException {
        try {
            long size = Files.size(path);
            if (size > MAX_IMAGE_BYTES) {
                throw new CompilationException(displayName, "", "the image is " + size
                        + " bytes, larger than the " + MAX_IMAGE_BYTES + " bytes a reader can load");
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new CompilationException(displayName, "", "cannot read the image: " + e.getMessage(), e);
        }
    }

    private static void validateMap(MemoryMap map, String file) throws CompilationException {
        Set<RegionKind> seen = EnumSet.noneOf(RegionKind.class);
        for (Region r : map.regions()) {
            if (!seen.add(r.kind())) {
                throw new CompilationException(file, META_SECTION, "region " + r.kind().toolboxName() + " appears twice");
            }
        }
        if (seen.size() != RegionKind.values().length) {
            throw new CompilationException(file, META_SECTION, "the memory map lacks regions "
                    + EnumSet.complementOf(EnumSet.copyOf(seen)));
        }
        if (map.baseAddress() < 0 || map.endOffset() < map.regions().get(map.regions().size() - 1).end()
                || map.baseAddress() > Long.MAX_VALUE - map.endOffset()) {
            throw new CompilationException(file, META_SECTION, "base address " + map.baseAddress() + " and end offset "
                    + map.endOffset() + " are inconsistent with the regions");
        }
        for (MemorySymbol s : map.symbols()) {
            Region r = map.region(s.region());
            if (s.offset() < r.offset() || s.size() > r.end() - s.offset()) {
                throw new CompilationException(file, META_SECTION, "symbol '" + s.name() + "' lies outside its region "
                        + r.kind().toolboxName());
            }
        }
    }

    private static void validateSymbols(List<ElfSymbol> symbols, MemoryMap map, String file)
            throws CompilationException {
        Map<String, ElfSymbol> byName = new HashMap<>();
        for (ElfSymbol s : symbols) {
            byName.put(s.name(), s);
        }
        long base = map.baseAddress();
        for (Region r : map.regions()) {
            expect(byName, r.kind().toolboxName(), base + r.offset(), r.size(), r.kind().sectionName(), file);
        }
        expect(byName, END_SYMBOL, base + map.endOffset(), 0, "", file);
        for (MemorySymbol s : map.symbols()) {
            if (s.kind() == SymbolKind.REGION && s.name().equals(s.region().toolboxName())) {
                continue;
            }
            expect(byName, s.name(), base + s.offset(), s.size(), s.region().sectionName(), file);
        }
    }

    private static void expect(Map<String, ElfSymbol> byName, String name, long address, long size, String section,
            String file) throws CompilationException {
        ElfSymbol s = byName.get(name);
        ElfSymbol want = new ElfSymbol(name, address, size, section);
        if (!want.equals(s)) {
            throw new CompilationException(file, ".symtab", "symbol '" + name + "' is "
                    + (s == null ? "missing" : describe(s)) + ", but the memory map says " + describe(want));
        }
    }

    private static String describe(ElfSymbol s) {
        return String.format("0x%x (%d bytes) in '%s'", s.address(), s.size(), s.section());
    }
}
