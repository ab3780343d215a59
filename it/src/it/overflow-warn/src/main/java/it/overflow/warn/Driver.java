package it.overflow.warn;

/** Uses the constants of the network that fits; the one that overflowed has none. */
public final class Driver {
    /** Where the host writes the input of the network that fits. */
    public static final long INPUT_ADDRESS = FitsOffsets.BASE_ADDRESS + FitsOffsets.INPUT_DATA_OFFSET;

    private Driver() {
    }
}
