package io.github.lstmhdl.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.npy.Npy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A per-direction parameter is read slice by slice, in either accepted layout, with the file's indices in errors. */
class WeightFilesTest {

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextFloat() * 2 - 1;
        }
        return a;
    }

    @Test
    void splitsABidirectionalParameterIntoItsDirections(@TempDir Path dir) throws Exception {
        WeightFiles files = new WeightFiles("net.lstm.json", dir, 1 << 20, new io.github.lstmhdl.source.SourceFiles());
        float[] data = random(2 * 8 * 3, 1);
        long[] shape = {2, 8, 3};
        List<long[]> accepted = List.of(shape, new long[] {16, 3});
        for (int[] fileShape : new int[][] {{2, 8, 3}, {16, 3}}) {
            Npy.write(dir.resolve("w.npy"), fileShape, data);
            List<FloatTensor> parts = files.loadSplit("w.npy", "$.w", "weights", shape, accepted, 2);
            assertEquals(2, parts.size());
            for (int k = 0; k < 2; k++) {
                assertArrayEquals(new int[] {8, 3}, parts.get(k).shape());
                assertArrayEquals(Arrays.copyOfRange(data, 24 * k, 24 * (k + 1)), parts.get(k).toArray());
            }
        }
        FloatTensor whole = files.load("w.npy", "$.w", "weights", new long[] {16, 3}, List.of(new long[] {16, 3}));
        assertArrayEquals(data, whole.toArray());
    }

    @Test
    void aNonFiniteElementOfTheSecondDirectionIsReportedAtItsPlaceInTheFile(@TempDir Path dir) throws Exception {
        WeightFiles files = new WeightFiles("net.lstm.json", dir, 1 << 20, new io.github.lstmhdl.source.SourceFiles());
        float[] data = random(2 * 8, 2);
        data[11] = Float.POSITIVE_INFINITY;
        Npy.write(dir.resolve("b.npy"), new int[] {2, 8}, data);
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class, () -> files.loadSplit("b.npy", "$.b",
                "bias", new long[] {2, 8}, List.<long[]>of(new long[] {2, 8}), 2));
        assertTrue(e.getMessage().contains("Infinity at flat index 11 (index [1, 3])"), e.getMessage());
        assertTrue(e.getMessage().contains("$.b"), e.getMessage());
    }
}
