package it.reactor.a;

/** Uses the constants generated in this module. */
public final class VibrationMonitor {
    /** Axes per sample. */
    public static final int AXES = VibrationOffsets.INPUT_FEATURES;

    private VibrationMonitor() {
    }
}
