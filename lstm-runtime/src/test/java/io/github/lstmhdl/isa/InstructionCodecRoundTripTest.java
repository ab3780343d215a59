package io.github.lstmhdl.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InstructionCodecRoundTripTest {

    private static Operand operand(Random r) {
        return new Operand(Integer.toUnsignedLong(r.nextInt()), r.nextInt());
    }

    @Test
    void everyOpcodeRoundTrips() {
        Random r = new Random(99);
        List<Instruction> program = new ArrayList<>();
        for (Opcode op : Opcode.values()) {
            for (ActivationCode act : ActivationCode.values()) {
                for (int k = 0; k < 3; k++) {
                    program.add(new Instruction(op, r.nextInt(256), act, r.nextInt(Integer.MAX_VALUE),
                            r.nextInt(Integer.MAX_VALUE), operand(r), operand(r), operand(r), operand(r),
                            r.nextInt(Integer.MAX_VALUE), r.nextInt(Integer.MAX_VALUE)));
                }
            }
        }
        byte[] bytes = InstructionCodec.encode(program, 1);
        assertEquals(InstructionCodec.programBytes(program.size()), bytes.length);
        assertEquals(program, InstructionCodec.decode(bytes));
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(InstructionCodec.MAGIC, b.getInt(0));
        assertEquals(program.size(), b.getInt(8));
        for (int i = 0; i < program.size(); i++) {
            assertEquals(program.get(i).opcode().code(), bytes[InstructionCodec.HEADER_BYTES + i * Instruction.BYTES]);
        }
    }

    @Test
    void stateInitSourceStrideIsPerSequence() {
        Instruction perSequence = Instruction.elementwise(Opcode.STATE_INIT, Operand.at(0x300),
                new Operand(0x900, 28), Operand.NONE, 7, 0);
        assertEquals(List.of(perSequence), InstructionCodec.decode(InstructionCodec.encode(List.of(perSequence), 1)));
        String text = Disassembler.format(perSequence, a -> null);
        assertTrue(text.contains("a=0x00000900+28*seq"), text);
        assertFalse(text.contains("*t"), text);
        assertEquals(16, SchedulerData.SEQUENCE_INDEX);
        assertTrue(SchedulerData.SEQUENCE_INDEX + 4 <= SchedulerData.BYTES);
    }

    @Test
    void unknownOpcodeNamesTheInstruction() {
        byte[] bytes = InstructionCodec.encode(List.of(Instruction.halt(), Instruction.halt()), 1);
        bytes[InstructionCodec.HEADER_BYTES + Instruction.BYTES] = 0x7f;
        InvalidInstructionException e = assertThrows(InvalidInstructionException.class,
                () -> InstructionCodec.decode(bytes));
        assertEquals(1, e.index());
    }
    /** docs/isa.md §2: the count is checked against the stored program bytes; bytes after the last word are ignored. */
    @Test
    void countIsCheckedAgainstTheStoredBytesAndTrailingBytesAreIgnored() {
        List<Instruction> program = List.of(Instruction.halt(), Instruction.halt());
        byte[] exact = InstructionCodec.encode(program, 1);
        byte[] longer = java.util.Arrays.copyOf(exact, exact.length + 3 * Instruction.BYTES + 5);
        java.util.Arrays.fill(longer, exact.length, longer.length, (byte) 0x7F);
        assertEquals(program, InstructionCodec.decode(longer));
        ByteBuffer.wrap(exact).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 3);
        InvalidInstructionException e = assertThrows(InvalidInstructionException.class,
                () -> InstructionCodec.decode(exact));
        assertEquals(-1, e.index());
        assertTrue(e.getMessage().contains("announces 3 instructions but the stored program holds only 2 (64 + 64 × 2 bytes)"), e.getMessage());
    }

    /**
     * docs/isa.md §2: header bytes 20 to 63 are reserved and must be zero; bytes 16..19 are the fixed
     * sequence length (below 2^31); the data type is the caller's to check.
     */
    @Test
    void reservedHeaderBytesMustBeZero() {
        byte[] fixed = InstructionCodec.encode(List.of(Instruction.halt()), 1, 700);
        assertEquals(700, InstructionCodec.fixedLength(fixed));
        assertEquals(List.of(Instruction.halt()), InstructionCodec.decode(fixed));
        assertEquals(0, InstructionCodec.fixedLength(InstructionCodec.encode(List.of(Instruction.halt()), 1)));
        fixed[19] = (byte) 0x80;
        assertTrue(assertThrows(InvalidInstructionException.class, () -> InstructionCodec.decode(fixed)).getMessage()
                .contains("fixed sequence length"));
        for (int at = 20; at < InstructionCodec.HEADER_BYTES; at += 7) {
            byte[] bytes = InstructionCodec.encode(List.of(Instruction.halt()), 1);
            bytes[at] = 1;
            InvalidInstructionException e = assertThrows(InvalidInstructionException.class,
                    () -> InstructionCodec.decode(bytes));
            assertTrue(e.getMessage().contains("reserved header bytes"), e.getMessage());
        }
        byte[] int8 = InstructionCodec.encode(List.of(Instruction.halt()), 2);
        assertEquals(2, InstructionCodec.dataType(int8));
        assertEquals(List.of(Instruction.halt()), InstructionCodec.decode(int8));
    }

    /** docs/isa.md §2: reserved bits of w0 and words 13..15, and counts of 2^31 or more, are rejected for every opcode. */
    @Test
    void reservedBitsAndHugeCountsAreRejectedEvenWhereTheOpcodeIgnoresTheField() {
        for (int[] poke : new int[][] {{3, 1}, {13 * 4, 1}, {15 * 4 + 3, 0x80}, {4 + 3, 0x80}, {2 * 4 + 3, 0x80},
                {11 * 4 + 3, 0x80}, {12 * 4 + 3, 0x80}, {2, 9}}) {
            byte[] bytes = InstructionCodec.encode(List.of(Instruction.halt()), 1);
            bytes[InstructionCodec.HEADER_BYTES + poke[0]] = (byte) poke[1];
            InvalidInstructionException e = assertThrows(InvalidInstructionException.class,
                    () -> InstructionCodec.decode(bytes), "byte " + poke[0]);
            assertEquals(0, e.index());
        }
    }
}
