package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.Network;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The names of the imported layers. Positional names (the toolbox's: kind and a per-kind counter,
 * {@code lstm_1}, {@code fc_2}) unless the exporter named the layer's node cleanly, as MATLAB's export
 * does: then the layer keeps that name ({@code lstm} gives {@code lstm.wi}; {@code fc_1_MatMul} +
 * {@code fc_1_Add} give {@code fc_1}). A node name is clean when, after dropping one MATLAB per-op
 * suffix ({@code _MatMul}, {@code _Add}, {@code _Gemm}), it is a layer name ({@link Network#NAME_PATTERN})
 * that is not an op type followed by a counter ({@code LSTM__51}, {@code LSTM_9}, {@code Gemm_0}: the
 * names PyTorch and tf2onnx derive from the op) and no other layer's name, clean or positional, in any
 * letter case;
 * names such as {@code /lstm/LSTM} are not layer names. {@code positional} forces positional names.
 */
final class LayerNames {
    private static final List<String> MATLAB_SUFFIXES = List.of("_MatMul", "_Add", "_Gemm");
    private static final Pattern OP_COUNTER = Pattern.compile("([A-Za-z]+)_+\\d*");

    private LayerNames() {
    }

    /** The layers under their final names, in order. */
    static List<Layer> name(List<Layer> layers, boolean positional) {
        List<String> positions = new ArrayList<>();
        Map<String, Integer> counters = new HashMap<>();
        for (Layer l : layers) {
            String prefix = l.namePrefix();
            positions.add(prefix + "_" + counters.merge(prefix, 1, Integer::sum));
        }
        List<String> clean = new ArrayList<>();
        Map<String, Integer> uses = new HashMap<>();
        for (Layer l : layers) {
            String c = positional ? null : clean(l.origin());
            clean.add(c);
            if (c != null) {
                uses.merge(c.toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
        }
        List<Layer> named = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            String c = clean.get(i);
            // unique also ignoring case: the generated constants spell names in upper case
            boolean ok = c != null && uses.get(c.toLowerCase(Locale.ROOT)) == 1;
            for (int j = 0; ok && j < layers.size(); j++) {
                ok = j == i || !positions.get(j).equalsIgnoreCase(c);
            }
            named.add(layers.get(i).withName(ok ? c : positions.get(i)));
        }
        return named;
    }

    /** The clean layer name a node name gives, or null. */
    static String clean(String nodeName) {
        String name = nodeName;
        for (String suffix : MATLAB_SUFFIXES) {
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                name = name.substring(0, name.length() - suffix.length());
                break;
            }
        }
        if (!Network.NAME_PATTERN.matcher(name).matches()) {
            return null;
        }
        var m = OP_COUNTER.matcher(name);
        if (m.matches() && OpTable.isOpType(m.group(1)) || OpTable.isOpType(name)) {
            return null;
        }
        return name;
    }
}
