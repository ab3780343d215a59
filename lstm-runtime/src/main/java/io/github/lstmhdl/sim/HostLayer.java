package io.github.lstmhdl.sim;

/**
 * The layer an image leaves to the host (its metadata's {@code hostLayer}): {@code none}, or a softmax
 * ({@code softmax}, {@code logsoftmax}) over each output vector, computed exactly as the processor's
 * SOFTMAX instruction (docs/isa.md), so that a host driving real hardware gives the simulator's bits.
 */
public final class HostLayer {

    private HostLayer() {
    }

    /** Whether {@code hostLayer} is one this class knows. */
    public static boolean known(String hostLayer) {
        return hostLayer.equals("none") || hostLayer.equals("softmax") || hostLayer.equals("logsoftmax");
    }

    /**
     * Applies {@code hostLayer} in place to each vector of {@code features} values in {@code output}.
     *
     * @throws IllegalArgumentException for an unknown host layer
     */
    public static void apply(String hostLayer, float[] output, int features) {
        if (!known(hostLayer)) {
            throw new IllegalArgumentException("unknown host layer '" + hostLayer + "'");
        }
        if (hostLayer.equals("none")) {
            return;
        }
        boolean log = hostLayer.equals("logsoftmax");
        for (int i = 0; i + features <= output.length; i += features) {
            Activations.softmax(output, i, output, i, features, log);
        }
    }
}
