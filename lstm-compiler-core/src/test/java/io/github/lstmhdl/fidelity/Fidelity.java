package io.github.lstmhdl.fidelity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.LocatedException;
import io.github.lstmhdl.image.ImageReader;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.image.writer.ElfImageWriter;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.pipeline.NetworkCompiler;
import io.github.lstmhdl.sim.Simulator;
import io.github.lstmhdl.sim.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The back half of the real path shared by the fidelity tests: compile a network, write the ELF image
 * to bytes, read them back and load a simulator that sees nothing but those bytes; then run a tensor
 * in the source model's layout and measure the largest difference from an expected tensor.
 */
final class Fidelity {
    /**
     * The float32 tolerance of issue 5, asserted on the error scaled by max(1, |expected|) (see
     * {@link #compare(String, float[], float[])}). The plain absolute difference is recorded beside it
     * ({@link ErrorSummary}, target/fidelity-summary.txt). Scaled, because on outputs of magnitude
     * well above 1 (a real regression model's) a few float32 ulps of a different summation order than
     * onnxruntime's already exceed 1e-5 absolute; below magnitude 1 the assertion is the absolute one.
     */
    static final double TOLERANCE = 1e-5;

    private Fidelity() {
    }

    /**
     * The base configuration (gate fusion and input projection on), the same without the input
     * projection, and with gate fusion off, all with frame limit {@code frames}.
     */
    static List<ProcessorConfig> configs(int frames) {
        ProcessorConfig base = ProcessorConfig.defaults().with("maxSequenceLength", Integer.toString(frames));
        return List.of(base, base.with("inputProjection", "true"), base.with("gateFusion", "false"));
    }

    /** The ELF image bytes of {@code network} compiled for {@code config}. */
    static byte[] imageBytes(Network network, ProcessorConfig config, String sourceFile)
            throws LocatedException, IOException {
        CompiledNetwork compiled = NetworkCompiler.compile(network, config, sourceFile, "fidelity-test", false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ElfImageWriter.write(compiled, out);
        return out.toByteArray();
    }

    /** A simulator loaded from image bytes only. */
    static Simulator simulator(byte[] image, String name) throws LocatedException {
        return Simulator.load(ImageReader.read(image, name));
    }

    /** Compiles, writes, reads back and runs {@code input} (source layout), each sequence from reset. */
    static Tensor simulate(Network network, ProcessorConfig config, String sourceFile, long[] shape, float[] input)
            throws LocatedException, IOException {
        Simulator sim = simulator(imageBytes(network, config, sourceFile), sourceFile + ".elf");
        return sim.runTensor(toInt(shape), input, false);
    }

    /**
     * Asserts that {@code actual} has {@code expectedShape} and every element is within tolerance of
     * {@code expected} (see {@link #compare(String, float[], float[])}); returns the largest error.
     */
    static double compare(String what, long[] expectedShape, float[] expected, Tensor actual) {
        assertArrayEquals(toInt(expectedShape), actual.shape(), what + ": output shape");
        return compare(what, expected, actual.data());
    }

    /**
     * Compares flat arrays of equal length. The error of an element is |expected − actual| scaled by
     * max(1, |expected|): the absolute difference for values up to 1 in magnitude (all LSTM states,
     * probabilities and most head outputs), the relative difference beyond, because float32 cannot
     * resolve 1e-5 absolute above 128 (one ulp of 155 is 1.5e-5). Asserts every error ≤
     * {@link #TOLERANCE} and returns the largest.
     */
    static double compare(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": output length");
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs((double) expected[i] - actual[i]) / Math.max(1.0, Math.abs((double) expected[i]));
            if (!(diff <= worst)) { // also catches NaN
                worst = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff;
                worstAt = i;
            }
        }
        if (worst > TOLERANCE) {
            throw new AssertionError(what + ": element " + worstAt + " differs by " + worst + " (expected "
                    + expected[worstAt] + ", simulated " + actual[worstAt] + "), tolerance " + TOLERANCE
                    + " × max(1, |expected|)");
        }
        return worst;
    }

    /** The largest plain |expected − actual|, for the record (not scaled). */
    static double maxAbsolute(float[] expected, float[] actual) {
        double worst = 0;
        for (int i = 0; i < Math.min(expected.length, actual.length); i++) {
            worst = Math.max(worst, Math.abs((double) expected[i] - actual[i]));
        }
        return worst;
    }

    static int[] toInt(long[] shape) {
        return Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
    }

    static long[] toLong(int[] shape) {
        return Arrays.stream(shape).asLongStream().toArray();
    }

    static int count(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return Math.toIntExact(n);
    }
}
