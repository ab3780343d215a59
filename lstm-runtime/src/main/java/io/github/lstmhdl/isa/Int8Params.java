package io.github.lstmhdl.isa;

import io.github.lstmhdl.quant.FixedPoint.Multiplier;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * The parameter records of an int8 program (docs/isa.md §4a): what an integer kernel needs besides its
 * operands, stored in the memory (the compiler puts them in the FC weight region) and addressed by the
 * instruction's operand c (its offset; the stride is not used). Every field is a little-endian 32-bit
 * word, so that a hardware decoder reads them as it reads the instruction words. The records are
 * validated when they are read ({@link #decodeElementwise}, {@link #decodeFc}): a field out of its range
 * is an error of the executing instruction, never a silent wrap.
 */
public final class Int8Params {
    private Int8Params() {
    }

    /** The shift of a multiplier (docs/isa.md §4a): in [−31, 31]. */
    public static final int MIN_SHIFT = -31;
    /** The largest shift of a multiplier. */
    public static final int MAX_SHIFT = 31;
    /** The multiplier and shift that scale by exactly 1 (2^30 · 2^(1 − 31)). */
    public static final Multiplier IDENTITY = new Multiplier(1 << 30, 1);

    /** The storage format of an operand's elements. */
    public enum Format {
        /** int8, one byte, with a zero point in [−128, 127]. */
        I8(0, 1, Byte.MIN_VALUE, Byte.MAX_VALUE),
        /** int16 little-endian, two bytes (address even), zero point 0. */
        I16(1, 2, Short.MIN_VALUE, Short.MAX_VALUE);

        private final int code;
        private final int bytes;
        private final int min;
        private final int max;

        Format(int code, int bytes, int min, int max) {
            this.code = code;
            this.bytes = bytes;
            this.min = min;
            this.max = max;
        }

        /** The code in a record's format word. */
        public int code() {
            return code;
        }

        /** Bytes per element. */
        public int bytes() {
            return bytes;
        }

        /** The smallest value (the saturation bound). */
        public int min() {
            return min;
        }

        /** The largest value. */
        public int max() {
            return max;
        }

        /** {@code v} saturated to this format's range. */
        public int saturate(long v) {
            return (int) Math.max(min, Math.min(max, v));
        }

        static Format ofCode(int code, String role) {
            for (Format f : values()) {
                if (f.code == code) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown format code " + code + " for " + role);
        }

        void checkZero(int zero, String role) {
            if (this == I16 ? zero != 0 : zero < min || zero > max) {
                throw new IllegalArgumentException("zero point " + zero + " of " + role + " is outside "
                        + (this == I16 ? "0 (int16 operands are symmetric)" : "[-128, 127]"));
            }
        }
    }

    /**
     * The record of ADD, SUB, MUL and ACT: 8 words, {@link #BYTES} bytes.
     *
     * <pre>
     * w0  formats: bits 0–7 a, 8–15 b, 16–23 dst (0 = I8, 1 = I16); bits 24–31 zero
     * w1  zero point of a      w2  zero point of b      w3  zero point of dst
     * w4  multiplier M1        w5  shift s1
     * w6  multiplier M2        w7  shift s2
     * </pre>
     *
     * @param a     a's format
     * @param b     b's format (I8 with zero point 0 where the opcode has no b)
     * @param dst   dst's format
     * @param zeroA a's zero point
     * @param zeroB b's zero point
     * @param zeroD dst's zero point
     * @param m1    the first multiplier (a's, or the product's)
     * @param m2    the second (b's, or ACT's output requantization)
     */
    public record Elementwise(Format a, Format b, Format dst, int zeroA, int zeroB, int zeroD, Multiplier m1,
            Multiplier m2) {
        /** The record's size in bytes. */
        public static final int BYTES = 32;

        public Elementwise {
            Objects.requireNonNull(a, "a");
            Objects.requireNonNull(b, "b");
            Objects.requireNonNull(dst, "dst");
            a.checkZero(zeroA, "a");
            b.checkZero(zeroB, "b");
            dst.checkZero(zeroD, "dst");
            checkShift(m1, "M1");
            checkShift(m2, "M2");
        }

        /** The record's bytes. */
        public byte[] encode() {
            ByteBuffer out = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
            out.putInt(a.code | b.code << 8 | dst.code << 16).putInt(zeroA).putInt(zeroB).putInt(zeroD)
                    .putInt(m1.multiplier()).putInt(m1.shift()).putInt(m2.multiplier()).putInt(m2.shift());
            return out.array();
        }
    }

    /**
     * The record of FC: a header of 4 words and 3 words per row, {@code 16 + 12 · rows} bytes.
     *
     * <pre>
     * w0  formats: bits 0–7 x (0 = I8), bits 16–23 dst (0 = I8, 1 = I16); bits 8–15, 24–31 zero
     * w1  zero point of x      w2  zero point of dst      w3  zero
     * then per row r:  bias b_r (int32), multiplier M_r, shift s_r
     * </pre>
     *
     * @param dst         dst's format
     * @param zeroX       x's zero point
     * @param zeroD       dst's zero point
     * @param bias        per row, int32 (in the accumulator's scale, weight scale × input scale)
     * @param multipliers per row, the accumulator's scale relative to dst's
     */
    public record Fc(Format dst, int zeroX, int zeroD, int[] bias, Multiplier[] multipliers) {
        /** The header's size in bytes. */
        public static final int HEADER_BYTES = 16;
        /** Bytes per row. */
        public static final int ROW_BYTES = 12;

        public Fc {
            Objects.requireNonNull(dst, "dst");
            Format.I8.checkZero(zeroX, "x");
            dst.checkZero(zeroD, "dst");
            bias = bias.clone();
            multipliers = multipliers.clone();
            if (bias.length != multipliers.length) {
                throw new IllegalArgumentException(bias.length + " biases for " + multipliers.length + " multipliers");
            }
            for (Multiplier m : multipliers) {
                checkShift(m, "a row's multiplier");
            }
        }

        /** The record's size for {@code rows} rows. */
        public static long bytes(long rows) {
            return HEADER_BYTES + ROW_BYTES * rows;
        }

        /** Rows. */
        public int rows() {
            return bias.length;
        }

        @Override
        public int[] bias() {
            return bias.clone();
        }

        @Override
        public Multiplier[] multipliers() {
            return multipliers.clone();
        }

        /** The record's bytes. */
        public byte[] encode() {
            ByteBuffer out = ByteBuffer.allocate((int) bytes(rows())).order(ByteOrder.LITTLE_ENDIAN);
            out.putInt(Format.I8.code | dst.code << 16).putInt(zeroX).putInt(zeroD).putInt(0);
            for (int r = 0; r < rows(); r++) {
                out.putInt(bias[r]).putInt(multipliers[r].multiplier()).putInt(multipliers[r].shift());
            }
            return out.array();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Fc f && dst == f.dst && zeroX == f.zeroX && zeroD == f.zeroD
                    && Arrays.equals(bias, f.bias) && Arrays.equals(multipliers, f.multipliers);
        }

        @Override
        public int hashCode() {
            return Objects.hash(dst, zeroX, zeroD, Arrays.hashCode(bias), Arrays.hashCode(multipliers));
        }

        @Override
        public String toString() {
            return "Fc[dst=" + dst + ", zeroX=" + zeroX + ", zeroD=" + zeroD + ", rows=" + rows() + "]";
        }
    }

    /**
     * Reads an elementwise record from 32 little-endian bytes.
     *
     * @throws IllegalArgumentException naming the field out of range
     */
    public static Elementwise decodeElementwise(ByteBuffer in) {
        ByteBuffer b = in.order(ByteOrder.LITTLE_ENDIAN);
        int formats = b.getInt();
        if ((formats & 0xFF000000) != 0) {
            throw new IllegalArgumentException("format word 0x" + Integer.toHexString(formats)
                    + " has non-zero bits 24-31");
        }
        Format a = Format.ofCode(formats & 0xFF, "a");
        Format bf = Format.ofCode(formats >>> 8 & 0xFF, "b");
        Format d = Format.ofCode(formats >>> 16 & 0xFF, "dst");
        int za = b.getInt();
        int zb = b.getInt();
        int zd = b.getInt();
        Multiplier m1 = multiplier(b.getInt(), b.getInt(), "M1");
        Multiplier m2 = multiplier(b.getInt(), b.getInt(), "M2");
        return new Elementwise(a, bf, d, za, zb, zd, m1, m2);
    }

    /**
     * Reads an FC record of {@code rows} rows.
     *
     * @throws IllegalArgumentException naming the field (and row) out of range
     */
    public static Fc decodeFc(ByteBuffer in, int rows) {
        ByteBuffer b = in.order(ByteOrder.LITTLE_ENDIAN);
        int formats = b.getInt();
        if ((formats & 0xFF00FF00) != 0 || (formats & 0xFF) != Format.I8.code) {
            throw new IllegalArgumentException("format word 0x" + Integer.toHexString(formats)
                    + " is not x = I8 with zero bits 8-15 and 24-31");
        }
        Format d = Format.ofCode(formats >>> 16 & 0xFF, "dst");
        int zx = b.getInt();
        int zd = b.getInt();
        int reserved = b.getInt();
        if (reserved != 0) {
            throw new IllegalArgumentException("header word 3 is " + reserved + ", not 0");
        }
        int[] bias = new int[rows];
        Multiplier[] m = new Multiplier[rows];
        for (int r = 0; r < rows; r++) {
            bias[r] = b.getInt();
            m[r] = multiplier(b.getInt(), b.getInt(), "the multiplier of row " + r);
        }
        return new Fc(d, zx, zd, bias, m);
    }

    private static Multiplier multiplier(int multiplier, int shift, String role) {
        if (multiplier < 0 || multiplier != 0 && multiplier < 1 << 30) {
            throw new IllegalArgumentException(role + " " + multiplier + " is neither 0 nor in [2^30, 2^31)");
        }
        if (shift < MIN_SHIFT || shift > MAX_SHIFT) {
            throw new IllegalArgumentException("shift " + shift + " of " + role + " is outside [-31, 31]");
        }
        return new Multiplier(multiplier, shift);
    }

    private static void checkShift(Multiplier m, String role) {
        Objects.requireNonNull(m, role);
        if (m.shift() < MIN_SHIFT || m.shift() > MAX_SHIFT) {
            throw new IllegalArgumentException("shift " + m.shift() + " of " + role + " is outside [-31, 31]");
        }
    }
}
