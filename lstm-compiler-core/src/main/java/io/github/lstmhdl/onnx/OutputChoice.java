package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.onnx.OnnxProto.ValueInfo;
import io.github.lstmhdl.source.ImportOptions;
import java.util.List;

/** Chooses the graph output that becomes the network's output: the one the user names, or the only one. */
final class OutputChoice {
    /** How a user picks one of several graph outputs: the CLI's {@code --output-name} and the Java API. */
    private static final String CHOOSE_OUTPUT = "CLI: --output-name NAME; Java API: ImportOptions.withOutput";

    private OutputChoice() {
    }

    /** The output of {@code outs} that {@code options} names, or the only one. */
    static ValueInfo choose(String file, List<ValueInfo> outs, ImportOptions options) throws InvalidNetworkException {
        if (outs.isEmpty()) {
            throw new InvalidNetworkException(file, "graph", "the graph declares no outputs");
        }
        if (options.outputName().isPresent()) {
            String want = options.outputName().get();
            for (ValueInfo v : outs) {
                if (v.name().equals(want)) {
                    return v;
                }
            }
            throw new InvalidNetworkException(file, "graph", "there is no graph output '" + want + "'; outputs: " + names(outs));
        }
        if (outs.size() > 1) {
            throw new InvalidNetworkException(file, "graph", "the graph has " + outs.size() + " outputs " + names(outs)
                    + "; choose one (" + CHOOSE_OUTPUT + ")");
        }
        return outs.get(0);
    }

    private static List<String> names(List<ValueInfo> vs) {
        return vs.stream().map(ValueInfo::name).toList();
    }
}
