package io.github.lstmhdl.image.writer;

import java.io.ByteArrayOutputStream;

/** A growable little-endian byte buffer for the small ELF tables; words are 4 or 8 bytes by ELF class. */
final class LittleEndianBuffer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean elf64;

    LittleEndianBuffer(boolean elf64) {
        this.elf64 = elf64;
    }

    LittleEndianBuffer u8(int v) {
        out.write(v);
        return this;
    }

    LittleEndianBuffer u16(int v) {
        return u8(v).u8(v >>> 8);
    }

    LittleEndianBuffer u32(long v) {
        return u16((int) v & 0xFFFF).u16((int) (v >>> 16) & 0xFFFF);
    }

    LittleEndianBuffer u64(long v) {
        return u32(v & 0xFFFF_FFFFL).u32(v >>> 32);
    }

    /** An address, offset or size field: Elf32_Addr/Off/Word or Elf64_Addr/Off/Xword. */
    LittleEndianBuffer word(long v) {
        return elf64 ? u64(v) : u32(v);
    }

    LittleEndianBuffer bytes(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    /** Pads with zeros up to {@code length} bytes. */
    LittleEndianBuffer padTo(long length) {
        while (out.size() < length) {
            out.write(0);
        }
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
