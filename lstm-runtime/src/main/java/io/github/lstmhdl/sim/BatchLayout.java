package io.github.lstmhdl.sim;

import io.github.lstmhdl.image.ImageMetadata;
import io.github.lstmhdl.image.ImageMetadata.TensorSpec;
import io.github.lstmhdl.layout.Axis;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Maps the source model's input tensor onto the processor's layout, one sequence at a time as [T][D]
 * row-major, and assembles the per-sequence outputs back into the source model's output tensor. The
 * axes come from the image metadata ({@link TensorSpec#axes()}, names of {@link Axis}): for example
 * ONNX's X [T, N, D] is (TIME, BATCH, FEATURE), Keras's [N, T, D] is (BATCH, TIME, FEATURE), the JSON
 * format's [T, D] is (TIME, FEATURE); outputs such as Y [T, 2, N, H] (TIME, DIRECTION, BATCH, FEATURE),
 * Y_h [2, N, H] or a head's [N, K].
 *
 * <p>On the processor a step's features are direction-major: forward features first, then reverse.
 * A DIRECTION axis splits them; without one they stay concatenated in the FEATURE axis. UNIT axes have
 * size 1. A TIME axis of an output that is not a sequence (the last step only) has size 1. The fixed
 * sequence length and batch size of the source model are not enforced: any T up to the frame limit and
 * any N ≥ 1 are accepted.
 */
public final class BatchLayout {

    /**
     * The input split into sequences.
     *
     * @param timeSteps T, the same for every sequence
     * @param sequences one [T][D] row-major array per batch index
     */
    public record Sequences(int timeSteps, List<float[]> sequences) {
        public Sequences {
            sequences = List.copyOf(sequences);
        }
    }

    private final TensorSpec input;
    private final TensorSpec output;
    private final Plan in;
    private final Plan out;

    private BatchLayout(TensorSpec input, TensorSpec output) throws SimulationException {
        this.input = input;
        this.output = output;
        this.in = Plan.of("input tensor " + input.name(), input, false);
        this.out = Plan.of("output tensor " + output.name(), output, true);
    }

    /** The layout of an image's input and output. */
    public static BatchLayout of(ImageMetadata metadata) throws SimulationException {
        return of(metadata.input(), metadata.output());
    }

    /**
     * The layout of an input and an output tensor.
     *
     * @throws SimulationException when an axis name is unknown, an axis other than UNIT repeats, a
     *                             sequence has no TIME axis, or the features do not split into the directions
     */
    public static BatchLayout of(TensorSpec input, TensorSpec output) throws SimulationException {
        return new BatchLayout(input, output);
    }

    /**
     * Splits a source-layout input into per-sequence [T][D] arrays.
     *
     * @throws SimulationException when the shape does not match the input's axes and feature size
     */
    public Sequences split(int[] shape, float[] data) throws SimulationException {
        String where = "input tensor " + input.name();
        if (shape.length != in.axes.length) {
            throw SimulationException.aboutInput(where, "shape " + Arrays.toString(shape) + " has rank " + shape.length
                    + ", but the input's axes are " + input.axes());
        }
        long size = 1;
        for (int i = 0; i < shape.length; i++) {
            int expected = switch (in.axes[i]) {
                case TIME, BATCH -> -1;
                case DIRECTION -> in.directions;
                case FEATURE -> in.featuresPerDirection;
                case UNIT -> 1;
            };
            if (shape[i] < 1 || expected > 0 && shape[i] != expected) {
                throw SimulationException.aboutInput(where, String.format(Locale.ROOT,
                        "dimension %d (%s) of shape %s is %d, expected %s", i, in.axes[i], Arrays.toString(shape),
                        shape[i], expected > 0 ? String.valueOf(expected) : "at least 1"));
            }
            size = Math.min(size * shape[i], Integer.MAX_VALUE + 1L);
        }
        if (size != data.length) {
            throw SimulationException.aboutInput(where, "shape " + Arrays.toString(shape) + " holds " + size
                    + " elements, but the data has " + data.length);
        }
        int timeSteps = in.time < 0 ? 1 : shape[in.time];
        int batch = in.batch < 0 ? 1 : shape[in.batch];
        long[] strides = strides(shape);
        List<float[]> sequences = new ArrayList<>(batch);
        for (int n = 0; n < batch; n++) {
            float[] seq = new float[timeSteps * input.featureSize()];
            int k = 0;
            for (int t = 0; t < timeSteps; t++) {
                for (int dir = 0; dir < in.directions; dir++) {
                    long base = in.offset(strides, t, n, dir);
                    long step = in.feature < 0 ? 0 : strides[in.feature];
                    for (int f = 0; f < in.featuresPerDirection; f++) {
                        seq[k++] = data[(int) (base + f * step)];
                    }
                }
            }
            sequences.add(seq);
        }
        return new Sequences(timeSteps, sequences);
    }

    /** The source-layout output shape for a batch of {@code batchSize} sequences of T steps. */
    public int[] outputShape(int batchSize, int timeSteps) {
        int[] shape = new int[out.axes.length];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = switch (out.axes[i]) {
                case TIME -> output.sequence() ? timeSteps : 1;
                case BATCH -> batchSize;
                case DIRECTION -> out.directions;
                case FEATURE -> out.featuresPerDirection;
                case UNIT -> 1;
            };
        }
        return shape;
    }

    /**
     * Assembles per-sequence outputs, each (sequence ? T : 1) × the output feature size row-major, into
     * the source model's output tensor.
     *
     * @throws SimulationException when an output has the wrong length, or several sequences have no
     *                             BATCH axis to go to
     */
    public Tensor assemble(List<float[]> outputs, int timeSteps) throws SimulationException {
        String where = "output tensor " + output.name();
        int batch = outputs.size();
        if (batch != 1 && out.batch < 0) {
            throw new SimulationException(where, "the output has no BATCH axis for " + batch + " sequences");
        }
        int rows = output.sequence() ? timeSteps : 1;
        long expected = (long) rows * output.featureSize();
        int[] shape = outputShape(batch, timeSteps);
        long[] strides = strides(shape);
        long total = 1;
        for (int dim : shape) {
            total *= dim;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw SimulationException.aboutInput(where, "shape " + Arrays.toString(shape) + " is too large");
        }
        float[] data = new float[(int) total];
        for (int n = 0; n < batch; n++) {
            float[] seq = outputs.get(n);
            if (seq.length != expected) {
                throw new SimulationException(where, "sequence " + n + " has " + seq.length + " values, expected "
                        + expected);
            }
            int k = 0;
            for (int t = 0; t < rows; t++) {
                for (int dir = 0; dir < out.directions; dir++) {
                    long base = out.offset(strides, t, n, dir);
                    long step = out.feature < 0 ? 0 : strides[out.feature];
                    for (int f = 0; f < out.featuresPerDirection; f++) {
                        data[(int) (base + f * step)] = seq[k++];
                    }
                }
            }
        }
        return new Tensor(shape, data);
    }

    private static long[] strides(int[] shape) {
        long[] strides = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= shape[i];
        }
        return strides;
    }

    /** Where each meaningful axis is (-1 when absent) and how the features split. */
    private record Plan(Axis[] axes, int time, int batch, int direction, int feature, int directions,
            int featuresPerDirection) {

        static Plan of(String where, TensorSpec spec, boolean isOutput) throws SimulationException {
            Axis[] axes = new Axis[spec.axes().size()];
            int[] position = new int[Axis.values().length];
            Arrays.fill(position, -1);
            for (int i = 0; i < axes.length; i++) {
                String name = spec.axes().get(i);
                try {
                    axes[i] = Axis.valueOf(name);
                } catch (IllegalArgumentException e) {
                    throw new SimulationException(where, "unknown axis '" + name + "' in " + spec.axes());
                }
                if (axes[i] != Axis.UNIT) {
                    if (position[axes[i].ordinal()] >= 0) {
                        throw new SimulationException(where, "axis " + axes[i] + " appears twice in " + spec.axes());
                    }
                    position[axes[i].ordinal()] = i;
                }
            }
            int time = position[Axis.TIME.ordinal()];
            int direction = position[Axis.DIRECTION.ordinal()];
            int feature = position[Axis.FEATURE.ordinal()];
            if (isOutput && spec.sequence() && time < 0) {
                throw new SimulationException(where, "a sequence output needs a TIME axis: " + spec.axes());
            }
            int directions = direction < 0 ? 1 : Math.max(1, spec.directions());
            if (spec.featureSize() < 1 || spec.featureSize() % directions != 0) {
                throw new SimulationException(where, "feature size " + spec.featureSize() + " does not split into "
                        + directions + " directions");
            }
            int perDirection = spec.featureSize() / directions;
            if (feature < 0 && perDirection != 1) {
                throw new SimulationException(where, "no FEATURE axis for " + perDirection + " features: "
                        + spec.axes());
            }
            return new Plan(axes, time, position[Axis.BATCH.ordinal()], direction, feature, directions,
                    perDirection);
        }

        long offset(long[] strides, int t, int n, int dir) {
            long o = 0;
            if (time >= 0) {
                o += t * strides[time];
            }
            if (batch >= 0) {
                o += n * strides[batch];
            }
            if (direction >= 0) {
                o += dir * strides[direction];
            }
            return o;
        }
    }
}
