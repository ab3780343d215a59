package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.onnx.OnnxProto.Dim;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import io.github.lstmhdl.onnx.OnnxProto.ValueInfo;
import io.github.lstmhdl.source.ImportOptions;
import java.util.Arrays;
import java.util.List;

/**
 * Resolves a tensor name to its {@link Value}: one found so far in the {@link ValueTable}, or, on first
 * use, a bound graph input or an initializer, decoded lazily (so that an initializer nothing needs is
 * never decoded) and charged to the import budget.
 */
final class ValueResolver {
    private final String file;
    private final GraphIndex index;
    private final ImportOptions options;
    private final TensorDecoder decoder;
    private final ValueTable values;

    ValueResolver(String file, GraphIndex index, ImportOptions options, TensorDecoder decoder, ValueTable values) {
        this.file = file;
        this.index = index;
        this.options = options;
        this.decoder = decoder;
        this.values = values;
    }

    private InvalidNetworkException fail(String location, String reason) {
        return new InvalidNetworkException(file, location, reason);
    }

    /**
     * The value of {@code name} read by {@code user} (null: by the graph output): the value known so far,
     * else the bound or initializer tensor, decoded, checked to be finite and recorded in the table.
     */
    Value resolve(String name, Node user) throws InvalidNetworkException {
        Value v = values.get(name);
        if (v != null) {
            return v;
        }
        Constant c;
        if (options.bindings().containsKey(name)) {
            FloatTensor t = options.bindings().get(name);
            decoder.budget().charge(t.size(), Float.BYTES, "graph input '" + name + "'");
            c = Constant.ofFloats(t.toArray(), t.shape());
            ValueInfo declared = index.inputs.get(name);
            if (declared != null && declared.shape().isPresent()) {
                List<Dim> dims = declared.shape().get();
                boolean ok = dims.size() == t.rank();
                for (int i = 0; ok && i < dims.size(); i++) {
                    ok = !dims.get(i).known() || dims.get(i).value() == t.dim(i);
                }
                if (!ok) {
                    throw fail("graph input '" + name + "'", "the bound value has shape " + Arrays.toString(t.shape())
                            + " but the graph declares " + dims);
                }
            }
        } else if (index.initializers.containsKey(name)) {
            c = decoder.decode(index.initializers.get(name), "initializer '" + name + "'");
        } else {
            throw fail(user == null ? "tensor '" + name + "'" : Nodes.at(user), "tensor '" + name + "' has no value");
        }
        if (c.isFloat()) {
            for (int i = 0; i < c.floats().length; i++) {
                if (!Float.isFinite(c.floats()[i])) {
                    throw fail("tensor '" + name + "'", "tensor '" + name + "' holds a non-finite value ("
                            + c.floats()[i] + ") at flat index " + i);
                }
            }
        }
        values.put(name, c);
        return c;
    }
}
