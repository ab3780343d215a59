package io.github.lstmhdl.alloc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.DataType;
import io.github.lstmhdl.lower.WeightBlock;
import io.github.lstmhdl.memory.SymbolKind;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The element encoders: exact bytes, partial fills of the buffer, and the zero contract. */
class ElementEncoderTest {

    @Test
    void everyDataTypeHasAnEncoderWhoseSizeIsTheTypes() {
        for (DataType type : DataType.values()) {
            assertEquals(type.bytes(), ElementEncoder.of(type).elementBytes(), type.id());
        }
    }

    @Test
    void float32IsTheLittleEndianIeeeBitsOfEachValue() {
        ElementEncoder encoder = ElementEncoder.of(DataType.SINGLE);
        float[] values = {9f, 1f, -2.5f, Float.MIN_VALUE, Float.NaN, 9f};
        ByteBuffer out = ByteBuffer.allocate(4 * 4 + 2); // big-endian on purpose: the encoder fixes the order
        out.put((byte) 0x77).put((byte) 0x66);
        int n = encoder.encode(values, 1, 4, out);
        assertEquals(4, n);
        assertEquals(18, out.position());
        assertArrayEquals(new byte[] {0x77, 0x66,
                0x00, 0x00, (byte) 0x80, 0x3F, // 1.0f = 0x3F800000
                0x00, 0x00, 0x20, (byte) 0xC0, // -2.5f = 0xC0200000
                0x01, 0x00, 0x00, 0x00, // the smallest subnormal
                0x00, 0x00, (byte) 0xC0, 0x7F}, // the canonical NaN
                out.array());
    }

    /** int8: the quantizer's integers narrowed to one byte each; anything not an int8 integer is refused. */
    @Test
    void int8IsOneTwosComplementBytePerQuantizedValue() {
        ElementEncoder encoder = ElementEncoder.of(DataType.INT8);
        ByteBuffer out = ByteBuffer.allocate(5);
        assertEquals(4, encoder.encode(new float[] {9f, -128f, 127f, -1f, 0f, 3f}, 1, 4, out));
        assertArrayEquals(new byte[] {-128, 127, -1, 0, 0}, out.array());
        assertEquals(1, out.remaining());
        for (float bad : new float[] {128f, -129f, 0.5f, Float.NaN, Float.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> encoder.encode(new float[] {bad}, 0, 1, ByteBuffer.allocate(1)));
            assertTrue(e.getMessage().contains("is not a quantized int8"), e.getMessage());
        }
    }

    @Test
    void encodesOnlyTheWholeElementsThatFit() {
        ElementEncoder encoder = ElementEncoder.of(DataType.SINGLE);
        ByteBuffer out = ByteBuffer.allocate(11);
        assertEquals(2, encoder.encode(new float[] {1f, 2f, 3f}, 0, 3, out));
        assertEquals(8, out.position());
        assertEquals(0, encoder.encode(new float[] {4f}, 0, 1, out));
        assertEquals(8, out.position());
    }

    @Test
    void zeroEncodesAsZeroBytes() {
        for (DataType type : DataType.values()) {
            ByteBuffer out = ByteBuffer.allocate(3 * type.bytes());
            Arrays.fill(out.array(), (byte) 1);
            ElementEncoder.of(type).encode(new float[3], 0, 3, out);
            for (byte b : out.array()) {
                assertEquals(0, b, type.id());
            }
        }
    }

    @Test
    void aLayoutForAnotherElementSizeIsRejected() {
        WeightBlock block = new WeightBlock("u", SymbolKind.WEIGHTS, 3, sink -> sink.zeros(3));
        WeightLayout twoByte = WeightLayout.of(List.of(block), 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WeightRegionContent(twoByte, DataType.SINGLE));
        assertTrue(e.getMessage().contains("u: 6 bytes for 3 elements of single"), e.getMessage());
    }
}
