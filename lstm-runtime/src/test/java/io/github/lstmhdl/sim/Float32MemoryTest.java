package io.github.lstmhdl.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.DataType;
import org.junit.jupiter.api.Test;

/** The float32 memory: image bytes in, u32 fields and host values in and out, the limits. */
class Float32MemoryTest {

    @Test
    void theDataTypeChoosesTheMemoryOfItsElementSize() throws Exception {
        for (DataType type : DataType.values()) {
            SimulatedMemory memory = SimulatedMemory.allocate(type, 64);
            assertEquals(type.bytes(), memory.elementBytes(), type.id());
            assertEquals(64, memory.limitBytes(), type.id());
        }
    }

    @Test
    void loadsLittleEndianWordsAndZeroPadsAPartialLastWord() throws Exception {
        SimulatedMemory memory = SimulatedMemory.allocate(DataType.SINGLE, 32);
        memory.load(8, new byte[] {0x00, 0x00, (byte) 0x80, 0x3F, 0x01, 0x02, 0x03});
        float[] values = new float[2];
        memory.read(8, values);
        assertEquals(1f, values[0]);
        assertEquals(0x00030201, memory.readWord(12));
        assertEquals(0, memory.readWord(4)); // before the load: untouched zeros
    }

    @Test
    void hostValuesAndWordsRoundTripAtTheirByteOffsets() throws Exception {
        SimulatedMemory memory = SimulatedMemory.allocate(DataType.SINGLE, 40);
        memory.write(4, new float[] {-0f, 3.5f, Float.MIN_VALUE});
        memory.writeWord(20, 0xFFFF_FFFF);
        float[] back = new float[3];
        memory.read(4, back);
        assertArrayEquals(new float[] {-0f, 3.5f, Float.MIN_VALUE}, back);
        assertEquals(Float.floatToRawIntBits(3.5f), memory.readWord(8));
        assertEquals(0xFFFF_FFFF, memory.readWord(20));
        float[] shifted = new float[2];
        memory.read(0, shifted);
        assertEquals(0, Float.floatToRawIntBits(shifted[0]));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(shifted[1]));
    }

    @Test
    void roundsDownToWholeWordsAndRefusesWhatItCannotAddress() throws Exception {
        assertEquals(8, SimulatedMemory.allocate(DataType.SINGLE, 11).limitBytes());
        SimulationException e = assertThrows(SimulationException.class,
                () -> SimulatedMemory.allocate(DataType.SINGLE, 1L << 34));
        assertTrue(e.getMessage().contains("exceeds what the simulator can hold"), e.getMessage());
    }
}
