package io.github.lstmhdl.image;

import static org.junit.jupiter.api.Assertions.*;

import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.memory.MemorySymbol;
import io.github.lstmhdl.memory.RegionKind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Corrupt images give a {@link CompilationException} that says what is wrong, and never another
 * exception type (no index, memory or parse errors escape the reader).
 */
class ImageCorruptionTest {
    private static final String NAME = "lstm_model.elf";

    private static byte[] good() throws Exception {
        return ElfImageRoundTripTest.image(TestImages.small());
    }

    /** Reads and expects a CompilationException naming the image; any other exception fails the test. */
    private static CompilationException fails(byte[] bytes) {
        try {
            ImageReader.read(bytes, NAME);
        } catch (CompilationException e) {
            assertEquals(NAME, e.file());
            assertFalse(e.reason().isBlank());
            return e;
        } catch (Throwable t) {
            fail("expected a CompilationException, got " + t, t);
        }
        return fail("a corrupt image was accepted");
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void badMagicIsNamed() throws Exception {
        byte[] b = good();
        b[1] = 'X';
        assertTrue(fails(b).reason().contains("bad magic"), fails(b).getMessage());
        assertTrue(fails(new byte[] {'P', 'K', 3, 4, 0, 0}).reason().contains("bad magic"));
        assertTrue(fails(new byte[0]).reason().contains("empty"));
        assertTrue(fails(new byte[] {0x7f, 'E'}).reason().contains("bad magic"));
    }

    @Test
    void wrongClassEndiannessAndMachineAreNamed() throws Exception {
        byte[] b = good();
        b[4] = 3;
        assertTrue(fails(b).reason().contains("ELF class"));
        b = good();
        b[5] = 2;
        assertTrue(fails(b).reason().contains("little-endian"));
        b = good();
        le(b).putShort(18, (short) 62);
        assertTrue(fails(b).reason().contains("EM_NONE"), fails(b).getMessage());
    }

    @Test
    void truncationAtEveryKindOfOffsetSaysTruncated() throws Exception {
        byte[] b = good();
        Random r = new Random(5);
        int checked = 0;
        for (int len = 0; len < b.length; len += 1 + r.nextInt(97)) {
            CompilationException e = fails(Arrays.copyOf(b, len));
            if (len >= 16) {
                assertTrue(e.reason().contains("truncated at offset " + len), len + ": " + e.getMessage());
            }
            checked++;
        }
        fails(Arrays.copyOf(b, b.length - 1));
        assertTrue(checked > 50);
    }

    @Test
    void aFlippedWeightByteIsAChecksumMismatch() throws Exception {
        CompiledNetwork n = TestImages.small();
        byte[] b = good();
        MemorySymbol w = n.memoryMap().symbol("lstm_1.wg.weights").orElseThrow();
        ElfFile.Section s = ElfFile.parse(b, NAME).section(RegionKind.FC_WEIGHT_DATA.sectionName()).orElseThrow();
        int at = (int) (s.offset() + w.offset() - n.memoryMap().region(RegionKind.FC_WEIGHT_DATA).offset() + 5);
        b[at] ^= 0x10;
        CompilationException e = fails(b);
        assertTrue(e.reason().startsWith("content checksum mismatch: expected " + n.metadata().contentSha256()
                + ", actual "), e.getMessage());
    }

    @Test
    void lyingSectionSizesAndOffsetsAreCaught() throws Exception {
        byte[] good = good();
        ElfFile elf = ElfFile.parse(good, NAME);
        int shoff = le(good).getInt(32);
        for (ElfFile.Section s : elf.sections) {
            if (s.index() == 0) {
                continue;
            }
            int hdr = shoff + s.index() * 40;
            boolean nobits = s.type() == ElfFormat.SHT_NOBITS;
            for (int value : new int[] {0x7FFF_FFFF, -1, good.length}) {
                byte[] b = good.clone();
                le(b).putInt(hdr + 20, value); // sh_size beyond the end of the file
                CompilationException e = fails(b);
                if (!nobits) {
                    assertTrue(e.reason().contains("truncated"), s.name() + ": " + e.getMessage());
                }
            }
            for (int value : new int[] {(int) s.size() + 1, (int) s.size() - 1, 0}) {
                byte[] b = good.clone();
                le(b).putInt(hdr + 20, value); // a size inside the file, but wrong
                boolean harmless = s.type() == ElfFormat.SHT_STRTAB && value > s.size();
                if (!harmless) {
                    try {
                        ImageReader.read(b, NAME);
                        fail(s.name() + " with size " + value + " instead of " + s.size() + " was accepted");
                    } catch (CompilationException expected) {
                        // rejected
                    }
                }
            }
            if (!nobits) {
                byte[] b = good.clone();
                le(b).putInt(hdr + 16, -16); // sh_offset near 4 GiB
                assertTrue(fails(b).reason().contains("truncated"), s.name());
            }
        }
        byte[] b = good.clone();
        le(b).putShort(48, (short) 0x7fff); // e_shnum
        assertTrue(fails(b).reason().contains("truncated"));
        b = good.clone();
        le(b).putInt(32, 0x7fff_fff0); // e_shoff
        assertTrue(fails(b).reason().contains("truncated"));
        b = good.clone();
        le(b).putInt(28, -100); // e_phoff
        assertTrue(fails(b).reason().contains("truncated"));
    }

    @Test
    void randomByteFlipsAnywhereNeverEscapeAsAnotherException() throws Exception {
        byte[] good = good();
        Random r = new Random(11);
        for (int i = 0; i < 3000; i++) {
            byte[] b = good.clone();
            int flips = 1 + r.nextInt(4);
            for (int f = 0; f < flips; f++) {
                int at = r.nextInt(Math.min(b.length, r.nextBoolean() ? 600 : b.length));
                b[at] = (byte) r.nextInt(256);
            }
            try {
                ImageReader.read(b, NAME);
            } catch (CompilationException expected) {
                assertEquals(NAME, expected.file());
            } catch (Throwable t) {
                fail("flip " + i + " escaped as " + t, t);
            }
        }
    }

    @Test
    void corruptMetadataJsonIsNamed() throws Exception {
        byte[] b = good();
        ElfFile.Section meta = ElfFile.parse(b, NAME).section(".lstm.meta").orElseThrow();
        byte[] copy = b.clone();
        copy[(int) meta.offset()] = '[';
        CompilationException e = fails(copy);
        assertEquals(".lstm.meta", e.location());
        assertTrue(e.reason().contains("invalid metadata JSON"), e.getMessage());
        // a field changed to a valid but different value: the map no longer matches the sections
        String text = new String(b, (int) meta.offset(), (int) meta.size(), java.nio.charset.StandardCharsets.US_ASCII);
        int at = text.indexOf("\"formatVersion\" : 1");
        assertTrue(at >= 0, text);
        copy = b.clone();
        copy[(int) meta.offset() + at + "\"formatVersion\" : ".length()] = '7';
        assertTrue(fails(copy).reason().contains("format version 7"));
    }

    /**
     * A metadata value of the wrong type or one the format rejects: the message names the image, the key
     * in plain words and the reason, and shows none of the JSON reader's class names or paths.
     */
    @Test
    void aCorruptMetadataValueNamesTheKeyInPlainWords() throws Exception {
        byte[] b = good();
        String text = metadata(b);
        int sizes = text.indexOf("\"size\" : ", text.indexOf("\"regions\""));
        assertTrue(sizes >= 0, text);
        int value = sizes + "\"size\" : ".length();
        String digits = text.substring(value, text.indexOf('\n', value)).replace(",", "");
        assertTrue(digits.matches("[0-9]{3,}"), digits);

        CompilationException e = fails(editMetadata(b, value, "\"x" + "1".repeat(digits.length() - 3) + "\""));
        assertEquals("invalid metadata JSON: key memoryMap.regions[0].size: \"x" + "1".repeat(digits.length() - 3)
                + "\" is not a whole number", e.reason());
        assertPlain(e);

        e = fails(editMetadata(b, value, "-" + "1".repeat(digits.length() - 1)));
        assertTrue(e.reason().startsWith("invalid metadata JSON: key memoryMap.regions[0]: an invalid value: "),
                e.getMessage());
        assertPlain(e);
        assertTrue(e.getMessage().startsWith(NAME + ": .lstm.meta: "), e.getMessage());
    }

    /**
     * A key the format does not define is refused among the processor fields; a misspelt top-level key
     * is reported as the key it replaces, missing.
     */
    @Test
    void anUnknownMetadataKeyIsRefused() throws Exception {
        byte[] b = good();
        String text = metadata(b);
        CompilationException e = fails(editMetadata(b, text.indexOf("\"sigmoidBlock\""), "\"sigmoidBloci\""));
        assertTrue(e.reason().startsWith("invalid metadata JSON: key processor.sigmoidBloci: not a processor field"
                + " (the fields are preset, dataType, "), e.getMessage());
        e = fails(editMetadata(b, text.indexOf("\"hostLayer\""), "\"hostLayex\""));
        assertEquals("invalid metadata JSON: key hostLayer: missing", e.reason());
        assertPlain(e);
        // an added key inside the memory map
        String added = text.replaceFirst("\"memoryMap\" : \\{", "\"memoryMap\" : { \"regionz\" : [ ],");
        e = assertThrows(CompilationException.class, () -> ImageMetadataJson.fromJson(
                added.getBytes(java.nio.charset.StandardCharsets.US_ASCII), NAME));
        assertEquals("invalid metadata JSON: key memoryMap.regionz: not a key of the image format", e.reason());
        assertPlain(e);
    }

    private static String metadata(byte[] image) throws Exception {
        ElfFile.Section meta = ElfFile.parse(image, NAME).section(".lstm.meta").orElseThrow();
        return new String(image, (int) meta.offset(), (int) meta.size(), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The image with {@code replacement} written over the metadata's bytes from {@code at}, keeping its size. */
    private static byte[] editMetadata(byte[] image, int at, String replacement) throws Exception {
        assertTrue(at >= 0);
        ElfFile.Section meta = ElfFile.parse(image, NAME).section(".lstm.meta").orElseThrow();
        byte[] copy = image.clone();
        byte[] bytes = replacement.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, copy, (int) meta.offset() + at, bytes.length);
        return copy;
    }

    private static void assertPlain(CompilationException e) {
        for (String internal : new String[] {"io.github", "java.", "->", "[\"", "Cannot deserialize", "`"}) {
            assertFalse(e.getMessage().contains(internal), internal + " in: " + e.getMessage());
        }
    }
}
