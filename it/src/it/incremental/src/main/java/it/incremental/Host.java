package it.incremental;

/** Uses the constants of net_a (net_b is deleted during the test, so nothing refers to it). */
public final class Host {
    /** Where the host writes net_a's input. */
    public static final long INPUT_ADDRESS = NetAOffsets.BASE_ADDRESS + NetAOffsets.INPUT_DATA_OFFSET;

    private Host() {
    }
}
