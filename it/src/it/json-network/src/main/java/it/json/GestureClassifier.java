package it.json;

/** Uses the constants generated for {@code gesture.lstm.json}: compiles only when the plugin generated them. */
public final class GestureClassifier {
    /** Accelerometer and gyroscope channels per step. */
    public static final int CHANNELS = GestureOffsets.INPUT_FEATURES;
    /** Gesture classes. */
    public static final int GESTURES = GestureOffsets.OUTPUT_FEATURES;
    /** Physical address of the class probabilities after a run. */
    public static final long RESULT_ADDRESS = GestureOffsets.BASE_ADDRESS + GestureOffsets.OUTPUT_RESULT_OFFSET;

    private GestureClassifier() {
    }
}
