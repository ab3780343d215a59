package io.github.lstmhdl.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A test-only ONNX writer: builds ModelProto bytes with {@link CodedOutputStream} (field numbers from
 * the ONNX specification), so tests can make models with random weights in Java and check them with
 * onnxruntime. Dimensions of inputs and outputs are Integers or Strings (symbolic).
 */
public final class OnnxModelBuilder {
    /** ONNX TensorProto data types used by tests. */
    public static final int FLOAT = 1;
    public static final int INT32 = 6;
    public static final int INT64 = 7;

    private final long opset;
    private long irVersion = 8;
    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();
    private int unnamed;

    public OnnxModelBuilder(long opset) {
        this.opset = opset;
    }

    public OnnxModelBuilder irVersion(long v) {
        irVersion = v;
        return this;
    }

    /** An attribute of a node. */
    public record Attr(String name, int type, Object value) {
    }

    public static Attr attr(String name, long value) {
        return new Attr(name, 2, value);
    }

    public static Attr attr(String name, float value) {
        return new Attr(name, 1, value);
    }

    public static Attr attr(String name, String value) {
        return new Attr(name, 3, value);
    }

    public static Attr ints(String name, long... values) {
        return new Attr(name, 7, values);
    }

    public static Attr floats(String name, float... values) {
        return new Attr(name, 6, values);
    }

    public static Attr strings(String name, String... values) {
        return new Attr(name, 8, values);
    }

    /** A tensor-valued attribute (ConstantOfShape value, Constant value). */
    public static Attr tensor(String name, byte[] tensorProto) {
        return new Attr(name, 4, tensorProto);
    }

    public OnnxModelBuilder input(String name, Object... dims) {
        inputs.add(valueInfo(name, FLOAT, dims));
        return this;
    }

    public OnnxModelBuilder typedInput(String name, int elemType, Object... dims) {
        inputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    public OnnxModelBuilder output(String name, Object... dims) {
        outputs.add(valueInfo(name, FLOAT, dims));
        return this;
    }

    public OnnxModelBuilder initializer(String name, float[] data, long... dims) {
        initializers.add(floatTensor(name, data, dims));
        return this;
    }

    public OnnxModelBuilder initializerLongs(String name, long[] data, long... dims) {
        initializers.add(longTensor(name, data, dims));
        return this;
    }

    /** Adds a raw TensorProto as an initializer. */
    public OnnxModelBuilder initializerProto(byte[] tensorProto) {
        initializers.add(tensorProto);
        return this;
    }

    /** Adds a node; empty strings in {@code in} are omitted optional inputs. */
    public OnnxModelBuilder node(String op, String name, List<String> in, List<String> out, Attr... attrs) {
        return node("", op, name, in, out, attrs);
    }

    /** Adds a node of operator domain {@code domain} ("" is the default domain). */
    public OnnxModelBuilder node(String domain, String op, String name, List<String> in, List<String> out,
            Attr... attrs) {
        nodes.add(message(o -> {
            for (String s : in) {
                o.writeString(1, s);
            }
            for (String s : out) {
                o.writeString(2, s);
            }
            o.writeString(3, name == null ? op + "_" + (unnamed++) : name);
            o.writeString(4, op);
            for (Attr a : attrs) {
                o.writeByteArray(5, attribute(a));
            }
            if (!domain.isEmpty()) {
                o.writeString(7, domain);
            }
        }));
        return this;
    }

    public byte[] build() {
        byte[] graph = message(o -> {
            for (byte[] n : nodes) {
                o.writeByteArray(1, n);
            }
            o.writeString(2, "test_graph");
            for (byte[] t : initializers) {
                o.writeByteArray(5, t);
            }
            for (byte[] v : inputs) {
                o.writeByteArray(11, v);
            }
            for (byte[] v : outputs) {
                o.writeByteArray(12, v);
            }
        });
        return message(o -> {
            o.writeInt64(1, irVersion);
            o.writeString(2, "lstm-hdl-test");
            o.writeByteArray(7, graph);
            o.writeByteArray(8, message(p -> {
                p.writeString(1, "");
                p.writeInt64(2, opset);
            }));
        });
    }

    public Path write(Path file) throws IOException {
        Files.write(file, build());
        return file;
    }

    // ----------------------------------------------------------------------------------------------

    /** A float TensorProto with little-endian raw_data. */
    public static byte[] floatTensor(String name, float[] data, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) {
            b.putFloat(f);
        }
        return tensorProto(name, FLOAT, dims, b.array());
    }

    /** An int64 TensorProto with little-endian raw_data. */
    public static byte[] longTensor(String name, long[] data, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : data) {
            b.putLong(v);
        }
        return tensorProto(name, INT64, dims, b.array());
    }

    /** A TensorProto with the given raw bytes (which may deliberately not match the dims). */
    public static byte[] tensorProto(String name, int type, long[] dims, byte[] raw) {
        return message(o -> {
            for (long d : dims) {
                o.writeInt64(1, d);
            }
            o.writeInt32(2, type);
            o.writeString(8, name);
            o.writeByteArray(9, raw);
        });
    }

    /** A float TensorProto whose data is in float_data instead of raw_data. */
    public static byte[] floatDataTensor(String name, float[] data, long... dims) {
        return message(o -> {
            for (long d : dims) {
                o.writeInt64(1, d);
            }
            o.writeInt32(2, FLOAT);
            for (float f : data) {
                o.writeFloat(4, f);
            }
            o.writeString(8, name);
        });
    }

    /** A float TensorProto stored externally (data_location EXTERNAL). */
    public static byte[] externalTensor(String name, String location, long offset, long length, long... dims) {
        return message(o -> {
            for (long d : dims) {
                o.writeInt64(1, d);
            }
            o.writeInt32(2, FLOAT);
            o.writeString(8, name);
            o.writeByteArray(13, message(e -> {
                e.writeString(1, "location");
                e.writeString(2, location);
            }));
            o.writeByteArray(13, message(e -> {
                e.writeString(1, "offset");
                e.writeString(2, Long.toString(offset));
            }));
            o.writeByteArray(13, message(e -> {
                e.writeString(1, "length");
                e.writeString(2, Long.toString(length));
            }));
            o.writeEnum(14, 1);
        });
    }

    private static byte[] valueInfo(String name, int elemType, Object... dims) {
        byte[] shape = message(o -> {
            for (Object d : dims) {
                o.writeByteArray(1, message(dim -> {
                    if (d instanceof String s) {
                        dim.writeString(2, s);
                    } else {
                        dim.writeInt64(1, ((Number) d).longValue());
                    }
                }));
            }
        });
        byte[] tensorType = message(o -> {
            o.writeInt32(1, elemType);
            o.writeByteArray(2, shape);
        });
        byte[] type = message(o -> o.writeByteArray(1, tensorType));
        return message(o -> {
            o.writeString(1, name);
            o.writeByteArray(2, type);
        });
    }

    private static byte[] attribute(Attr a) {
        return message(o -> {
            o.writeString(1, a.name());
            o.writeInt32(20, a.type());
            switch (a.type()) {
                case 1 -> o.writeFloat(2, (Float) a.value());
                case 2 -> o.writeInt64(3, (Long) a.value());
                case 3 -> o.writeBytes(4, ByteString.copyFrom((String) a.value(), StandardCharsets.UTF_8));
                case 4 -> o.writeByteArray(5, (byte[]) a.value());
                case 6 -> {
                    for (float f : (float[]) a.value()) {
                        o.writeFloat(7, f);
                    }
                }
                case 7 -> {
                    for (long v : (long[]) a.value()) {
                        o.writeInt64(8, v);
                    }
                }
                case 8 -> {
                    for (String s : (String[]) a.value()) {
                        o.writeBytes(9, ByteString.copyFrom(s, StandardCharsets.UTF_8));
                    }
                }
                default -> throw new IllegalArgumentException("attribute type " + a.type());
            }
        });
    }

    /** Writes one message body. */
    public interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    public static byte[] message(Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            body.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Seeded random weights in [-scale, scale). */
    public static float[] random(Random random, int n, float scale) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (random.nextFloat() * 2 - 1) * scale;
        }
        return f;
    }

    /**
     * Adds an LSTM node named {@code name} over {@code x} with random initializers {@code <name>_W},
     * {@code _R} and, when asked, {@code _B}, {@code _P} and initial states {@code _h0}/{@code _c0} (one
     * random vector per direction, repeated over the batch). Trailing omitted inputs are dropped, as
     * exporters do; {@code outputs} name Y, Y_h, Y_c ("" omits one).
     */
    public OnnxModelBuilder randomLstm(Random r, String name, String x, int d, int h, String direction,
            float weightScale, boolean bias, boolean peepholes, boolean initialStates, int batch,
            List<String> outputs, Attr... extra) {
        return randomLstm(r, name, x, d, h, direction, weightScale, bias, peepholes, initialStates, false, batch,
                outputs, extra);
    }

    /**
     * Like {@link #randomLstm(Random, String, String, int, int, String, float, boolean, boolean, boolean, int,
     * List, Attr...)}, but with {@code statesPerSequence} the initial states are random for every batch
     * entry (they differ between the sequences of the batch) instead of one vector repeated.
     */
    public OnnxModelBuilder randomLstm(Random r, String name, String x, int d, int h, String direction,
            float weightScale, boolean bias, boolean peepholes, boolean initialStates, boolean statesPerSequence,
            int batch, List<String> outputs, Attr... extra) {
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        initializer(name + "_W", random(r, dirs * 4 * h * d, weightScale), dirs, 4L * h, d);
        initializer(name + "_R", random(r, dirs * 4 * h * h, weightScale), dirs, 4L * h, h);
        List<String> in = new java.util.ArrayList<>(List.of(x, name + "_W", name + "_R", "", "", "", "", ""));
        if (bias) {
            in.set(3, name + "_B");
            initializer(in.get(3), random(r, dirs * 8 * h, 0.5f), dirs, 8L * h);
        }
        if (peepholes) {
            in.set(7, name + "_P");
            initializer(in.get(7), random(r, dirs * 3 * h, 0.5f), dirs, 3L * h);
        }
        if (initialStates) {
            in.set(5, name + "_h0");
            in.set(6, name + "_c0");
            initializer(in.get(5), statesPerSequence ? random(r, dirs * batch * h, 0.8f)
                    : perBatch(random(r, dirs * h, 0.8f), dirs, batch, h), dirs, batch, h);
            initializer(in.get(6), statesPerSequence ? random(r, dirs * batch * h, 0.8f)
                    : perBatch(random(r, dirs * h, 0.8f), dirs, batch, h), dirs, batch, h);
        }
        while (in.get(in.size() - 1).isEmpty()) {
            in.remove(in.size() - 1);
        }
        Attr[] attrs = new Attr[extra.length + 2];
        attrs[0] = attr("hidden_size", (long) h);
        attrs[1] = attr("direction", direction);
        System.arraycopy(extra, 0, attrs, 2, extra.length);
        return node("LSTM", name, in, outputs, attrs);
    }

    /**
     * Adds a GRU node named {@code name} over {@code x} with random initializers {@code <name>_W},
     * {@code _R} and, when asked, {@code _B}; {@code initialH} names the value given as initial_h ("" for
     * none), {@code outputs} name Y and Y_h ("" omits one). Trailing omitted inputs are dropped.
     */
    public OnnxModelBuilder randomGru(Random r, String name, String x, int d, int h, String direction,
            float weightScale, boolean bias, int linearBeforeReset, String initialH, List<String> outputs,
            Attr... extra) {
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        initializer(name + "_W", random(r, dirs * 3 * h * d, weightScale), dirs, 3L * h, d);
        initializer(name + "_R", random(r, dirs * 3 * h * h, weightScale), dirs, 3L * h, h);
        List<String> in = new java.util.ArrayList<>(List.of(x, name + "_W", name + "_R", "", "", initialH));
        if (bias) {
            in.set(3, name + "_B");
            initializer(in.get(3), random(r, dirs * 6 * h, 0.5f), dirs, 6L * h);
        }
        while (in.get(in.size() - 1).isEmpty()) {
            in.remove(in.size() - 1);
        }
        Attr[] attrs = new Attr[extra.length + 3];
        attrs[0] = attr("hidden_size", (long) h);
        attrs[1] = attr("direction", direction);
        attrs[2] = attr("linear_before_reset", (long) linearBeforeReset);
        System.arraycopy(extra, 0, attrs, 3, extra.length);
        return node("GRU", name, in, outputs, attrs);
    }

    /** Repeats each direction's state vector for every batch entry: [dirs, batch, h]. */
    public static float[] perBatch(float[] v, int dirs, int batch, int h) {
        float[] out = new float[dirs * batch * h];
        for (int dd = 0; dd < dirs; dd++) {
            for (int n = 0; n < batch; n++) {
                System.arraycopy(v, dd * h, out, (dd * batch + n) * h, h);
            }
        }
        return out;
    }
}
