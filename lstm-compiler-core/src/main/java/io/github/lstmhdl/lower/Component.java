package io.github.lstmhdl.lower;

import io.github.lstmhdl.isa.ActivationCode;
import java.util.Locale;
import java.util.Objects;

/**
 * One component of the decomposition, as the golden listing and the compile log show it.
 *
 * @param name       unique component name, such as {@code lstm_1.wi} or {@code fc_1}
 * @param layer      the IR layer it comes from
 * @param kernel     where it runs
 * @param kind       what it computes
 * @param rows       FC: output rows (unpadded); elementwise: element count
 * @param cols       FC: input columns; elementwise: 0
 * @param activation FC: the activation applied in the write-back ({@code NONE} when separate)
 * @param fusionKey  components with the same non-empty key execute as one FC instruction (gate fusion)
 */
public record Component(String name, String layer, ComponentKernel kernel, ComponentKind kind, int rows, int cols,
        ActivationCode activation, String fusionKey) {

    public Component {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(fusionKey, "fusionKey");
    }

    /** The shape as text: {@code [4x7]} for an FC, {@code [4]} otherwise. */
    public String shape() {
        return cols > 0 ? "[" + rows + "x" + cols + "]" : "[" + rows + "]";
    }

    /** One line of the golden listing: name, kernel, kind, shape, activation, fusion, layer. */
    public String listingLine() {
        return String.format(Locale.ROOT, "%-20s %-11s %-15s %-10s act=%-10s fused=%-8s layer=%s", name, kernel,
                kind, shape(), activation, fusionKey.isEmpty() ? "-" : fusionKey, layer).stripTrailing();
    }
}
