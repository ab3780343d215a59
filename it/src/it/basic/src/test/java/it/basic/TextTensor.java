package it.basic;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** A fixture written by ItFixtures: a line {@code shape: d0 d1 ...}, then one (hexadecimal) float per line. */
record TextTensor(int[] shape, float[] values) {

    static TextTensor read(String resource) throws IOException {
        try (InputStream in = TextTensor.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                    .map(String::trim).filter(l -> !l.isEmpty()).toList();
            if (lines.isEmpty() || !lines.get(0).startsWith("shape:")) {
                throw new IOException(resource + ": the first line must be 'shape: ...'");
            }
            int[] shape = Arrays.stream(lines.get(0).substring(6).trim().split("\\s+")).mapToInt(Integer::parseInt)
                    .toArray();
            float[] values = new float[lines.size() - 1];
            for (int i = 0; i < values.length; i++) {
                values[i] = Float.parseFloat(lines.get(i + 1));
            }
            if (Arrays.stream(shape).reduce(1, (a, b) -> a * b) != values.length) {
                throw new IOException(resource + ": shape " + Arrays.toString(shape) + " but " + values.length + " values");
            }
            return new TextTensor(shape, values);
        }
    }
}
