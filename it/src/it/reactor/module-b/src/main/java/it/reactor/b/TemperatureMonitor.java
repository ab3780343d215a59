package it.reactor.b;

/** Uses the constants generated in this module. */
public final class TemperatureMonitor {
    /** Sensors per sample. */
    public static final int SENSORS = TemperatureOffsets.INPUT_FEATURES;

    private TemperatureMonitor() {
    }
}
