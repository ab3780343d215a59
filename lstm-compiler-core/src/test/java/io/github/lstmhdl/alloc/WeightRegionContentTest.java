package io.github.lstmhdl.alloc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lstmhdl.config.DataType;
import io.github.lstmhdl.lower.WeightBlock;
import io.github.lstmhdl.memory.SymbolKind;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The weight region's bulk streaming gives exactly the bytes of a float-by-float little-endian
 * encoding, with zero gaps and zero padding, also when pieces straddle the internal buffer's edge.
 */
class WeightRegionContentTest {

    @Test
    void streamsTheSameBytesAsAnElementByElementEncoding() throws Exception {
        Random random = new Random(41);
        for (int trial = 0; trial < 30; trial++) {
            List<WeightBlock> blocks = new ArrayList<>();
            List<float[]> values = new ArrayList<>();
            List<Integer> padding = new ArrayList<>();
            int count = 1 + random.nextInt(5);
            for (int b = 0; b < count; b++) {
                // sizes around the 64 KiB buffer (16384 floats), with odd piece lengths
                float[] v = new float[random.nextInt(40_000) + 1];
                for (int i = 0; i < v.length; i++) {
                    v[i] = random.nextFloat() * 2 - 1;
                }
                int pad = random.nextInt(3) == 0 ? 0 : random.nextInt(20_000);
                int piece = 1 + random.nextInt(5000);
                values.add(v);
                padding.add(pad);
                blocks.add(new WeightBlock("u" + b, SymbolKind.WEIGHTS, v.length + pad, sink -> {
                    for (int i = 0; i < v.length; i += piece) {
                        sink.put(v, i, Math.min(piece, v.length - i));
                    }
                    sink.zeros(pad);
                }));
            }
            WeightLayout layout = WeightLayout.of(blocks, 4);
            ByteBuffer expected = ByteBuffer.allocate((int) layout.size()).order(ByteOrder.LITTLE_ENDIAN);
            for (int b = 0; b < count; b++) {
                expected.position((int) layout.entries().get(b).offset());
                for (float f : values.get(b)) {
                    expected.putFloat(f);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            WeightRegionContent content = new WeightRegionContent(layout, DataType.SINGLE);
            content.writeTo(out);
            assertEquals(layout.size(), content.size());
            assertArrayEquals(expected.array(), out.toByteArray(), "trial " + trial);
        }
    }
}
