package io.github.lstmhdl.onnx;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The values known so far while a graph is translated, by tensor name: {@link Constant}s and
 * {@link Flow}s. It also counts, for every float array, how many entries hold it (folded Identity or
 * Reshape results share the array of their input), so that whether a node's weights are held by
 * anything else is answered at once instead of by a scan over all values, which made translating a
 * long chain quadratic.
 */
final class ValueTable {
    private final Map<String, Value> values = new HashMap<>();
    private final Map<float[], Integer> holders = new IdentityHashMap<>();

    /** The value of {@code name}, or null when none is known (yet, or any more). */
    Value get(String name) {
        return values.get(name);
    }

    /** Records (or replaces) the value of {@code name}. */
    void put(String name, Value value) {
        count(values.put(name, value), -1);
        count(value, 1);
    }

    /** Forgets the value of {@code name}. */
    void remove(String name) {
        count(values.remove(name), -1);
    }

    /** How many entries hold {@code array}. */
    int holders(float[] array) {
        return holders.getOrDefault(array, 0);
    }

    private void count(Value value, int delta) {
        if (value instanceof Constant c && c.isFloat()) {
            holders.merge(c.floats(), delta, (a, b) -> a + b == 0 ? null : a + b);
        }
    }
}
