package io.github.lstmhdl.codegen;

import java.util.Objects;
import java.util.Optional;

/**
 * The names of everything generated for one network file, so every front end places them alike: for
 * {@code lstm_model.onnx} in package {@code com.example.networks}, the class
 * {@code com.example.networks.LstmModelOffsets} and, under the resources root,
 * {@code com/example/networks/lstm_model.elf}, {@code .h} and {@code .memory-map.json}.
 *
 * @param baseName        the network's file name without extension, with characters other than
 *                        letters, digits, '.', '_' and '-' replaced by '_'
 * @param packageName     the Java package ({@code ""} for none)
 * @param className       the constants class's simple name
 * @param macroPrefix     the C header's macro prefix
 */
public record OutputNames(String baseName, String packageName, String className, String macroPrefix) {

    /** How the JSON memory map's file name ends: {@code lstm_model.memory-map.json}. */
    public static final String MEMORY_MAP_SUFFIX = ".memory-map.json";

    public OutputNames {
        Objects.requireNonNull(baseName, "baseName");
        Identifiers.requireValidPackage(packageName);
        Identifiers.requireValidClassName(className);
        new CHeaderWriter(macroPrefix);
    }

    /**
     * The names for a network file.
     *
     * @param networkFileName the file's name or path ({@code lstm_model.onnx}, {@code net.lstm.json})
     * @param packageName     the package of the constants class
     * @param className       an explicit class name, or empty for {@code <Name>Offsets}
     * @throws IllegalArgumentException for an invalid package or class name
     */
    public static OutputNames of(String networkFileName, String packageName, Optional<String> className) {
        String base = Identifiers.baseName(networkFileName).replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.isEmpty() || base.startsWith(".")) {
            base = "network" + base;
        }
        String cls = className.filter(c -> !c.isEmpty()).orElseGet(() -> Identifiers.className(networkFileName));
        return new OutputNames(base, packageName, cls, CHeaderWriter.prefixFor(networkFileName));
    }

    private String dir() {
        return packageName.isEmpty() ? "" : packageName.replace('.', '/') + "/";
    }

    /** The image's path under the resources root, such as {@code com/example/networks/lstm_model.elf}. */
    public String imagePath() {
        return dir() + baseName + ".elf";
    }

    /** The image's classpath resource name, such as {@code /com/example/networks/lstm_model.elf}. */
    public String imageResource() {
        return "/" + imagePath();
    }

    /** The C header's path under the resources root. */
    public String headerPath() {
        return dir() + baseName + ".h";
    }

    /** The JSON memory map's path under the resources root. */
    public String memoryMapPath() {
        return dir() + baseName + MEMORY_MAP_SUFFIX;
    }

    /** The constants class's writer. */
    public JavaConstantsWriter javaWriter() {
        return new JavaConstantsWriter(packageName, className);
    }

    /** The C header's writer. */
    public CHeaderWriter headerWriter() {
        return new CHeaderWriter(macroPrefix);
    }
}
