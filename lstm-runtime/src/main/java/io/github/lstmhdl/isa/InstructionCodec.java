package io.github.lstmhdl.isa;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes programs. A program is a 64-byte header followed by 64-byte little-endian
 * instruction words (layout in {@code docs/isa.md}):
 * <pre>
 * header: u32 magic "LSTI" | u16 format version | u16 instruction bytes | u32 count | u32 data type | 48 zero bytes
 * word:   w0 = opcode | flags &lt;&lt; 8 | activation &lt;&lt; 16 (top byte zero)
 *         w1 n, w2 m, w3/w4 dst offset/stride, w5/w6 a, w7/w8 b, w9/w10 c, w11 aux, w12 row stride, w13..w15 zero
 * </pre>
 */
public final class InstructionCodec {
    /** "LSTI" read as a little-endian u32. */
    public static final int MAGIC = 0x4954534C;
    /** The instruction format version this codec writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** Header size in bytes. */
    public static final int HEADER_BYTES = 64;

    private InstructionCodec() {
    }

    /** The encoded size of a program of {@code count} instructions. */
    public static long programBytes(int count) {
        return HEADER_BYTES + (long) count * Instruction.BYTES;
    }

    /** Encodes a program (header and words) that runs at any sequence length up to the frame limit. */
    public static byte[] encode(List<Instruction> program, int dataTypeCode) {
        return encode(program, dataTypeCode, 0);
    }

    /**
     * Encodes a program (header and words).
     *
     * @param fixedLength the only sequence length T the program runs at (header bytes 16..19), 0 for any
     *                    T up to the frame limit: a program with a convolution over time is compiled for
     *                    one T, its later layers' loops having fixed trip counts
     */
    public static byte[] encode(List<Instruction> program, int dataTypeCode, int fixedLength) {
        if (fixedLength < 0) {
            throw new IllegalArgumentException("fixed sequence length " + fixedLength + " is negative");
        }
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(programBytes(program.size())))
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(MAGIC).putShort((short) FORMAT_VERSION).putShort((short) Instruction.BYTES)
                .putInt(program.size()).putInt(dataTypeCode).putInt(fixedLength);
        buf.position(HEADER_BYTES);
        for (Instruction in : program) {
            encode(in, buf);
        }
        return buf.array();
    }

    /** Writes one instruction word at the buffer's position (little-endian buffer). */
    public static void encode(Instruction in, ByteBuffer buf) {
        buf.putInt(in.opcode().code() | in.flags() << 8 | in.activation().code() << 16);
        buf.putInt(in.n()).putInt(in.m());
        put(buf, in.dst());
        put(buf, in.a());
        put(buf, in.b());
        put(buf, in.c());
        buf.putInt(in.aux()).putInt(in.rowStride());
        buf.putInt(0).putInt(0).putInt(0);
    }

    private static void put(ByteBuffer buf, Operand op) {
        buf.putInt((int) op.offset()).putInt(op.stride());
    }

    /**
     * The data type code of a program's header (u32 at byte 12: 1 = single), which {@link #decode(byte[])}
     * does not interpret; the caller checks it against what it executes.
     */
    public static int dataType(byte[] bytes) {
        return bytes.length < HEADER_BYTES ? -1 : ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
    }

    /**
     * The fixed sequence length of a program's header (u32 at byte 16): the only T the program runs at,
     * or 0 when it runs at any T up to the frame limit (docs/isa.md §2).
     */
    public static long fixedLength(byte[] bytes) {
        return bytes.length < HEADER_BYTES ? 0
                : Integer.toUnsignedLong(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(16));
    }

    /**
     * Decodes a program from its header and words. Bytes after the last announced word are ignored.
     *
     * @throws InvalidInstructionException for a bad header (index -1): magic, version, word size, non-zero
     *                                     reserved bytes, a count whose words do not fit the bytes given;
     *                                     or a bad word (its index)
     */
    public static List<Instruction> decode(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < HEADER_BYTES || buf.getInt(0) != MAGIC) {
            throw new InvalidInstructionException(-1, "the instruction region does not start with the LSTI header");
        }
        int version = Short.toUnsignedInt(buf.getShort(4));
        int size = Short.toUnsignedInt(buf.getShort(6));
        long count = Integer.toUnsignedLong(buf.getInt(8));
        if (version != FORMAT_VERSION || size != Instruction.BYTES) {
            throw new InvalidInstructionException(-1, "instruction format version " + version + " with "
                    + size + "-byte words is not supported (expected version " + FORMAT_VERSION + ", "
                    + Instruction.BYTES + " bytes)");
        }
        if (buf.getInt(16) < 0) {
            throw new InvalidInstructionException(-1, "the fixed sequence length " + Integer.toUnsignedString(buf.getInt(16))
                    + " (header bytes 16 to 19) is 2^31 or more");
        }
        for (int i = 20; i < HEADER_BYTES; i += 4) {
            if (buf.getInt(i) != 0) {
                throw new InvalidInstructionException(-1, "reserved header bytes 20 to 63 are not zero");
            }
        }
        // the count is checked against the bytes stored for the program (the region's content), not the
        // region's size: words past the stored bytes would be the loader's zero fill
        if (programBytes((int) Math.min(count, Integer.MAX_VALUE / Instruction.BYTES)) > bytes.length) {
            throw new InvalidInstructionException(-1, "the header announces " + count
                    + " instructions but the stored program holds only " + (bytes.length - HEADER_BYTES) / Instruction.BYTES
                    + " (64 + 64 × " + (bytes.length - HEADER_BYTES) / Instruction.BYTES + " bytes)");
        }
        List<Instruction> program = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            buf.position(HEADER_BYTES + i * Instruction.BYTES);
            program.add(decode(buf, i));
        }
        return program;
    }

    /** Reads one instruction word at the buffer's position; {@code index} names it in errors. */
    public static Instruction decode(ByteBuffer buf, int index) {
        int w0 = buf.getInt();
        Opcode op = Opcode.ofCode(w0 & 0xFF);
        if (op == null) {
            throw new InvalidInstructionException(index, String.format("unknown opcode 0x%02x", w0 & 0xFF));
        }
        ActivationCode act = ActivationCode.ofCode(w0 >>> 16 & 0xFF);
        if (act == null) {
            throw new InvalidInstructionException(index, "unknown activation " + (w0 >>> 16 & 0xFF));
        }
        if (w0 >>> 24 != 0) {
            throw new InvalidInstructionException(index, "reserved bits of word 0 are set");
        }
        int n = buf.getInt();
        int m = buf.getInt();
        Operand dst = operand(buf);
        Operand a = operand(buf);
        Operand b = operand(buf);
        Operand c = operand(buf);
        int aux = buf.getInt();
        int rowStride = buf.getInt();
        if ((buf.getInt() | buf.getInt() | buf.getInt()) != 0) {
            throw new InvalidInstructionException(index, "reserved words 13 to 15 are not zero");
        }
        if (n < 0 || m < 0 || aux < 0 || rowStride < 0) {
            throw new InvalidInstructionException(index, "a count field exceeds 2^31-1");
        }
        return new Instruction(op, w0 >>> 8 & 0xFF, act, n, m, dst, a, b, c, aux, rowStride);
    }

    private static Operand operand(ByteBuffer buf) {
        long offset = Integer.toUnsignedLong(buf.getInt());
        return new Operand(offset, buf.getInt());
    }
}
