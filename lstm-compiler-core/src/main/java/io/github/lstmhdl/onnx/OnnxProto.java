package io.github.lstmhdl.onnx;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The subset of the ONNX protobuf messages (field meanings from the ONNX specification, onnx.proto)
 * that the importer reads, as plain immutable records. Unknown fields are skipped by the reader.
 */
final class OnnxProto {
    private OnnxProto() {
    }

    /** TensorProto.DataType values the importer handles. */
    static final int FLOAT = 1;
    static final int UINT8 = 2;
    static final int INT8 = 3;
    static final int UINT16 = 4;
    static final int INT16 = 5;
    static final int INT32 = 6;
    static final int INT64 = 7;
    static final int STRING = 8;
    static final int BOOL = 9;
    static final int FLOAT16 = 10;
    static final int DOUBLE = 11;
    static final int UINT32 = 12;
    static final int UINT64 = 13;

    /** ModelProto: IR version, operator sets and the main graph. */
    record Model(long irVersion, List<OpsetId> opsets, String producer, Graph graph) {
    }

    /** OperatorSetIdProto: a domain ("" or "ai.onnx" is the default domain) and its version. */
    record OpsetId(String domain, long version) {
    }

    /** GraphProto: nodes in file order, initializers, declared inputs and outputs. */
    record Graph(String name, List<Node> nodes, List<Tensor> initializers, List<ValueInfo> inputs,
            List<ValueInfo> outputs) {
    }

    /** NodeProto. Empty input names mean an omitted optional input. */
    record Node(String name, String opType, String domain, List<String> inputs, List<String> outputs,
            Map<String, Attribute> attributes, int index) {

        /** The node's name for messages: its name, or op type and index when unnamed. */
        String label() {
            return name.isEmpty() ? opType + " node #" + index : name;
        }

        Optional<Attribute> attribute(String key) {
            return Optional.ofNullable(attributes.get(key));
        }

        /** Input {@code i}, or "" when absent. */
        String input(int i) {
            return i < inputs.size() ? inputs.get(i) : "";
        }
    }

    /** AttributeProto: one of the value fields is meaningful, according to type. */
    record Attribute(String name, int type, float f, long i, ByteString s, Tensor t, List<Float> floats,
            List<Long> ints, List<ByteString> strings) {
        static final int FLOAT = 1;
        static final int INT = 2;
        static final int STRING = 3;
        static final int TENSOR = 4;
        static final int GRAPH = 5;
        static final int FLOATS = 6;
        static final int INTS = 7;
        static final int STRINGS = 8;
    }

    /**
     * TensorProto as read from the wire: dims, data type, and whichever data field was present. The
     * numbers are decoded (and sizes checked) later, by {@link TensorDecoder}.
     */
    record Tensor(String name, long[] dims, int dataType, Span rawData, float[] floatData,
            long[] int32Data, long[] int64Data, double[] doubleData, boolean external,
            Map<String, String> externalData, int dimsFieldCount) {
    }

    /**
     * Where a tensor's raw_data lies in the model's bytes ({@link ModelBytes}): it is read from there
     * only when the tensor is decoded, so the parsed model does not hold the weights.
     */
    record Span(long offset, int length) {
    }

    /** ValueInfoProto of a tensor: name, element type and shape (empty when not declared). */
    record ValueInfo(String name, int elemType, Optional<List<Dim>> shape) {
    }

    /** One dimension of a declared shape: a value, or a symbolic name (possibly empty). */
    record Dim(long value, String param, boolean known) {
        @Override
        public String toString() {
            return known ? Long.toString(value) : (param.isEmpty() ? "?" : param);
        }
    }
}
