package io.github.lstmhdl.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.ir.FloatTensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader against files written by NumPy 2.4 (committed as test resources, generated with
 * {@code np.save} and {@code numpy.lib.format.write_array}), the writer against NumPy's bytes, bit-exact
 * round trips, and every class of malformed file.
 */
class NpyTest {

    @TempDir
    Path dir;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = NpyTest.class.getResourceAsStream(name)) {
            assertTrue(in != null, "missing test resource " + name);
            return in.readAllBytes();
        }
    }

    /** name -> float bits, from expected.txt (written by NumPy beside the files). */
    private static Map<String, int[]> expected() throws IOException {
        Map<String, int[]> map = new HashMap<>();
        for (String line : new String(resource("expected.txt"), StandardCharsets.US_ASCII).split("\n")) {
            String[] parts = line.split(" : ");
            String[] bits = parts[1].trim().split(" ");
            map.put(parts[0].split(" ")[0], Arrays.stream(bits).mapToInt(b -> Integer.parseUnsignedInt(b, 16)).toArray());
        }
        return map;
    }

    private static int[] bits(float[] data) {
        int[] b = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            b[i] = Float.floatToRawIntBits(data[i]);
        }
        return b;
    }

    @Test
    void readsNumpyFilesOfEveryVersionAndType() throws Exception {
        Map<String, int[]> expected = expected();
        FloatTensor f4 = Npy.read(resource("f4_3x5.npy"), "f4_3x5.npy");
        assertArrayEquals(new int[] {3, 5}, f4.shape());
        assertArrayEquals(expected.get("f4_3x5"), bits(f4.toArray()));

        FloatTensor f8 = Npy.read(resource("f8_2x3x4.npy"), "f8_2x3x4.npy");
        assertArrayEquals(new int[] {2, 3, 4}, f8.shape());
        assertArrayEquals(expected.get("f8_2x3x4"), bits(f8.toArray()), "float64 rounds to nearest float32");

        for (String v : List.of("f4_v2_4x2.npy", "f4_v3_4x2.npy")) {
            FloatTensor a = Npy.read(resource(v), v);
            assertArrayEquals(new int[] {4, 2}, a.shape(), v);
            assertArrayEquals(expected.get("f4_v2_4x2"), bits(a.toArray()), v);
        }
        FloatTensor scalar = Npy.read(resource("f4_scalar.npy"), "s");
        assertArrayEquals(new int[0], scalar.shape());
        assertEquals(1, scalar.toArray().length);
        assertArrayEquals(new int[] {7}, Npy.read(resource("f4_vec7.npy"), "v").shape());
        FloatTensor empty = Npy.read(resource("f4_empty_0x4.npy"), "e");
        assertArrayEquals(new int[] {0, 4}, empty.shape());
        assertEquals(0, empty.toArray().length);
    }

    @Test
    void writesTheBytesThatNumpyWrites() throws Exception {
        for (String name : List.of("f4_3x5.npy", "f4_vec7.npy", "f4_scalar.npy", "f4_empty_0x4.npy")) {
            byte[] numpy = resource(name);
            FloatTensor a = Npy.read(numpy, name);
            assertArrayEquals(numpy, Npy.toBytes(a.shape(), a.toArray()), name);
        }
    }

    @Test
    void roundTripIsBitExactIncludingSpecialValues() throws Exception {
        Random random = new Random(42);
        for (int[] shape : List.of(new int[0], new int[] {1}, new int[] {17}, new int[] {3, 5},
                new int[] {2, 3, 4}, new int[] {2, 1, 3, 1, 2}, new int[] {0, 3}, new int[] {40000})) {
            int n = (int) Npy.elementCount(shape);
            float[] data = new float[n];
            for (int i = 0; i < n; i++) {
                data[i] = Float.intBitsToFloat(random.nextInt());
            }
            if (n > 3) {
                data[0] = -0.0f;
                data[1] = Float.MIN_VALUE;
                data[2] = Float.intBitsToFloat(0x7fc00001); // a NaN with payload
            }
            Path file = dir.resolve("a" + Arrays.toString(shape).replaceAll("\\W", "_") + ".npy");
            Npy.write(file, shape, data);
            assertArrayEquals(Npy.toBytes(shape, data), Files.readAllBytes(file));
            FloatTensor back = Npy.read(file);
            assertArrayEquals(shape, back.shape());
            assertArrayEquals(bits(data), bits(back.toArray()));
            NpyHeader header = Npy.readHeader(file);
            assertArrayEquals(shape, header.shape());
            assertEquals(0, header.dataOffset() % 64, "data is 64-byte aligned like NumPy's");
        }
    }

    @Test
    void writeReplacesTheTargetAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("w.npy");
        Npy.write(file, new int[] {2}, new float[] {1, 2});
        Npy.write(file, new int[] {3}, new float[] {3, 4, 5});
        assertArrayEquals(new float[] {3, 4, 5}, Npy.read(file).toArray());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
        assertThrows(IllegalArgumentException.class, () -> Npy.write(file, new int[] {2, 2}, new float[3]));
        assertArrayEquals(new float[] {3, 4, 5}, Npy.read(file).toArray(), "a rejected write leaves the file alone");
    }

    // ---- malformed files ----

    private static byte[] withHeader(int major, String dict, int dataBytes) {
        byte[] text = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer b = ByteBuffer.allocate(8 + lengthBytes + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) text.length);
        } else {
            b.putInt(text.length);
        }
        b.put(text);
        return b.array();
    }

    private static NpyFormatException rejects(byte[] bytes, String... fragments) {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(bytes, "bad.npy"));
        assertEquals("bad.npy", e.file());
        assertTrue(e.getMessage().startsWith("bad.npy: "), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + e.getMessage() + "' should contain '" + f + "'");
        }
        return e;
    }

    @Test
    void rejectsFilesThatAreNotNpy() {
        rejects(new byte[0], "magic");
        rejects("{\"json\": true}".getBytes(StandardCharsets.US_ASCII), "magic");
        rejects(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1}, "magic");
        rejects(withHeader(4, "{}", 0), "version 4.0");
    }

    @Test
    void rejectsTruncatedFiles() throws Exception {
        byte[] good = resource("f4_3x5.npy");
        rejects(Arrays.copyOf(good, good.length - 1), "truncated", "60 data bytes", "59");
        rejects(Arrays.copyOf(good, 11), "truncated", "header");
        rejects(Arrays.copyOf(good, 9), "magic");
        byte[] longer = Arrays.copyOf(good, good.length + 4);
        rejects(longer, "4 bytes follow");
    }

    @Test
    void rejectsLyingHeadersWithoutAllocating() throws Exception {
        // 2^31-ish elements and 2^62-ish elements in a tiny file: must fail on size, not with OutOfMemoryError
        rejects(withHeader(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }", 8),
                "more elements than one array can hold");
        rejects(withHeader(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2147483647, 2147483647, 2147483647), }", 8),
                "more elements");
        rejects(withHeader(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1000, 1000), }", 8),
                "truncated", "8000000 data bytes");
        rejects(withHeader(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999,), }", 0),
                "too large");
        rejects(withHeader(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-3,), }", 0),
                "non-negative");
        // a header length beyond the file and beyond the limit
        byte[] b = withHeader(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 4);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 0x7fffffff);
        rejects(b, "header declares 2147483647 bytes");
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 1000);
        rejects(b, "truncated", "header declares 1000 bytes");
    }

    @Test
    void rejectsUnsupportedContent() throws Exception {
        rejects(resource("f4_fortran.npy"), "Fortran");
        rejects(resource("i4_2.npy"), "'<i4'", "not supported");
        rejects(resource("f4_big_endian.npy"), "big-endian");
        rejects(withHeader(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", 4),
                "structured");
    }

    @Test
    void rejectsMalformedHeaderDictionaries() {
        for (String dict : List.of("", "{", "{'descr': '<f4'", "{'descr': '<f4', 'fortran_order': False}",
                "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (), }",
                "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}",
                "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}",
                "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} trailing",
                "{'descr: '<f4', 'fortran_order': False, 'shape': (1,)}",
                "{'descr': '<f4', 'fortran_order': False, 'shape': (1 2)}")) {
            NpyFormatException e = rejects(withHeader(1, dict, 4));
            assertEquals("header", e.location(), dict);
        }
    }

    @Test
    void missingFileIsATypedError() {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(dir.resolve("nope.npy")));
        assertTrue(e.getMessage().contains("nope.npy") && e.getMessage().contains("does not exist"), e.getMessage());
        assertThrows(NpyFormatException.class, () -> Npy.readHeader(dir));
    }

    @Test
    void headerOfAFileIsReadWithoutItsData() throws Exception {
        Path file = dir.resolve("h.npy");
        Npy.write(file, new int[] {4, 3}, new float[12]);
        NpyHeader h = Npy.readHeader(file);
        assertEquals(NpyDataType.FLOAT32, h.dataType());
        assertEquals(1, h.majorVersion());
        assertEquals(12, h.elementCount());
        assertEquals(48, h.dataBytes());
        assertFalse(h.toString().isEmpty());
    }

    @Test
    void readSplitGivesConsecutiveSlicesStraightFromTheFile() throws Exception {
        Random random = new Random(17);
        // more than one read chunk per slice, and an odd slice length
        float[] data = new float[2 * 3 * 7001];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat() * 2 - 1;
        }
        Path file = dir.resolve("stacked.npy");
        Npy.write(file, new int[] {2, 3, 7001}, data);
        for (int parts : new int[] {1, 2, 3, 6}) {
            float[][] split = Npy.readSplit(file, parts);
            assertEquals(parts, split.length);
            int n = data.length / parts;
            for (int k = 0; k < parts; k++) {
                assertArrayEquals(Arrays.copyOfRange(data, k * n, (k + 1) * n), split[k], parts + " parts, part " + k);
            }
        }
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.readSplit(file, 4));
        assertTrue(e.getMessage().contains("cannot be split into 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Npy.readSplit(file, 0));
    }

    @Test
    void readSplitConvertsFloat64Files() throws Exception {
        // a float64 file of [2, 3]: header from the writer's format, data as doubles
        double[] values = {0.1, -2.5, 3.25, 1e-3, 7.0, -0.75};
        Path file = dir.resolve("f8.npy");
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";
        int pad = 64 - (10 + dict.length() + 1) % 64;
        byte[] text = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + text.length + 8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) text.length).put(text);
        for (double v : values) {
            b.putDouble(v);
        }
        Files.write(file, b.array());
        float[][] split = Npy.readSplit(file, 2);
        assertArrayEquals(new float[] {0.1f, -2.5f, 3.25f}, split[0]);
        assertArrayEquals(new float[] {1e-3f, 7.0f, -0.75f}, split[1]);
        assertArrayEquals(Npy.read(file).toArray(), concat(split[0], split[1]));
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
