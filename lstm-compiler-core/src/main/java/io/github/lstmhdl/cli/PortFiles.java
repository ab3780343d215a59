package io.github.lstmhdl.cli;

import io.github.lstmhdl.sim.SimulationException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of {@code run}'s repeatable {@code --input} and {@code --output}: {@code NAME=FILE} for the
 * graph input or output NAME of the image, a bare FILE for the first one (the main input or output). A
 * value is NAME=FILE only when the part before its first '=' is one of the image's names, so a bare path
 * that holds '=' still works.
 */
final class PortFiles {
    private PortFiles() {
    }

    /**
     * The files by tensor name, in the order given.
     *
     * @throws UsageException for a tensor given twice
     */
    static Map<String, Path> of(String flag, List<String> values, List<String> names) throws UsageException {
        Map<String, Path> files = new LinkedHashMap<>();
        for (String value : values) {
            int eq = value.indexOf('=');
            boolean named = eq > 0 && names.contains(value.substring(0, eq));
            String name = named ? value.substring(0, eq) : names.get(0);
            String file = named ? value.substring(eq + 1) : value;
            if (file.isEmpty()) {
                throw new UsageException(flag + " " + value + " names no file");
            }
            if (files.put(name, Path.of(file)) != null) {
                throw new UsageException(flag + " gives the tensor '" + name + "' twice (the image's names are "
                        + names + "; a bare FILE is '" + names.get(0) + "')");
            }
        }
        return files;
    }

    /**
     * The input file that a simulation error about an input concerns: the one of the tensor its location
     * names ({@code input tensor NAME}), else the main input's, else the image.
     */
    static Path fileOf(SimulationException e, Map<String, Path> inputs, Path image) {
        for (Map.Entry<String, Path> in : inputs.entrySet()) {
            if (e.location().equals("input tensor " + in.getKey())) {
                return in.getValue();
            }
        }
        return inputs.values().stream().findFirst().orElse(image);
    }
}
