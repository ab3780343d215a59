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
}
