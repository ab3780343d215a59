package io.github.lstmhdl.image;

import static org.junit.jupiter.api.Assertions.*;

import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.image.writer.ElfImageWriter;
import io.github.lstmhdl.memory.MemorySymbol;
import io.github.lstmhdl.memory.Region;
import io.github.lstmhdl.memory.RegionKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfImageRoundTripTest {

    static byte[] image(CompiledNetwork n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ElfImageWriter.write(n, out);
        return out.toByteArray();
    }

    static byte[] bytes(RegionContent c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.writeTo(out);
        return out.toByteArray();
    }

    @Test
    void writeThenReadGivesEqualMetadataAndRegionBytes() throws Exception {
        CompiledNetwork n = TestImages.small();
        byte[] img = image(n);
        LoadedImage loaded = ImageReader.read(img, "lstm_model.elf");
        assertEquals(n.metadata(), loaded.metadata());
        for (RegionKind k : RegionKind.values()) {
            if (k.initialized()) {
                assertArrayEquals(bytes(n.contents().get(k)), loaded.content(k), k.toString());
            } else {
                assertEquals(0, loaded.content(k).length, k.toString());
            }
        }
        assertEquals(1, img[4], "ELFCLASS32 for addresses below 4 GiB");
    }

    @Test
    void imagesAboveFourGibAreElf64AndRoundTrip() throws Exception {
        CompiledNetwork n = TestImages.network(1L << 32, 3, 4, 7);
        byte[] img = image(n);
        assertEquals(2, img[4], "ELFCLASS64 when an address needs more than 32 bits");
        LoadedImage loaded = ImageReader.read(img, "high.elf");
        assertEquals(n.metadata(), loaded.metadata());
        assertArrayEquals(bytes(n.contents().get(RegionKind.FC_WEIGHT_DATA)), loaded.content(RegionKind.FC_WEIGHT_DATA));
        List<ElfSymbol> syms = ImageReader.symbols(img, "high.elf");
        assertEquals((1L << 32) + n.memoryMap().symbol("lstm_1.wo.bias").orElseThrow().offset(),
                syms.stream().filter(s -> s.name().equals("lstm_1.wo.bias")).findFirst().orElseThrow().address());
    }

    @Test
    void twoWritesAreByteIdenticalAndAsContentMatchesWrite() throws Exception {
        byte[] a = image(TestImages.small());
        byte[] b = image(TestImages.small());
        assertArrayEquals(a, b);
        RegionContent content = ElfImageWriter.asContent(TestImages.small());
        assertEquals(a.length, content.size());
        assertArrayEquals(a, bytes(content));
        assertArrayEquals(a, bytes(content), "writeTo may be called again and gives the same bytes");
        // different weights give a different image
        assertFalse(java.util.Arrays.equals(a, image(TestImages.network(0x8000_0000L, 5, 7, 43))));
    }

    @Test
    void imageHoldsNoTimestampOrPathAndMetadataIsCanonicalJson() throws Exception {
        CompiledNetwork n = TestImages.small();
        byte[] json = ImageMetadataJson.toJson(n.metadata());
        String text = new String(json, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("}\n"));
        assertFalse(text.contains("\r"));
        // keys sorted: compilerVersion before contentSha256 before dataType ...
        assertTrue(text.indexOf("\"compilerVersion\"") < text.indexOf("\"contentSha256\""));
        assertTrue(text.indexOf("\"contentSha256\"") < text.indexOf("\"dataType\""));
        assertTrue(text.indexOf("\"addBlock\"") < text.lastIndexOf("\"alignment\"")
                && text.lastIndexOf("\"alignment\"") < text.indexOf("\"baseAddress\"", text.indexOf("\"addBlock\"")), "processor map sorted");
        assertEquals(n.metadata(), ImageMetadataJson.fromJson(json, "x"));
        String img = new String(image(n), StandardCharsets.ISO_8859_1);
        assertFalse(img.contains(System.getProperty("user.dir")));
        assertTrue(img.contains(text), "the metadata section holds the canonical JSON verbatim");
    }

    @Test
    void writesSectionsSymbolsAndSegmentsAtTheirAddresses() throws Exception {
        CompiledNetwork n = TestImages.small();
        byte[] img = image(n);
        ElfFile elf = ElfFile.parse(img, "x");
        long base = n.memoryMap().baseAddress();
        assertEquals(base + n.memoryMap().region(RegionKind.INSTRUCTION_DATA).offset(), elf.entry);
        assertEquals(3, elf.segments.size());
        for (Region r : n.memoryMap().regions()) {
            ElfFile.Section s = elf.section(r.kind().sectionName()).orElseThrow();
            assertEquals(base + r.offset(), s.addr());
            assertEquals(r.kind().initialized() ? ElfFormat.SHT_PROGBITS : ElfFormat.SHT_NOBITS, s.type());
        }
        Map<String, ElfSymbol> syms = ImageReader.symbols(img, "x").stream()
                .collect(Collectors.toMap(ElfSymbol::name, s -> s));
        for (MemorySymbol s : n.memoryMap().symbols()) {
            ElfSymbol e = syms.get(s.name());
            assertEquals(new ElfSymbol(s.name(), base + s.offset(), s.size(), s.region().sectionName()), e);
        }
        for (Region r : n.memoryMap().regions()) {
            assertEquals(base + r.offset(), syms.get(r.kind().toolboxName()).address());
            assertEquals(r.size(), syms.get(r.kind().toolboxName()).size());
        }
        assertEquals(base + n.memoryMap().endOffset(), syms.get("EndOffset").address());
    }

    @Test
    void writerRefusesAWrongChecksumAndInconsistentContent() throws Exception {
        CompiledNetwork n = TestImages.small();
        ImageMetadata m = n.metadata();
        ImageMetadata wrong = new ImageMetadata(m.formatVersion(), m.compilerVersion(), m.networkName(), m.dataType(),
                m.frameLimit(), m.input(), m.output(), m.hostLayer(), m.processor(), m.memoryMap(), "0".repeat(64));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ElfImageWriter.write(TestImages.withMetadata(n, wrong), OutputStream.nullOutputStream()));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        ImageMetadata notHex = new ImageMetadata(m.formatVersion(), m.compilerVersion(), m.networkName(), m.dataType(),
                m.frameLimit(), m.input(), m.output(), m.hostLayer(), m.processor(), m.memoryMap(), "abc");
        assertThrows(IllegalArgumentException.class, () -> ElfImageWriter.asContent(TestImages.withMetadata(n, notHex)));

        CompiledNetwork lying = new CompiledNetwork(n.sourceFile(), n.config(), n.memoryMap(), n.program(),
                Map.of(RegionKind.SCHEDULER_DATA, n.contents().get(RegionKind.SCHEDULER_DATA),
                        RegionKind.INSTRUCTION_DATA, n.contents().get(RegionKind.INSTRUCTION_DATA),
                        RegionKind.FC_WEIGHT_DATA, new RegionContent() {
                            @Override
                            public long size() {
                                return 100;
                            }

                            @Override
                            public void writeTo(OutputStream out) throws IOException {
                                out.write(new byte[99]);
                            }
                        }), n.metadata(), n.log());
        assertThrows(IllegalStateException.class, () -> ElfImageWriter.write(lying, OutputStream.nullOutputStream()));
    }

    @Test
    void readsFromAPathAndNamesItInErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("net.elf");
        Files.write(file, image(TestImages.small()));
        assertEquals(TestImages.small().metadata(), ImageReader.read(file).metadata());
        CompilationException e = assertThrows(CompilationException.class,
                () -> ImageReader.read(dir.resolve("missing.elf"), "missing.elf"));
        assertEquals("missing.elf", e.file());
    }
}
