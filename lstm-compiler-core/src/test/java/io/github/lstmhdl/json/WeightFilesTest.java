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

    @Test
    void aWeightFileNamedByManyLayersIsReadOnceAndShared(@TempDir Path dir) throws Exception {
        int h = 4;
        Npy.write(dir.resolve("W.npy"), new int[] {4 * h, h}, new float[4 * h * h]);
        Npy.write(dir.resolve("b.npy"), new int[] {4 * h}, new float[4 * h]);
        StringBuilder layers = new StringBuilder("{\"type\": \"sequenceInput\", \"name\": \"in\", \"inputSize\": " + h
                + ", \"sequenceLength\": 3}");
        int count = 30;
        for (int i = 1; i <= count; i++) {
            layers.append(", {\"type\": \"lstm\", \"name\": \"lstm_").append(i).append("\", \"hiddenUnits\": ").append(h)
                    .append(", \"outputMode\": \"sequence\", \"inputWeights\": \"W.npy\", \"recurrentWeights\": \"W.npy\","
                            + " \"bias\": \"b.npy\"}");
        }
        Path json = java.nio.file.Files.writeString(dir.resolve("shared.lstm.json"),
                "{\"format\": \"lstm-hdl/1\", \"layers\": [" + layers + "]}");
        io.github.lstmhdl.source.SourceFiles sources = new io.github.lstmhdl.source.SourceFiles();
        io.github.lstmhdl.ir.Network n = JsonNetworkImporter.read(json, io.github.lstmhdl.source.ImportOptions.defaults(),
                sources);
        List<io.github.lstmhdl.ir.LstmLayer> lstms = n.layers().stream()
                .filter(l -> l instanceof io.github.lstmhdl.ir.LstmLayer).map(l -> (io.github.lstmhdl.ir.LstmLayer) l)
                .toList();
        assertEquals(count, lstms.size());
        FloatTensor first = lstms.get(0).directions().get(0).inputWeights();
        for (io.github.lstmhdl.ir.LstmLayer l : lstms) {
            org.junit.jupiter.api.Assertions.assertSame(first, l.directions().get(0).inputWeights(), l.name());
            org.junit.jupiter.api.Assertions.assertSame(first, l.directions().get(0).recurrentWeights(), l.name());
        }
        assertEquals(3, sources.files().size(), "the network file and its two weight files, each once");
    }
}
