package io.github.lstmhdl.maven;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings for one network file that differ from the plugin's global configuration. Written in a pom
 * as
 *
 * <pre>{@code
 * <networks>
 *   <network>
 *     <file>speech/kws.onnx</file>
 *     <className>KeywordSpotter</className>
 *     <memorySize>64MiB</memorySize>
 *     <gateFusion>false</gateFusion>
 *   </network>
 * </networks>
 * }</pre>
 *
 * <p>{@code file} is the network's path relative to {@code sourceDirectory} ('/' separators). Every
 * processor field ({@code ProcessorConfig.FIELDS}) and {@code preset} may be given; values are
 * written as in the global parameters ({@code 512MiB}, {@code 0x20000000}, {@code true}, ...).
 * Unset fields keep the global value.
 */
public class NetworkOverride {

    /** The network file, relative to sourceDirectory, e.g. {@code kws.onnx} or {@code speech/kws.lstm.json}. */
    private String file;

    /** The generated constants class's simple name; default {@code <Name>Offsets} from the file name. */
    private String className;

    /** The processor preset to start from, instead of the global {@code preset}. */
    private String preset;

    private String dataType;
    private String baseAddress;
    private String memorySize;
    private String alignment;
    private String maxSequenceLength;
    private String fcThreads;
    private String fcInputMemorySize;
    private String fcOutputMemorySize;
    private String fcTiling;
    private String addBlock;
    private String multiplyBlock;
    private String sigmoidBlock;
    private String tanhBlock;
    private String softmaxOnHost;
    private String gateFusion;
    private String fusedActivations;
    private String inputProjection;
    private String clockFrequencyMHz;
    private String memoryBandwidthMBps;

    /** For Maven's configurator. */
    public NetworkOverride() {
    }

    /** The network file this override applies to (relative to sourceDirectory); may be null if unset. */
    public String getFile() {
        return file;
    }

    public void setFile(String file) {
        this.file = file;
    }

    /** The generated class's simple name, or null for the default. */
    public String getClassName() {
        return className;
    }

    public void setClassName(String className) {
        this.className = className;
    }

    /** The preset to start from, or null for the global one. */
    public String getPreset() {
        return preset;
    }

    public void setPreset(String preset) {
        this.preset = preset;
    }

    /**
     * Sets one processor field by name (the names of {@code ProcessorConfig.FIELDS}); for tests and
     * for programmatic use.
     *
     * @throws IllegalArgumentException for an unknown field
     */
    public NetworkOverride set(String field, String value) {
        switch (field) {
            case "dataType" -> dataType = value;
            case "baseAddress" -> baseAddress = value;
            case "memorySize" -> memorySize = value;
            case "alignment" -> alignment = value;
            case "maxSequenceLength" -> maxSequenceLength = value;
            case "fcThreads" -> fcThreads = value;
            case "fcInputMemorySize" -> fcInputMemorySize = value;
            case "fcOutputMemorySize" -> fcOutputMemorySize = value;
            case "fcTiling" -> fcTiling = value;
            case "addBlock" -> addBlock = value;
            case "multiplyBlock" -> multiplyBlock = value;
            case "sigmoidBlock" -> sigmoidBlock = value;
            case "tanhBlock" -> tanhBlock = value;
            case "softmaxOnHost" -> softmaxOnHost = value;
            case "gateFusion" -> gateFusion = value;
            case "fusedActivations" -> fusedActivations = value;
            case "inputProjection" -> inputProjection = value;
            case "clockFrequencyMHz" -> clockFrequencyMHz = value;
            case "memoryBandwidthMBps" -> memoryBandwidthMBps = value;
            default -> throw new IllegalArgumentException("unknown processor field '" + field + "'");
        }
        return this;
    }

    /** The processor fields this override sets, by field name, in declaration order. */
    public Map<String, String> processorFields() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "dataType", dataType);
        put(m, "baseAddress", baseAddress);
        put(m, "memorySize", memorySize);
        put(m, "alignment", alignment);
        put(m, "maxSequenceLength", maxSequenceLength);
        put(m, "fcThreads", fcThreads);
        put(m, "fcInputMemorySize", fcInputMemorySize);
        put(m, "fcOutputMemorySize", fcOutputMemorySize);
        put(m, "fcTiling", fcTiling);
        put(m, "addBlock", addBlock);
        put(m, "multiplyBlock", multiplyBlock);
        put(m, "sigmoidBlock", sigmoidBlock);
        put(m, "tanhBlock", tanhBlock);
        put(m, "softmaxOnHost", softmaxOnHost);
        put(m, "gateFusion", gateFusion);
        put(m, "fusedActivations", fusedActivations);
        put(m, "inputProjection", inputProjection);
        put(m, "clockFrequencyMHz", clockFrequencyMHz);
        put(m, "memoryBandwidthMBps", memoryBandwidthMBps);
        return m;
    }

    private static void put(Map<String, String> m, String field, String value) {
        if (value != null && !value.isBlank()) {
            m.put(field, value.trim());
        }
    }

    @Override
    public String toString() {
        return "network " + file;
    }
}
