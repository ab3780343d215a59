package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.onnx.Flow.Ax;
import io.github.lstmhdl.onnx.Flow.Role;
import io.github.lstmhdl.onnx.OnnxProto.Dim;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import io.github.lstmhdl.onnx.OnnxProto.ValueInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What each axis of the sequence input means (time, batch, feature), read from the first LSTM that the
 * input reaches through axis-preserving ops and Transposes (as each op's {@link OpTranslator.AxisPath}
 * says); and the {@link Flow} the translation starts from. The meanings are then tracked node by node
 * on the dynamic path.
 */
final class AxisRoles {
    private final String file;
    private final DynamicNode.Services services;

    AxisRoles(String file, DynamicNode.Services services) {
        this.file = file;
        this.services = services;
    }

    private InvalidNetworkException fail(String location, String reason) {
        return new InvalidNetworkException(file, location, reason);
    }

    /**
     * What each axis of the sequence input means, found by following Transposes from the input to the
     * first LSTM's X (or the first Conv's, [batch, channels, time]); [TIME, BATCH, FEATURE] when neither is
     * reached.
     */
    Role[] inputRoles(ValueInfo sequence, List<Node> order) throws InvalidNetworkException {
        int rank = sequence.shape().map(List::size).orElse(3);
        String integer = switch (sequence.elemType()) {
            case OnnxProto.UINT8 -> "uint8";
            case OnnxProto.INT8 -> "int8";
            case OnnxProto.INT32 -> "int32";
            case OnnxProto.INT64 -> "int64";
            default -> null;
        };
        if (integer != null) {
            throw fail("graph input '" + sequence.name() + "'", "an integer (" + integer + ") sequence input of rank "
                    + rank + ", such as token or byte indices looked up in an embedding table (Cast + Gather), is"
                    + " not supported yet: the sequence input must be float32");
        }
        if (rank != 3) {
            throw fail("graph input '" + sequence.name() + "'", "the sequence input must have rank 3"
                    + " ([time, batch, feature] or [batch, time, feature]), not " + rank);
        }
        // the nodes by the tensor they read as input 0, in order: one lookup per hop, not a scan of the
        // graph (a chain of n Identity nodes took n² steps)
        Map<String, List<Node>> readers = new HashMap<>();
        for (Node n : order) {
            if (!n.inputs().isEmpty()) {
                readers.computeIfAbsent(n.inputs().get(0), k -> new ArrayList<>()).add(n);
            }
            // a commutative op (Add) may take the flow at input 1, as PyTorch writes Add(bias, MatMul)
            if (n.inputs().size() > 1 && OpTable.handled(n.opType()).flowInputs() == OpTable.FlowInputs.EITHER) {
                readers.computeIfAbsent(n.inputs().get(1), k -> new ArrayList<>()).add(n);
            }
        }
        int[] origin = {0, 1, 2};
        String current = sequence.name();
        while (true) {
            Node n = null;
            OpTranslator op = null;
            for (Node r : readers.getOrDefault(current, List.of())) {
                OpTranslator t = OpTable.handled(r.opType()).translator();
                if (t != null && t.axisPath() != OpTranslator.AxisPath.ENDS) {
                    n = r;
                    op = t;
                    break;
                }
            }
            if (n == null) {
                break;
            }
            switch (op.axisPath()) {
                case RECURRENT -> {
                    int layout = ((RecurrentTranslator) op).layout(services, n);
                    Role[] at = layout == 0 ? new Role[] {Role.TIME, Role.BATCH, Role.FEATURE}
                            : new Role[] {Role.BATCH, Role.TIME, Role.FEATURE};
                    Role[] roles = new Role[3];
                    for (int i = 0; i < 3; i++) {
                        roles[origin[i]] = at[i];
                    }
                    return roles;
                }
                case CONVOLUTION -> {
                    Role[] at = {Role.BATCH, Role.FEATURE, Role.TIME};
                    Role[] roles = new Role[3];
                    for (int i = 0; i < 3; i++) {
                        roles[origin[i]] = at[i];
                    }
                    return roles;
                }
                case PERMUTES -> {
                    NodeContext c = new NodeContext(file, n, services.budget());
                    int[] p = ShapeArithmetic.permutation(c, c.ints("perm"), 3);
                    int[] next = new int[3];
                    for (int i = 0; i < 3; i++) {
                        next[i] = origin[p[i]];
                    }
                    origin = next;
                }
                case KEEPS, ENDS -> {
                    // Identity, Dropout, Cast: the axes keep their meaning
                }
            }
            current = n.outputs().isEmpty() ? "" : n.outputs().get(0);
        }
        return new Role[] {Role.TIME, Role.BATCH, Role.FEATURE};
    }

    static Flow startFlow(ValueInfo sequence, Role[] roles) {
        List<Ax> axes = new ArrayList<>();
        List<Dim> dims = sequence.shape().orElse(List.of());
        for (int i = 0; i < roles.length; i++) {
            Dim d = i < dims.size() ? dims.get(i) : new Dim(0, "", false);
            long dim;
            if (d.known() && d.value() > 0) {
                dim = d.value();
            } else {
                dim = roles[i] == Role.BATCH ? 1 : Constant.UNKNOWN;
            }
            axes.add(new Ax(roles[i], dim));
        }
        // the feature size a per-step layer on the input itself sees (0 when the file leaves it open)
        long features = axes.get(List.of(roles).indexOf(Role.FEATURE)).dim();
        return new Flow(LayerChain.EMPTY, axes, features > 0 && features <= Integer.MAX_VALUE ? (int) features : 0);
    }
}
