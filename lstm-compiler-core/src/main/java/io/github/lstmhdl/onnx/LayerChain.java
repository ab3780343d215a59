package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.Layer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The layers found so far on the dynamic path, as an immutable chain that grows at its end in constant
 * time and shares everything before with the chain it grew from. Every node on the path adds a layer or
 * passes the chain on; copying a list per node made a path of n nodes take n² time and memory.
 */
final class LayerChain {
    static final LayerChain EMPTY = new LayerChain(null, null, 0);

    private final LayerChain previous;
    private final Layer last;
    private final int size;

    private LayerChain(LayerChain previous, Layer last, int size) {
        this.previous = previous;
        this.last = last;
        this.size = size;
    }

    /** This chain with {@code layer} added at the end. */
    LayerChain plus(Layer layer) {
        return new LayerChain(this, layer, size + 1);
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The last layer, or null when the chain is empty. */
    Layer last() {
        return last;
    }

    /** This chain without its last layer (a non-empty chain). */
    LayerChain withoutLast() {
        if (isEmpty()) {
            throw new IllegalStateException("an empty chain has no last layer");
        }
        return previous;
    }

    /**
     * This chain with the layer {@code back} places before the end replaced ({@code back} 0: the last);
     * takes time in {@code back} only.
     */
    LayerChain replacingFromEnd(int back, Layer layer) {
        List<Layer> after = new ArrayList<>();
        LayerChain c = this;
        for (int i = 0; i < back; i++) {
            after.add(c.last);
            c = c.previous;
        }
        LayerChain result = c.previous.plus(layer);
        for (int i = after.size() - 1; i >= 0; i--) {
            result = result.plus(after.get(i));
        }
        return result;
    }

    /** How many places before the end the last layer of {@code kind} is, or -1 when there is none. */
    int backToLast(Class<? extends Layer> kind) {
        int back = 0;
        for (LayerChain c = this; c.size > 0; c = c.previous, back++) {
            if (kind.isInstance(c.last)) {
                return back;
            }
        }
        return -1;
    }

    /** The layer {@code back} places before the end. */
    Layer fromEnd(int back) {
        LayerChain c = this;
        for (int i = 0; i < back; i++) {
            c = c.previous;
        }
        return c.last;
    }

    /** The layers, first to last. */
    List<Layer> toList() {
        List<Layer> layers = new ArrayList<>(size);
        for (LayerChain c = this; c.size > 0; c = c.previous) {
            layers.add(c.last);
        }
        Collections.reverse(layers);
        return layers;
    }
}
