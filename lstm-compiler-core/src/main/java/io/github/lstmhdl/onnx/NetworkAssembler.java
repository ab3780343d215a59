package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.NetworkOutput;
import io.github.lstmhdl.ir.SequenceInput;
import io.github.lstmhdl.layout.Axis;
import io.github.lstmhdl.onnx.Flow.Ax;
import io.github.lstmhdl.onnx.Flow.Role;
import io.github.lstmhdl.onnx.OnnxProto.Dim;
import io.github.lstmhdl.onnx.OnnxProto.ValueInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles the {@link Network} from the flow that reaches the output: names the layers ({@link
 * LayerNames}: the exporter's clean node names, else by kind and position, {@code lstm_1}, {@code fc_2}), describes the sequence input and maps the axis roles of the
 * output onto the IR's axes.
 */
final class NetworkAssembler {
    private final String file;
    private final String networkName;
    private final long maxElements;
    private final boolean positionalNames;

    NetworkAssembler(String file, String networkName, long maxElements, boolean positionalNames) {
        this.file = file;
        this.positionalNames = positionalNames;
        this.networkName = networkName;
        this.maxElements = maxElements;
    }

    private InvalidNetworkException fail(String location, String reason) {
        return new InvalidNetworkException(file, location, reason);
    }

    Network build(ValueInfo sequence, Role[] roles, Flow flow, ValueInfo output) throws InvalidNetworkException {
        String where = "output '" + output.name() + "'";
        if (flow.layers().isEmpty()) {
            throw fail(where, "no layer lies between the sequence input and the output");
        }
        List<Layer> named = LayerNames.name(flow.layers().toList(), positionalNames);
        List<Dim> dims = sequence.shape().orElse(List.of());
        List<Axis> inAxes = new ArrayList<>();
        int seqLen = 0;
        int batch = 0;
        for (int i = 0; i < roles.length; i++) {
            inAxes.add(Axis.valueOf(roles[i].name()));
            Dim d = i < dims.size() ? dims.get(i) : new Dim(0, "", false);
            long v = d.known() ? d.value() : 0;
            if (v < 0 || v > maxElements) {
                throw fail("graph input '" + sequence.name() + "'", "dimension " + v + " is not a usable size");
            }
            if (roles[i] == Role.TIME) {
                seqLen = (int) v;
            } else if (roles[i] == Role.BATCH) {
                batch = (int) v;
            } else if (d.known() && v != named.get(0).inputSize()) {
                throw fail("graph input '" + sequence.name() + "'", "declares " + v + " features but the first layer"
                        + " expects " + named.get(0).inputSize());
            }
        }
        List<Axis> outAxes = outputAxes(flow);
        try {
            SequenceInput input = new SequenceInput(sequence.name(), named.get(0).inputSize(), seqLen, batch, inAxes);
            return new Network(networkName, input, named, new NetworkOutput(output.name(), outAxes));
        } catch (IllegalArgumentException e) {
            throw fail(where, e.getMessage());
        }
    }

    /** The IR's axes of a flow that reaches a graph output. */
    static List<Axis> outputAxes(Flow flow) {
        List<Axis> outAxes = new ArrayList<>();
        for (Ax a : flow.axes()) {
            outAxes.add(switch (a.role()) {
                case TIME -> Axis.TIME;
                case LAST_TIME, UNIT -> Axis.UNIT;
                case BATCH -> Axis.BATCH;
                case FEATURE -> Axis.FEATURE;
                case DIRECTION -> a.dim() > 1 ? Axis.DIRECTION : Axis.UNIT;
            });
        }
        return outAxes;
    }
}
