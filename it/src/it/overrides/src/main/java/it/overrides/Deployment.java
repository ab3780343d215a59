package it.overrides;

/** Uses both generated classes: the default name for large.onnx, the overridden one for small.onnx. */
public final class Deployment {
    /** The memory the large network was compiled for. */
    public static final long LARGE_MEMORY = LargeOffsets.MEMORY_SIZE;
    /** The memory the small network was compiled for (its own override). */
    public static final long SMALL_MEMORY = SmallNetwork.MEMORY_SIZE;

    private Deployment() {
    }
}
