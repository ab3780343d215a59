package it.basic;

/**
 * What a host driver needs to feed the compiled HAR network, taken from the generated
 * {@link HarLstmOffsets} constants: this class only compiles when the plugin generated them.
 */
public final class HarNetwork {
    /** Physical address where the host writes the input frames. */
    public static final long INPUT_ADDRESS = HarLstmOffsets.BASE_ADDRESS + HarLstmOffsets.INPUT_DATA_OFFSET;
    /** Physical address where the processor leaves the class scores. */
    public static final long OUTPUT_ADDRESS = HarLstmOffsets.BASE_ADDRESS + HarLstmOffsets.OUTPUT_RESULT_OFFSET;
    /** Sensor channels per time step. */
    public static final int FEATURES = HarLstmOffsets.INPUT_FEATURES;
    /** Activity classes. */
    public static final int CLASSES = HarLstmOffsets.OUTPUT_FEATURES;

    private HarNetwork() {
    }

    /** The bytes of input a run of {@code steps} time steps needs. */
    public static long inputBytes(int steps) {
        if (steps < 1 || steps > HarLstmOffsets.MAX_SEQUENCE_LENGTH) {
            throw new IllegalArgumentException("steps must be 1 to " + HarLstmOffsets.MAX_SEQUENCE_LENGTH);
        }
        return (long) steps * FEATURES * HarLstmOffsets.ELEMENT_BYTES;
    }
}
