package io.github.lstmhdl.bench;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes the benchmark's stacked LSTM as an ONNX model (opset 13) whose float initializers are
 * {@code raw_data}, generated from a seeded {@link Random} while they are written, so that a model of
 * hundreds of megabytes never sits in memory. The graph: {@code X[T,1,D]} → LSTM → Squeeze(axis 1) →
 * LSTM → … → Squeeze → {@code Y[T,1,H]}. Only what the benchmark needs of the ONNX schema is written:
 * ModelProto fields ir_version (1), producer_name (2), graph (7), opset_import (8); GraphProto node
 * (1), name (2), initializer (5), input (11), output (12); NodeProto input (1), output (2), name (3),
 * op_type (4), attribute (5); TensorProto dims (1), data_type (2), name (8), raw_data (9).
 */
final class BenchmarkOnnxWriter {
    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private static final int CHUNK_FLOATS = 1 << 14;

    private BenchmarkOnnxWriter() {
    }

    /** One graph field: either bytes already encoded, or a float tensor generated while it is written. */
    private interface Part {
        long size();

        void writeTo(CodedOutputStream out) throws IOException;
    }

    /**
     * Writes the model and returns the number of float32 weight bytes it holds.
     *
     * @param layers the number of stacked LSTMs; the first has input size {@code d}, the others {@code h}
     */
    static long write(Path file, long seed, int layers, int d, int h, int sequenceLength) throws IOException {
        Random random = new Random(seed);
        List<Part> graph = new ArrayList<>();
        long weightBytes = 0;
        graph.add(small(2, "bench".getBytes(StandardCharsets.UTF_8)));
        graph.add(small(5, tensor("squeeze_axes", INT64, new long[] {1}, longBytes(1))));
        String x = "X";
        int in = d;
        for (int l = 1; l <= layers; l++) {
            String w = "W" + l;
            String r = "R" + l;
            String b = "B" + l;
            graph.add(randomTensor(w, random, 0.05f, 1, 4L * h, in));
            graph.add(randomTensor(r, random, 0.05f, 1, 4L * h, h));
            graph.add(randomTensor(b, random, 0.1f, 1, 8L * h));
            weightBytes += 4L * (4L * h * in + 4L * h * h + 8L * h);
            String y = "Y" + l;
            String next = l == layers ? "Y" : "H" + l;
            graph.add(small(1, node("LSTM", "lstm_" + l, List.of(x, w, r, b), List.of(y),
                    attributeInt("hidden_size", h))));
            graph.add(small(1, node("Squeeze", "squeeze_" + l, List.of(y, "squeeze_axes"), List.of(next), null)));
            x = next;
            in = h;
        }
        graph.add(small(11, valueInfo("X", sequenceLength, 1, d)));
        graph.add(small(12, valueInfo("Y", sequenceLength, 1, h)));

        long graphSize = 0;
        for (Part p : graph) {
            graphSize += p.size();
        }
        try (OutputStream os = Files.newOutputStream(file)) {
            CodedOutputStream out = CodedOutputStream.newInstance(os, 1 << 16);
            out.writeInt64(1, 8);
            out.writeString(2, "lstm-hdl CompileThroughputBenchmark");
            out.writeTag(7, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt64NoTag(graphSize);
            for (Part p : graph) {
                p.writeTo(out);
            }
            ByteArrayOutputStream opset = new ByteArrayOutputStream();
            CodedOutputStream o = CodedOutputStream.newInstance(opset);
            o.writeString(1, "");
            o.writeInt64(2, 13);
            o.flush();
            out.writeByteArray(8, opset.toByteArray());
            out.flush();
        }
        return weightBytes;
    }

    private static Part small(int field, byte[] body) {
        return new Part() {
            @Override
            public long size() {
                return CodedOutputStream.computeByteArraySize(field, body);
            }

            @Override
            public void writeTo(CodedOutputStream out) throws IOException {
                out.writeByteArray(field, body);
            }
        };
    }

    /** An initializer (graph field 5) of uniform random floats in [-scale, scale], written in chunks. */
    private static Part randomTensor(String name, Random random, float scale, long... dims) throws IOException {
        long count = 1;
        for (long dim : dims) {
            count *= dim;
        }
        long elements = count;
        byte[] head = tensorHead(name, FLOAT, dims);
        long rawBytes = 4 * elements;
        long body = head.length + CodedOutputStream.computeTagSize(9) + CodedOutputStream.computeUInt64SizeNoTag(rawBytes)
                + rawBytes;
        return new Part() {
            @Override
            public long size() {
                return CodedOutputStream.computeTagSize(5) + CodedOutputStream.computeUInt64SizeNoTag(body) + body;
            }

            @Override
            public void writeTo(CodedOutputStream out) throws IOException {
                out.writeTag(5, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt64NoTag(body);
                out.writeRawBytes(head);
                out.writeTag(9, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt64NoTag(rawBytes);
                ByteBuffer chunk = ByteBuffer.allocate(4 * CHUNK_FLOATS).order(ByteOrder.LITTLE_ENDIAN);
                for (long done = 0; done < elements; ) {
                    int n = (int) Math.min(CHUNK_FLOATS, elements - done);
                    chunk.clear();
                    for (int i = 0; i < n; i++) {
                        chunk.putFloat((random.nextFloat() * 2 - 1) * scale);
                    }
                    out.writeRawBytes(chunk.array(), 0, 4 * n);
                    done += n;
                }
            }
        };
    }

    private static byte[] tensorHead(String name, int type, long[] dims) throws IOException {
        return encode(o -> {
            for (long dim : dims) {
                o.writeInt64(1, dim);
            }
            o.writeInt32(2, type);
            o.writeString(8, name);
        });
    }

    private static byte[] tensor(String name, int type, long[] dims, byte[] raw) throws IOException {
        byte[] head = tensorHead(name, type, dims);
        return encode(o -> {
            o.writeRawBytes(head);
            o.writeByteArray(9, raw);
        });
    }

    private static byte[] longBytes(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    private static byte[] attributeInt(String name, long value) throws IOException {
        return encode(o -> {
            o.writeString(1, name);
            o.writeInt64(3, value);
            o.writeInt32(20, 2);
        });
    }

    private static byte[] node(String op, String name, List<String> inputs, List<String> outputs, byte[] attribute)
            throws IOException {
        return encode(o -> {
            for (String i : inputs) {
                o.writeString(1, i);
            }
            for (String out : outputs) {
                o.writeString(2, out);
            }
            o.writeString(3, name);
            o.writeString(4, op);
            if (attribute != null) {
                o.writeByteArray(5, attribute);
            }
        });
    }

    private static byte[] valueInfo(String name, long... dims) throws IOException {
        byte[] shape = encode(o -> {
            for (long d : dims) {
                o.writeByteArray(1, encode(dim -> dim.writeInt64(1, d)));
            }
        });
        byte[] tensorType = encode(o -> {
            o.writeInt32(1, FLOAT);
            o.writeByteArray(2, shape);
        });
        byte[] type = encode(o -> o.writeByteArray(1, tensorType));
        return encode(o -> {
            o.writeString(1, name);
            o.writeByteArray(2, type);
        });
    }

    @FunctionalInterface
    private interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] encode(Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        body.write(out);
        out.flush();
        return bytes.toByteArray();
    }
}
