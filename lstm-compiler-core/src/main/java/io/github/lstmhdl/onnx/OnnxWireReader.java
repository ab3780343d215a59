package io.github.lstmhdl.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.onnx.OnnxProto.Attribute;
import io.github.lstmhdl.onnx.OnnxProto.Dim;
import io.github.lstmhdl.onnx.OnnxProto.Graph;
import io.github.lstmhdl.onnx.OnnxProto.Model;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import io.github.lstmhdl.onnx.OnnxProto.OpsetId;
import io.github.lstmhdl.onnx.OnnxProto.Span;
import io.github.lstmhdl.onnx.OnnxProto.Tensor;
import io.github.lstmhdl.onnx.OnnxProto.ValueInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes ONNX messages from protobuf wire format with {@link CodedInputStream}, using the field
 * numbers of the ONNX specification. A tensor's raw_data is not read: the tensor records where it lies
 * in the model's bytes ({@link Span}), and {@link TensorDecoder} reads it when the tensor is needed. Every structural problem (a wrong wire type for a known field,
 * truncation, a negative or overlong length) becomes an {@link InvalidNetworkException} naming the
 * message path, such as {@code graph.node[3].attribute[0]}. Nested graphs (Loop/If bodies) are skipped.
 */
final class OnnxWireReader {
    private final String file;

    OnnxWireReader(String file) {
        this.file = file;
    }

    /** Decodes a whole ModelProto. */
    Model readModel(ModelBytes bytes) throws InvalidNetworkException {
        return guard("model", () -> model(open(bytes)));
    }

    /** Decodes a bare TensorProto (a backend test's .pb file). */
    Tensor readTensor(ModelBytes bytes) throws InvalidNetworkException {
        return guard("tensor", () -> tensor(open(bytes), "tensor"));
    }

    private CodedInputStream open(ModelBytes bytes) throws IOException, InvalidNetworkException {
        if (bytes.size() > Integer.MAX_VALUE) {
            throw new InvalidNetworkException(file, "", "the file is " + bytes.size()
                    + " bytes, larger than a protobuf message can be");
        }
        // a stream, not an array: raw_data is skipped (noted as a span of the file, see tensor()), so the
        // structure is parsed without the weights ever being on the heap; the file's size is the outermost
        // limit, so every length is checked against what remains
        CodedInputStream in = CodedInputStream.newInstance(bytes.stream(), 1 << 16);
        in.setRecursionLimit(64);
        in.pushLimit((int) bytes.size());
        return in;
    }

    private interface Body<T> {
        T read() throws IOException, InvalidNetworkException;
    }

    private <T> T guard(String where, Body<T> body) throws InvalidNetworkException {
        try {
            return body.read();
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidNetworkException(file, where, "not a valid ONNX protobuf file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidNetworkException(file, where, "cannot decode: " + e.getMessage(), e);
        }
    }

    private Model model(CodedInputStream in) throws IOException, InvalidNetworkException {
        long ir = 0;
        List<OpsetId> opsets = new ArrayList<>();
        String producer = "";
        Graph graph = null;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> {
                    expect(tag, WireFormat.WIRETYPE_VARINT, "model.ir_version");
                    ir = in.readInt64();
                }
                case 2 -> producer = string(in, tag, "model.producer_name");
                case 7 -> {
                    int old = enter(in, tag, "model.graph");
                    graph = graph(in, "graph");
                    in.popLimit(old);
                }
                case 8 -> {
                    String loc = "model.opset_import[" + opsets.size() + "]";
                    int old = enter(in, tag, loc);
                    opsets.add(opset(in, loc));
                    in.popLimit(old);
                }
                default -> skip(in, tag, "model");
            }
        }
        if (graph == null) {
            throw new InvalidNetworkException(file, "model", "the file holds no graph (is it an ONNX model?)");
        }
        return new Model(ir, List.copyOf(opsets), producer, graph);
    }

    private OpsetId opset(CodedInputStream in, String loc) throws IOException, InvalidNetworkException {
        String domain = "";
        long version = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> domain = string(in, tag, loc + ".domain");
                case 2 -> {
                    expect(tag, WireFormat.WIRETYPE_VARINT, loc + ".version");
                    version = in.readInt64();
                }
                default -> skip(in, tag, loc);
            }
        }
        return new OpsetId(domain, version);
    }

    private Graph graph(CodedInputStream in, String loc) throws IOException, InvalidNetworkException {
        String name = "";
        List<Node> nodes = new ArrayList<>();
        List<Tensor> inits = new ArrayList<>();
        List<ValueInfo> inputs = new ArrayList<>();
        List<ValueInfo> outputs = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> {
                    String l = loc + ".node[" + nodes.size() + "]";
                    int old = enter(in, tag, l);
                    nodes.add(node(in, l, nodes.size()));
                    in.popLimit(old);
                }
                case 2 -> name = string(in, tag, loc + ".name");
                case 5 -> {
                    String l = loc + ".initializer[" + inits.size() + "]";
                    int old = enter(in, tag, l);
                    inits.add(tensor(in, l));
                    in.popLimit(old);
                }
                case 11 -> {
                    String l = loc + ".input[" + inputs.size() + "]";
                    int old = enter(in, tag, l);
                    inputs.add(valueInfo(in, l));
                    in.popLimit(old);
                }
                case 12 -> {
                    String l = loc + ".output[" + outputs.size() + "]";
                    int old = enter(in, tag, l);
                    outputs.add(valueInfo(in, l));
                    in.popLimit(old);
                }
                default -> skip(in, tag, loc);
            }
        }
        return new Graph(name, List.copyOf(nodes), List.copyOf(inits), List.copyOf(inputs), List.copyOf(outputs));
    }

    private Node node(CodedInputStream in, String loc, int index) throws IOException, InvalidNetworkException {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String name = "";
        String op = "";
        String domain = "";
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> inputs.add(string(in, tag, loc + ".input"));
                case 2 -> outputs.add(string(in, tag, loc + ".output"));
                case 3 -> name = string(in, tag, loc + ".name");
                case 4 -> op = string(in, tag, loc + ".op_type");
                case 7 -> domain = string(in, tag, loc + ".domain");
                case 5 -> {
                    String l = loc + ".attribute[" + attrs.size() + "]";
                    int old = enter(in, tag, l);
                    Attribute a = attribute(in, l);
                    in.popLimit(old);
                    attrs.put(a.name(), a);
                }
                default -> skip(in, tag, loc);
            }
        }
        return new Node(name, op, domain, List.copyOf(inputs), List.copyOf(outputs), Map.copyOf(attrs), index);
    }

    private Attribute attribute(CodedInputStream in, String loc) throws IOException, InvalidNetworkException {
        String name = "";
        int type = 0;
        float f = 0;
        long i = 0;
        ByteString s = ByteString.EMPTY;
        Tensor t = null;
        List<Float> floats = new ArrayList<>();
        List<Long> ints = new ArrayList<>();
        List<ByteString> strings = new ArrayList<>();
        boolean sawGraph = false;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int field = WireFormat.getTagFieldNumber(tag);
            int wt = WireFormat.getTagWireType(tag);
            switch (field) {
                case 1 -> name = string(in, tag, loc + ".name");
                case 20 -> {
                    expect(tag, WireFormat.WIRETYPE_VARINT, loc + ".type");
                    type = in.readInt32();
                }
                case 2 -> {
                    expect(tag, WireFormat.WIRETYPE_FIXED32, loc + ".f");
                    f = in.readFloat();
                }
                case 3 -> {
                    expect(tag, WireFormat.WIRETYPE_VARINT, loc + ".i");
                    i = in.readInt64();
                }
                case 4 -> {
                    expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, loc + ".s");
                    s = in.readBytes();
                }
                case 5 -> {
                    int old = enter(in, tag, loc + ".t");
                    t = tensor(in, loc + ".t");
                    in.popLimit(old);
                }
                case 6, 11 -> {
                    expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, loc + ".g");
                    sawGraph = true;
                    in.skipField(tag);
                }
                case 7 -> {
                    if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int old = enter(in, tag, loc + ".floats");
                        while (!in.isAtEnd()) {
                            floats.add(in.readFloat());
                        }
                        in.popLimit(old);
                    } else {
                        expect(tag, WireFormat.WIRETYPE_FIXED32, loc + ".floats");
                        floats.add(in.readFloat());
                    }
                }
                case 8 -> {
                    if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int old = enter(in, tag, loc + ".ints");
                        while (!in.isAtEnd()) {
                            ints.add(in.readInt64());
                        }
                        in.popLimit(old);
                    } else {
                        expect(tag, WireFormat.WIRETYPE_VARINT, loc + ".ints");
                        ints.add(in.readInt64());
                    }
                }
                case 9 -> {
                    expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, loc + ".strings");
                    strings.add(in.readBytes());
                }
                default -> skip(in, tag, loc);
            }
        }
        if (type == 0) {
            // IR < 3 files may omit the type: infer it from the field that was set.
            if (t != null) {
                type = Attribute.TENSOR;
            } else if (sawGraph) {
                type = Attribute.GRAPH;
            } else if (!floats.isEmpty()) {
                type = Attribute.FLOATS;
            } else if (!ints.isEmpty()) {
                type = Attribute.INTS;
            } else if (!strings.isEmpty()) {
                type = Attribute.STRINGS;
            } else if (!s.isEmpty()) {
                type = Attribute.STRING;
            } else if (f != 0) {
                type = Attribute.FLOAT;
            } else {
                type = Attribute.INT;
            }
        }
        return new Attribute(name, type, f, i, s, t, List.copyOf(floats), List.copyOf(ints), List.copyOf(strings));
    }

    private Tensor tensor(CodedInputStream in, String loc) throws IOException, InvalidNetworkException {
        LongBuffer dims = new LongBuffer();
        int dataType = 0;
        String name = "";
        Span raw = null;
        FloatBuffer floats = new FloatBuffer();
        LongBuffer int32 = new LongBuffer();
        LongBuffer int64 = new LongBuffer();
        DoubleBuffer doubles = new DoubleBuffer();
        Map<String, String> external = new LinkedHashMap<>();
        boolean isExternal = false;
        int dimsFields = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int field = WireFormat.getTagFieldNumber(tag);
            int wt = WireFormat.getTagWireType(tag);
            switch (field) {
                case 1 -> {
                    dimsFields++;
                    varints(in, tag, loc + ".dims", dims, false);
                }
                case 2 -> {
                    expect(tag, WireFormat.WIRETYPE_VARINT, loc + ".data_type");
                    dataType = in.readInt32();
                }
                case 4 -> {
                    if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int old = enter(in, tag, loc + ".float_data");
                        while (!in.isAtEnd()) {
                            floats.add(in.readFloat());
                        }
                        in.popLimit(old);
                    } else {
                        expect(tag, WireFormat.WIRETYPE_FIXED32, loc + ".float_data");
                        floats.add(in.readFloat());
                    }
                }
                case 5 -> varints(in, tag, loc + ".int32_data", int32, true);
                case 7 -> varints(in, tag, loc + ".int64_data", int64, false);
                case 8 -> name = string(in, tag, loc + ".name");
                case 9 -> {
                    expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, loc + ".raw_data");
                    int length = length(in, loc + ".raw_data");
                    raw = new Span(in.getTotalBytesRead(), length);
                    in.skipRawBytes(length);
                }
                case 10 -> {
                    if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int old = enter(in, tag, loc + ".double_data");
                        while (!in.isAtEnd()) {
                            doubles.add(in.readDouble());
                        }
                        in.popLimit(old);
                    } else {
                        expect(tag, WireFormat.WIRETYPE_FIXED64, loc + ".double_data");
                        doubles.add(in.readDouble());
                    }
                }
                case 13 -> {
                    int old = enter(in, tag, loc + ".external_data");
                    String key = "";
                    String value = "";
                    for (int t2 = in.readTag(); t2 != 0; t2 = in.readTag()) {
                        switch (WireFormat.getTagFieldNumber(t2)) {
                            case 1 -> key = string(in, t2, loc + ".external_data.key");
                            case 2 -> value = string(in, t2, loc + ".external_data.value");
                            default -> skip(in, t2, loc + ".external_data");
                        }
                    }
                    in.popLimit(old);
                    external.put(key, value);
                }
                case 14 -> {
                    expect(tag, WireFormat.WIRETYPE_VARINT, loc + ".data_location");
                    isExternal = in.readEnum() == 1;
                }
                default -> skip(in, tag, loc);
            }
        }
        return new Tensor(name, dims.toArray(), dataType, raw, floats.toArray(), int32.toArray(), int64.toArray(),
                doubles.toArray(), isExternal, Map.copyOf(external), dimsFields);
    }

    private ValueInfo valueInfo(CodedInputStream in, String loc) throws IOException, InvalidNetworkException {
        String name = "";
        int elemType = 0;
        Optional<List<Dim>> shape = Optional.empty();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> name = string(in, tag, loc + ".name");
                case 2 -> {
                    int old = enter(in, tag, loc + ".type");
                    for (int t2 = in.readTag(); t2 != 0; t2 = in.readTag()) {
                        if (WireFormat.getTagFieldNumber(t2) == 1) {
                            int old2 = enter(in, t2, loc + ".type.tensor_type");
                            for (int t3 = in.readTag(); t3 != 0; t3 = in.readTag()) {
                                switch (WireFormat.getTagFieldNumber(t3)) {
                                    case 1 -> {
                                        expect(t3, WireFormat.WIRETYPE_VARINT, loc + ".type.tensor_type.elem_type");
                                        elemType = in.readInt32();
                                    }
                                    case 2 -> {
                                        int old3 = enter(in, t3, loc + ".type.tensor_type.shape");
                                        shape = Optional.of(shape(in, loc + ".type.tensor_type.shape"));
                                        in.popLimit(old3);
                                    }
                                    default -> skip(in, t3, loc + ".type.tensor_type");
                                }
                            }
                            in.popLimit(old2);
                        } else {
                            skip(in, t2, loc + ".type");
                        }
                    }
                    in.popLimit(old);
                }
                default -> skip(in, tag, loc);
            }
        }
        return new ValueInfo(name, elemType, shape);
    }

    private List<Dim> shape(CodedInputStream in, String loc) throws IOException, InvalidNetworkException {
        List<Dim> dims = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) != 1) {
                skip(in, tag, loc);
                continue;
            }
            String l = loc + ".dim[" + dims.size() + "]";
            int old = enter(in, tag, l);
            long value = 0;
            String param = "";
            boolean known = false;
            for (int t2 = in.readTag(); t2 != 0; t2 = in.readTag()) {
                switch (WireFormat.getTagFieldNumber(t2)) {
                    case 1 -> {
                        expect(t2, WireFormat.WIRETYPE_VARINT, l + ".dim_value");
                        value = in.readInt64();
                        known = true;
                    }
                    case 2 -> {
                        param = string(in, t2, l + ".dim_param");
                        known = false;
                    }
                    default -> skip(in, t2, l);
                }
            }
            in.popLimit(old);
            dims.add(new Dim(value, param, known));
        }
        return List.copyOf(dims);
    }

    private void varints(CodedInputStream in, int tag, String loc, LongBuffer out, boolean int32)
            throws IOException, InvalidNetworkException {
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int old = enter(in, tag, loc);
            while (!in.isAtEnd()) {
                out.add(int32 ? in.readInt32() : in.readInt64());
            }
            in.popLimit(old);
        } else {
            expect(tag, WireFormat.WIRETYPE_VARINT, loc);
            out.add(int32 ? in.readInt32() : in.readInt64());
        }
    }

    /** Reads a length prefix of a nested message and limits the stream to it; returns the old limit. */
    private int enter(CodedInputStream in, int tag, String loc) throws IOException, InvalidNetworkException {
        expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, loc);
        return in.pushLimit(length(in, loc));
    }

    /** Reads a length prefix and checks it against the bytes that remain in the enclosing message. */
    private int length(CodedInputStream in, String loc) throws IOException, InvalidNetworkException {
        int length = in.readRawVarint32();
        if (length < 0) {
            throw new InvalidNetworkException(file, loc, "negative or overflowing length " + length);
        }
        if (length > in.getBytesUntilLimit()) {
            throw new InvalidNetworkException(file, loc, "truncated: the field claims " + length
                    + " bytes but only " + in.getBytesUntilLimit() + " remain");
        }
        return length;
    }

    private String string(CodedInputStream in, int tag, String loc) throws IOException, InvalidNetworkException {
        expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, loc);
        return new String(in.readByteArray(), StandardCharsets.UTF_8);
    }

    private void expect(int tag, int wireType, String loc) throws InvalidNetworkException {
        int actual = WireFormat.getTagWireType(tag);
        if (actual != wireType) {
            throw new InvalidNetworkException(file, loc, "wrong wire type " + actual + " for field "
                    + WireFormat.getTagFieldNumber(tag) + " (expected " + wireType + ")");
        }
    }

    private void skip(CodedInputStream in, int tag, String loc) throws IOException, InvalidNetworkException {
        int wt = WireFormat.getTagWireType(tag);
        if (wt == WireFormat.WIRETYPE_START_GROUP || wt == WireFormat.WIRETYPE_END_GROUP || wt > 5) {
            throw new InvalidNetworkException(file, loc, "unexpected wire type " + wt + " for field "
                    + WireFormat.getTagFieldNumber(tag));
        }
        if (WireFormat.getTagFieldNumber(tag) == 0) {
            throw new InvalidNetworkException(file, loc, "invalid field number 0");
        }
        if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int old = enter(in, tag, loc);
            in.skipRawBytes(in.getBytesUntilLimit());
            in.popLimit(old);
            return;
        }
        in.skipField(tag);
    }

    /** A growable long array (repeated fields can be long; boxing them would waste memory). */
    private static final class LongBuffer {
        private long[] a = new long[8];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    private static final class FloatBuffer {
        private float[] a = new float[8];
        private int n;

        void add(float v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    private static final class DoubleBuffer {
        private double[] a = new double[8];
        private int n;

        void add(double v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        double[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
