package io.github.lstmhdl.image;

import io.github.lstmhdl.layout.Axis;
import io.github.lstmhdl.memory.MemoryMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an image says about itself in its metadata section, so that a host, {@code inspect} and the
 * simulator need nothing but the image: versions, the network's name, the input and output tensors
 * as the source model declares them, the data type, the processor configuration, the memory map, and
 * a checksum of the initialized content.
 *
 * @param formatVersion   the image format version ({@link #FORMAT_VERSION})
 * @param compilerVersion the compiler's version
 * @param networkName     the network's name
 * @param dataType        the data type id ({@code single})
 * @param frameLimit      the time steps the input and output regions hold
 * @param input           the input tensor
 * @param output          the output tensor
 * @param hostLayer       the layer the host applies to the output after the run: {@code none},
 *                        {@code softmax} or {@code logsoftmax} (a softmax marked as software)
 * @param processor       every processor configuration field, as text
 * @param memoryMap       regions and symbols
 * @param contentSha256   SHA-256 (hex) of the initialized regions' bytes in address order
 * @param stateInputs     the graph inputs beyond {@code input} (state ports); absent from the JSON when
 *                        there is none, so a one-input image keeps its bytes
 * @param stateOutputs    the graph outputs beyond {@code output} (state ports); absent when there is none
 * @param layerOutputs    the graph outputs of layers before the last; absent when there is none
 */
public record ImageMetadata(
        int formatVersion,
        String compilerVersion,
        String networkName,
        String dataType,
        int frameLimit,
        TensorSpec input,
        TensorSpec output,
        String hostLayer,
        Map<String, String> processor,
        MemoryMap memoryMap,
        String contentSha256,
        List<PortSpec> stateInputs,
        List<PortSpec> stateOutputs,
        List<LayerOutputSpec> layerOutputs) {

    /** The image format version this compiler writes. */
    public static final int FORMAT_VERSION = 1;

    public ImageMetadata {
        Objects.requireNonNull(compilerVersion, "compilerVersion");
        Objects.requireNonNull(networkName, "networkName");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(hostLayer, "hostLayer");
        processor = Map.copyOf(processor);
        Objects.requireNonNull(memoryMap, "memoryMap");
        Objects.requireNonNull(contentSha256, "contentSha256");
        stateInputs = List.copyOf(stateInputs);
        stateOutputs = List.copyOf(stateOutputs);
        layerOutputs = List.copyOf(layerOutputs);
    }

    /** Metadata of an image with one input and one output (no state ports). */
    public ImageMetadata(int formatVersion, String compilerVersion, String networkName, String dataType,
            int frameLimit, TensorSpec input, TensorSpec output, String hostLayer, Map<String, String> processor,
            MemoryMap memoryMap, String contentSha256) {
        this(formatVersion, compilerVersion, networkName, dataType, frameLimit, input, output, hostLayer, processor,
                memoryMap, contentSha256, List.of(), List.of(), List.of());
    }

    /** Metadata of an image with state ports but no outputs of earlier layers. */
    public ImageMetadata(int formatVersion, String compilerVersion, String networkName, String dataType,
            int frameLimit, TensorSpec input, TensorSpec output, String hostLayer, Map<String, String> processor,
            MemoryMap memoryMap, String contentSha256, List<PortSpec> stateInputs, List<PortSpec> stateOutputs) {
        this(formatVersion, compilerVersion, networkName, dataType, frameLimit, input, output, hostLayer, processor,
                memoryMap, contentSha256, stateInputs, stateOutputs, List.of());
    }

    /**
     * A tensor at the network's boundary.
     *
     * @param name        its name in the source model
     * @param featureSize features per time step on the processor (all directions together)
     * @param sequence    whether it has a time axis (one vector per step)
     * @param directions  for an output: the number of directions its features are split into (1 or 2)
     * @param axes        the source model's axes, names of {@link io.github.lstmhdl.layout.Axis}
     * @param sequenceLength the source model's fixed sequence length, 0 when dynamic
     * @param batchSize   the source model's fixed batch size, 0 when dynamic
     */
    public record TensorSpec(String name, int featureSize, boolean sequence, int directions, List<String> axes,
            int sequenceLength, int batchSize,
            float scale,
            int zeroPoint) {
        /** What {@link #dimensions()} gives for a dimension whose size the source model leaves open. */
        public static final int DYNAMIC = -1;

        /**
         * @param scale     for an int8 image, the real value of one step of the int8 tensor the host reads or
         *                  writes (value = scale · (q − zeroPoint)); 0 for a float32 tensor, and then the key is
         *                  absent from the JSON, so a float32 image's metadata is what it was
         * @param zeroPoint for an int8 image, the int8 value of real zero; 0 (absent) otherwise
         */
        public TensorSpec {
            Objects.requireNonNull(name, "name");
            axes = List.copyOf(axes);
            if (!(scale >= 0) || Float.isInfinite(scale)) {
                throw new IllegalArgumentException("scale of " + name + " must be finite and not negative: " + scale);
            }
            if (scale == 0 && zeroPoint != 0 || zeroPoint < -128 || zeroPoint > 127) {
                throw new IllegalArgumentException("zero point " + zeroPoint + " of " + name
                        + (scale == 0 ? " without a scale" : " is outside -128 to 127"));
            }
        }

        /** A float32 tensor: no scale, no zero point. */
        public TensorSpec(String name, int featureSize, boolean sequence, int directions, List<String> axes,
                int sequenceLength, int batchSize) {
            this(name, featureSize, sequence, directions, axes, sequenceLength, batchSize, 0f, 0);
        }

        /** The same tensor as an int8 one with this scale and zero point. */
        public TensorSpec quantized(float newScale, int newZeroPoint) {
            return new TensorSpec(name, featureSize, sequence, directions, axes, sequenceLength, batchSize, newScale,
                    newZeroPoint);
        }

        /**
         * The tensor's shape as the source model declares it, outermost first, one entry per axis:
         * the fixed size, or {@link #DYNAMIC} for a time or batch dimension the model leaves open (a
         * run fills it). A TIME axis of an output that holds only the last step has size 1; a FEATURE
         * axis holds one direction's features when a DIRECTION axis splits them.
         *
         * @throws IllegalArgumentException for an axis name that is not an {@link Axis}
         */
        public int[] dimensions() {
            int[] dims = new int[axes.size()];
            boolean split = axes.contains(Axis.DIRECTION.name());
            for (int i = 0; i < dims.length; i++) {
                dims[i] = switch (Axis.valueOf(axes.get(i))) {
                    case TIME -> sequence ? (sequenceLength > 0 ? sequenceLength : DYNAMIC) : 1;
                    case BATCH -> batchSize > 0 ? batchSize : DYNAMIC;
                    case DIRECTION -> directions;
                    case FEATURE -> split && directions > 0 ? featureSize / directions : featureSize;
                    case UNIT -> 1;
                };
            }
            return dims;
        }

        /**
         * The shape as text, such as {@code T,N,5} or {@code 100,1,5}: the sizes of {@link #dimensions()}
         * separated by commas, with {@code T} for a dynamic time and {@code N} for a dynamic batch
         * dimension.
         */
        public String shapeText() {
            int[] dims = dimensions();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < dims.length; i++) {
                sb.append(i == 0 ? "" : ",");
                if (dims[i] == DYNAMIC) {
                    sb.append(axes.get(i).equals(Axis.TIME.name()) ? "T" : "N");
                } else {
                    sb.append(dims[i]);
                }
            }
            return sb.toString();
        }

        /** The position of an axis in the shape, or -1 when the tensor has none. */
        public int axisIndex(Axis axis) {
            return axes.indexOf(axis.name());
        }
    }
}
