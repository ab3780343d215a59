package io.github.lstmhdl.quant;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * How the host's float values cross into and out of an int8 image: the input's and the output's scale
 * and zero point, real = scale · (q − zero). The image holds them as its boundary record, the first
 * {@link #BYTES} bytes of the FC weight region (docs/image-format.md, "int8 images"; docs/isa.md §4a), so
 * a host driver and the simulator need nothing but the image:
 *
 * <pre>
 * bytes 0..3    input scale   (float32, finite, &gt; 0)
 * bytes 4..7    input zero point  (int32 in [−128, 127])
 * bytes 8..11   output scale  (float32, finite, &gt; 0)
 * bytes 12..15  output zero point (int32 in [−128, 127])
 * </pre>
 *
 * The conversions are specified to the bit ({@link #quantizeInput}, {@link #dequantizeOutput}).
 *
 * @param inputScale  the input's scale
 * @param inputZero   the input's zero point
 * @param outputScale the output's scale
 * @param outputZero  the output's zero point
 */
public record Int8Boundary(float inputScale, int inputZero, float outputScale, int outputZero) {
    /** The record's size. */
    public static final int BYTES = 16;

    public Int8Boundary {
        check(inputScale, inputZero, "input");
        check(outputScale, outputZero, "output");
    }

    private static void check(float scale, int zero, String role) {
        if (!(scale > 0) || Float.isInfinite(scale)) {
            throw new IllegalArgumentException("the " + role + " scale " + scale + " is not finite and positive");
        }
        if (zero < Byte.MIN_VALUE || zero > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("the " + role + " zero point " + zero + " is outside [-128, 127]");
        }
    }

    /**
     * {@code clamp(zero + rint(v / scale), −128, 127)}: the quotient of v and the scale as doubles (one
     * IEEE division, rounded to nearest even), rounded to an integer, ties to even, then offset and
     * saturated; a NaN becomes the zero point.
     */
    public byte quantizeInput(float v) {
        return quantize(v, inputScale, inputZero);
    }

    /** The output's quantization, as {@link #quantizeInput} (for the float reference's comparison). */
    public byte quantizeOutput(float v) {
        return quantize(v, outputScale, outputZero);
    }

    /** {@code (float) ((q − zero) · (double) scale)}: one double product, rounded once to float32. */
    public float dequantizeOutput(byte q) {
        return (float) ((q - outputZero) * (double) outputScale);
    }

    /** The input's dequantization, as {@link #dequantizeOutput}. */
    public float dequantizeInput(byte q) {
        return (float) ((q - inputZero) * (double) inputScale);
    }

    private static byte quantize(float v, float scale, int zero) {
        if (Float.isNaN(v)) {
            return (byte) zero;
        }
        double q = zero + Math.rint(v / (double) scale);
        return (byte) Math.max(Byte.MIN_VALUE, Math.min(Byte.MAX_VALUE, q));
    }

    /** The record's bytes. */
    public byte[] encode() {
        return ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN).putFloat(inputScale).putInt(inputZero)
                .putFloat(outputScale).putInt(outputZero).array();
    }

    /** Reads a record. @throws IllegalArgumentException naming the field out of range */
    public static Int8Boundary decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, BYTES).order(ByteOrder.LITTLE_ENDIAN);
        return new Int8Boundary(b.getFloat(), b.getInt(), b.getFloat(), b.getInt());
    }
}
