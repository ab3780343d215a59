package io.github.lstmhdl.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lstmhdl.ir.ConvolutionLayer.PadMode;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.WindowedLayer;
import java.util.Locale;
import java.util.Set;

/**
 * The optional fields of a layer that slides a window over time ({@code convolution1d},
 * {@code maxPool1d}): stride, dilation (default 1), padBefore, padAfter (default 0), padMode
 * ({@code constant}, the default, or {@code reflect}) and padValue (default 0, only for constant).
 */
record WindowFields(int stride, int dilation, int padBefore, int padAfter, PadMode padMode, float padValue) {

    /** The field names, for {@link JsonFields#allowOnly}. */
    static final Set<String> NAMES = Set.of("stride", "dilation", "padBefore", "padAfter", "padMode", "padValue");

    static WindowFields read(JsonFields f, long max) throws InvalidNetworkException {
        int stride = f.optionalPositiveInt("stride", max).orElse(1);
        int dilation = f.optionalPositiveInt("dilation", max).orElse(1);
        int before = f.optionalNonNegativeInt("padBefore", max, 0);
        int after = f.optionalNonNegativeInt("padAfter", max, 0);
        String mode = f.optionalString("padMode").orElse("constant");
        PadMode padMode = switch (mode) {
            case "constant" -> PadMode.CONSTANT;
            case "reflect" -> PadMode.REFLECT;
            default -> throw f.error("padMode", "'padMode' must be \"constant\" or \"reflect\", not \"" + mode + "\"");
        };
        float value = f.optionalFiniteFloat("padValue", 0f);
        if (padMode == PadMode.REFLECT && value != 0f) {
            throw f.error("padValue", "'padValue' is only for padMode \"constant\"");
        }
        return new WindowFields(stride, dilation, before, after, padMode, value);
    }

    /** Writes a layer's window fields (padValue only when it is not 0). */
    static void write(WindowedLayer layer, ObjectNode node) {
        node.put("stride", layer.stride());
        node.put("dilation", layer.dilation());
        node.put("padBefore", layer.padBefore());
        node.put("padAfter", layer.padAfter());
        node.put("padMode", layer.padMode().name().toLowerCase(Locale.ROOT));
        if (layer.padMode() == PadMode.CONSTANT && layer.padValue() != 0f) {
            node.put("padValue", layer.padValue());
        }
    }

    /** {@code names} and the window's field names. */
    static Set<String> with(String... names) {
        java.util.Set<String> all = new java.util.HashSet<>(NAMES);
        all.addAll(Set.of(names));
        return Set.copyOf(all);
    }
}
