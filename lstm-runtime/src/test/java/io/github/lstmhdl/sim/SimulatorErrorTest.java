package io.github.lstmhdl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.image.LoadedImage;
import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.InstructionCodec;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.isa.Operand;
import io.github.lstmhdl.memory.RegionKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every failure is a SimulationException that names the instruction (index, opcode) and the address. */
class SimulatorErrorTest {
    private static final Instruction NOP = new Instruction(Opcode.NOP, 0, ActivationCode.NONE, 0, 0, Operand.NONE,
            Operand.NONE, Operand.NONE, Operand.NONE, 0, 0);

    private final TestImage im = new TestImage(2, 2, 4, true, 4, new float[] {1, 2, 3, 4});

    private static Instruction copy(Operand dst, Operand a, int n) {
        return Instruction.elementwise(Opcode.COPY, dst, a, Operand.NONE, n, 0);
    }

    private SimulationException runFails(List<Instruction> p, int steps) throws SimulationException {
        Simulator sim = im.load(p);
        return assertThrows(SimulationException.class, () -> sim.predict(new float[steps * 2], steps));
    }

    @Test
    void outOfRangeAddress() throws Exception {
        long address = im.endOffset - 4;
        SimulationException e = runFails(List.of(NOP, NOP,
                copy(Operand.at(im.out(0)), Operand.at(address), 2), Instruction.halt()), 1);
        assertEquals(2, e.instructionIndex());
        assertTrue(e.getMessage().startsWith("instruction 2 (COPY): operand a address 0x"), e.getMessage());
        assertTrue(e.getMessage().contains(String.format("0x%08x", address)), e.getMessage());
        assertTrue(e.getMessage().contains("outside the simulated memory"), e.getMessage());
    }

    @Test
    void addressBeyondEndOffsetOfALargeMemoryIsOutOfRange() throws Exception {
        im.memorySize = 1L << 32;
        SimulationException e = runFails(List.of(copy(Operand.at(0x8000_0000L), Operand.at(im.in(0, 0)), 1),
                Instruction.halt()), 1);
        assertEquals(0, e.instructionIndex());
        assertTrue(e.getMessage().contains("operand dst address 0x80000000"), e.getMessage());
    }

    /** docs/isa.md §1: [0, EndOffset) is accessible, EndOffset itself is not, whatever memorySize says. */
    @Test
    void lastWordBelowEndOffsetIsAccessibleAndEndOffsetIsNot() throws Exception {
        im.memorySize = im.endOffset + 65536;
        Simulator ok = im.load(List.of(copy(Operand.at(im.out(0)), Operand.at(im.endOffset - 4), 1), Instruction.halt()));
        ok.predict(new float[2], 1);
        SimulationException e = runFails(List.of(copy(Operand.at(im.out(0)), Operand.at(im.endOffset), 1),
                Instruction.halt()), 1);
        assertTrue(e.getMessage().contains("(EndOffset)"), e.getMessage());
        // offset + stride × t is exact: a negative address is out of range, not wrapped to the top of 4 GiB
        SimulationException negative = runFails(List.of(Instruction.loop(1, false),
                copy(Operand.at(im.out(0)), new Operand(0, -4), 1), Instruction.halt()), 2);
        assertEquals(1, negative.instructionIndex());
        assertTrue(negative.getMessage().contains("(t=1)"), negative.getMessage());
    }

    @Test
    void timeStridedAddressLeavesMemoryAtALaterStep() throws Exception {
        SimulationException e = runFails(List.of(Instruction.loop(1, false),
                copy(Operand.at(im.out(0)), new Operand(im.in(0, 0), 0x10000), 2), Instruction.halt()), 3);
        assertEquals(1, e.instructionIndex());
        assertTrue(e.getMessage().contains("(t=1)"), e.getMessage());
    }

    @Test
    void misalignedAddress() throws Exception {
        SimulationException e = runFails(List.of(NOP,
                Instruction.elementwise(Opcode.ADD, Operand.at(im.out(0)), Operand.at(im.in(0, 0)),
                        Operand.at(im.in(0, 0) + 2), 1, 0),
                Instruction.halt()), 1);
        assertEquals(1, e.instructionIndex());
        assertTrue(e.getMessage().contains("instruction 1 (ADD): operand b address 0x" + String.format("%08x",
                im.in(0, 0) + 2) + " (t=0) is not 4-byte aligned"), e.getMessage());
    }

    @Test
    void unknownOpcodeFailsAtLoadNamingItsIndex() {
        byte[] code = InstructionCodec.encode(List.of(NOP, NOP, NOP, Instruction.halt()), 1);
        code[InstructionCodec.HEADER_BYTES + 2 * Instruction.BYTES] = 0x7F;
        SimulationException e = assertThrows(SimulationException.class, () -> Simulator.load(im.image(code)));
        assertEquals(2, e.instructionIndex());
        assertTrue(e.getMessage().contains("instruction 2") && e.getMessage().contains("unknown opcode 0x7f"),
                e.getMessage());
    }

    @Test
    void badProgramHeader() {
        byte[] code = InstructionCodec.encode(List.of(Instruction.halt()), 1);
        code[0] = 0;
        SimulationException e = assertThrows(SimulationException.class, () -> Simulator.load(im.image(code)));
        assertEquals(-1, e.instructionIndex());
        assertTrue(e.getMessage().contains("LSTI header"), e.getMessage());
    }

    /** docs/isa.md §2: the simulator executes data type 1 (single) only, as the metadata's dataType says. */
    @Test
    void programHeaderDataTypeOtherThanSingle() {
        byte[] code = InstructionCodec.encode(List.of(Instruction.halt()), 2);
        SimulationException e = assertThrows(SimulationException.class, () -> Simulator.load(im.image(code)));
        assertTrue(e.getMessage().contains("data type is 2, not 1 (single)"), e.getMessage());
    }

    /** The metadata's dataType names a data type the simulator has (any case), else the image is refused. */
    @Test
    void metadataDataTypeOtherThanSingle() throws Exception {
        for (String other : new String[] {"int16", " single", ""}) {
            im.dataType = other;
            SimulationException e = assertThrows(SimulationException.class, () -> im.load(List.of(Instruction.halt())));
            assertTrue(e.getMessage().contains("data type '" + other
                    + "' is not supported by the simulator (only single, int8)"), e.getMessage());
        }
        im.dataType = "SINGLE";
        assertEquals(0, im.load(List.of(Instruction.halt())).predict(new float[2], 1)[0]);
    }

    /**
     * docs/isa.md §2: the count is checked against the program bytes the image stores (the region's content,
     * p_filesz), not the region's size, although the region has room for more words (its zero fill).
     */
    @Test
    void countLargerThanTheStoredProgramFailsEvenWhenTheRegionIsLarger() {
        byte[] code = InstructionCodec.encode(List.of(NOP, Instruction.halt()), 1);
        java.nio.ByteBuffer.wrap(code).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(8, 3);
        assertTrue(im.memoryMap().region(io.github.lstmhdl.memory.RegionKind.INSTRUCTION_DATA).size()
                >= InstructionCodec.programBytes(3));
        SimulationException e = assertThrows(SimulationException.class, () -> Simulator.load(im.image(code)));
        assertTrue(e.getMessage().contains("announces 3 instructions but the stored program holds only 2 (64 + 64 × 2 bytes)"), e.getMessage());
    }

    @Test
    void missingHalt() throws Exception {
        SimulationException e = runFails(List.of(NOP, copy(Operand.at(im.out(0)), Operand.at(im.in(0, 0)), 2)), 1);
        assertEquals(1, e.instructionIndex());
        assertTrue(e.getMessage().contains("without HALT"), e.getMessage());
    }

    @Test
    void loopBodyPastTheEndAndNestedLoopsFailAtLoad() {
        SimulationException past = assertThrows(SimulationException.class,
                () -> im.load(List.of(NOP, Instruction.loop(3, false), NOP, Instruction.halt())));
        assertEquals(1, past.instructionIndex());
        assertTrue(past.getMessage().contains("runs past the end"), past.getMessage());
        SimulationException nested = assertThrows(SimulationException.class, () -> im.load(List.of(
                Instruction.loop(3, false), NOP, Instruction.loop(1, true), NOP, Instruction.halt())));
        assertEquals(2, nested.instructionIndex());
        assertTrue(nested.getMessage().contains("instruction 2 (LOOP)"), nested.getMessage());
    }

    @Test
    void lstmGatesWithoutGateRows() throws Exception {
        SimulationException e = runFails(List.of(Instruction.fc(Operand.at(im.sys(0)), Operand.at(im.w(0)),
                Operand.at(im.in(0, 0)), Operand.at(im.w(0)), 2, 2, ActivationCode.LSTM_GATES, 0, 0, 0),
                Instruction.halt()), 1);
        assertEquals(0, e.instructionIndex());
        assertTrue(e.getMessage().contains("LSTM_GATES"), e.getMessage());
    }

    @Test
    void sequenceLengthOutsideOneToTheFrameLimit() throws Exception {
        Simulator sim = im.load(List.of(Instruction.halt()));
        SimulationException tooLong = assertThrows(SimulationException.class, () -> sim.predict(new float[10], 5));
        assertTrue(tooLong.getMessage().contains("sequence length 5") && tooLong.getMessage().contains("4"),
                tooLong.getMessage());
        assertThrows(SimulationException.class, () -> sim.predict(new float[0], 0));
        SimulationException length = assertThrows(SimulationException.class, () -> sim.predict(new float[3], 2));
        assertTrue(length.getMessage().contains("3 values"), length.getMessage());
    }

    @Test
    void invalidMemoryMapsAndContents() {
        im.memorySize = im.endOffset - 256;
        SimulationException small = assertThrows(SimulationException.class, () -> im.load(List.of(Instruction.halt())));
        assertTrue(small.getMessage().contains("exceeds the memory size"), small.getMessage());
        im.memorySize = im.endOffset;

        LoadedImage good = im.image(List.of(Instruction.halt()));
        Map<RegionKind, byte[]> contents = new EnumMap<>(good.contents());
        contents.put(RegionKind.FC_WEIGHT_DATA, new byte[(int) (im.endOffset - im.weightData) + 4]);
        SimulationException big = assertThrows(SimulationException.class,
                () -> Simulator.load(new LoadedImage(good.metadata(), contents)));
        assertTrue(big.getMessage().contains("FCWeightDataOffset"), big.getMessage());

        contents.remove(RegionKind.FC_WEIGHT_DATA);
        contents.remove(RegionKind.INSTRUCTION_DATA);
        SimulationException none = assertThrows(SimulationException.class,
                () -> Simulator.load(new LoadedImage(good.metadata(), contents)));
        assertTrue(none.getMessage().contains("no program"), none.getMessage());
    }

    @Test
    void unknownHostLayer() {
        im.hostLayer = "sparsemax";
        SimulationException e = assertThrows(SimulationException.class, () -> im.load(List.of(Instruction.halt())));
        assertTrue(e.getMessage().contains("sparsemax"), e.getMessage());
    }
}
