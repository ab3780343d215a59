package io.github.lstmhdl.alloc;

import io.github.lstmhdl.config.DataType;
import java.nio.ByteBuffer;

/**
 * How the network's values (float32, as the IR holds them) become the bytes of the processor's element
 * type in the image. The data type chooses the encoder ({@link #of}, an exhaustive switch: a new
 * {@link DataType} does not compile until it has one). Every encoder writes zero as {@link #elementBytes}
 * zero bytes, so padding and alignment gaps are zero bytes whatever the type.
 */
public sealed interface ElementEncoder permits Float32Encoder, Int8Encoder {

    /** The encoder of {@code type}'s elements. */
    static ElementEncoder of(DataType type) {
        return switch (type) {
            case SINGLE -> Float32Encoder.INSTANCE;
            case INT8 -> Int8Encoder.INSTANCE;
        };
    }

    /** Bytes per encoded element. */
    int elementBytes();

    /**
     * Encodes values[offset, offset + length) in order, as many whole elements as fit in {@code out}'s
     * remaining bytes, from its position on (advancing it).
     *
     * @return how many values were encoded: {@code min(length, out.remaining() / elementBytes())}
     */
    int encode(float[] values, int offset, int length, ByteBuffer out);
}
