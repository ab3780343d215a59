package io.github.lstmhdl.schedule;

import io.github.lstmhdl.lower.Component;
import java.util.List;
import java.util.Objects;

/**
 * Components compiled together: one FC component (or a run of gate-fused FC components, named
 * {@code first>>last}) with the elementwise components of the same layer direction around it, or
 * the elementwise components of a layer without an FC.
 *
 * @param name       the group's name in the log
 * @param components its components, in execution order
 */
public record LayerGroup(String name, List<Component> components) {
    public LayerGroup {
        Objects.requireNonNull(name, "name");
        components = List.copyOf(components);
    }
}
