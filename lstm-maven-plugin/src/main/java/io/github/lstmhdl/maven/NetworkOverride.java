package io.github.lstmhdl.maven;

import io.github.lstmhdl.config.ConfigFields;
import java.lang.reflect.Field;
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
 * processor field ({@link ConfigFields}) and {@code preset} may be given; values are
 * written as in the global parameters ({@code 512MiB}, {@code 0x20000000}, {@code true}, ...).
 * Unset fields keep the global value. {@code clockFrequencyMHz} and {@code memoryBandwidthMBps} are
 * recorded in the image metadata and read by the performance estimate. The deadlines
 * {@code maxLatencyPerStep}, {@code maxLatencyPerSequence} and {@code minFramesPerSecond} may be given
 * too; each set one replaces the global parameter for this network. {@code calibration} is the folder of
 * an int8 network's calibration samples ({@code *.npy}), relative to {@code sourceDirectory}; without it
 * the convention {@code <name>.calibration/} beside the network file applies.
 */
public class NetworkOverride {

    /** The network file, relative to sourceDirectory, e.g. {@code kws.onnx} or {@code speech/kws.lstm.json}. */
    private String file;

    /** The generated constants class's simple name; default {@code <Name>Offsets} from the file name. */
    private String className;

    /** The processor preset to start from, instead of the global {@code preset}. */
    private String preset;

    // One String per processor field, named as in io.github.lstmhdl.config.ConfigFields: Maven's
    // configurator fills a nested object's fields by name, so the names must be Java fields here.
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
    /** Not a processor field: the calibration folder of an int8 network (see the class comment). */
    private String calibration;
    /** Not a processor field: the int8 network's accepted error (the mojo's maxQuantizationError). */
    private String maxQuantizationError;

    // The deadlines of this network (not processor fields: they change no output), as the global
    // parameters maxLatencyPerStep, maxLatencyPerSequence and minFramesPerSecond write them.
    private String maxLatencyPerStep;
    private String maxLatencyPerSequence;
    private String minFramesPerSecond;

    /** For Maven's configurator. */
    public NetworkOverride() {
    }

    /**
     * The folder of the int8 calibration samples, relative to sourceDirectory, or null for the convention
     * {@code <name>.calibration/} beside the network file.
     */
    public String getCalibration() {
        return calibration;
    }

    public void setCalibration(String calibration) {
        this.calibration = calibration;
    }

    /** The int8 network's maxQuantizationError (a fraction or percentage of the output range), or null. */
    public String getMaxQuantizationError() {
        return maxQuantizationError;
    }

    public void setMaxQuantizationError(String maxQuantizationError) {
        this.maxQuantizationError = maxQuantizationError;
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

    /** This network's {@code maxLatencyPerStep}, such as {@code 250us}; null for the global one. */
    public String getMaxLatencyPerStep() {
        return maxLatencyPerStep;
    }

    public void setMaxLatencyPerStep(String maxLatencyPerStep) {
        this.maxLatencyPerStep = maxLatencyPerStep;
    }

    /** This network's {@code maxLatencyPerSequence}, such as {@code 2ms}; null for the global one. */
    public String getMaxLatencyPerSequence() {
        return maxLatencyPerSequence;
    }

    public void setMaxLatencyPerSequence(String maxLatencyPerSequence) {
        this.maxLatencyPerSequence = maxLatencyPerSequence;
    }

    /** This network's {@code minFramesPerSecond}, such as {@code 100}; null for the global one. */
    public String getMinFramesPerSecond() {
        return minFramesPerSecond;
    }

    public void setMinFramesPerSecond(String minFramesPerSecond) {
        this.minFramesPerSecond = minFramesPerSecond;
    }

    /**
     * Sets one processor field by name (the names of {@link ConfigFields}); for tests and for
     * programmatic use.
     *
     * @throws IllegalArgumentException for an unknown field
     */
    public NetworkOverride set(String field, String value) {
        try {
            slot(field).set(this, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** The processor fields this override sets, by field name, in the canonical text's order. */
    public Map<String, String> processorFields() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String field : ConfigFields.NAMES) {
            String value;
            try {
                value = (String) slot(field).get(this);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            if (value != null && !value.isBlank()) {
                m.put(field, value.trim());
            }
        }
        return m;
    }

    /**
     * The Java field that Maven's configurator fills for a processor field: the names are the
     * {@link ConfigFields} table's (a test checks that each has its field here and nothing else does).
     */
    private static Field slot(String field) {
        if (ConfigFields.named(field).isPresent()) {
            try {
                return NetworkOverride.class.getDeclaredField(field);
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException("NetworkOverride lacks the processor field " + field, e);
            }
        }
        throw new IllegalArgumentException("unknown processor field '" + field + "'");
    }

    @Override
    public String toString() {
        return "network " + file;
    }
}
