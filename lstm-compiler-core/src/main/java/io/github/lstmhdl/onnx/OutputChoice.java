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

    /**
     * The graph outputs to compile: those {@code options} names (several separated by commas, each a
     * graph output), or every graph output when it names none. One of them becomes the main output, the
     * others must be state outputs (docs/formats.md, "State ports").
     */
    static List<ValueInfo> chooseAll(String file, List<ValueInfo> outs, ImportOptions options)
            throws InvalidNetworkException {
        if (outs.isEmpty()) {
            throw new InvalidNetworkException(file, "graph", "the graph declares no outputs");
        }
        if (options.outputName().isEmpty()) {
            return List.copyOf(outs);
        }
        List<ValueInfo> chosen = new java.util.ArrayList<>();
        for (String want : options.outputName().get().split(",", -1)) {
            ValueInfo found = outs.stream().filter(v -> v.name().equals(want)).findFirst().orElseThrow(() ->
                    new InvalidNetworkException(file, "graph", "there is no graph output '" + want + "'; outputs: "
                            + names(outs)));
            if (chosen.contains(found)) {
                throw new InvalidNetworkException(file, "graph", "graph output '" + want + "' is chosen twice");
            }
            chosen.add(found);
        }
        return List.copyOf(chosen);
    }

    private static List<String> names(List<ValueInfo> vs) {
        return vs.stream().map(ValueInfo::name).toList();
    }
}
