package io.github.lstmhdl.ptq;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.image.LoadedImage;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.SoftmaxLayer;
import io.github.lstmhdl.quant.Int8Boundary;
import io.github.lstmhdl.sim.SimulationException;
import io.github.lstmhdl.sim.Simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Post-training quantization of a network to an int8 image: calibrate (the float network on every
 * calibration sample, recording ranges), quantize and build ({@link Int8Builder}), then measure: the int8
 * image runs in the simulator on the same samples and its outputs are compared with the float network's
 * ({@link AccuracyReport}).
 */
public final class Int8Compilation {
    private Int8Compilation() {
    }

    /**
     * The quantized image and its accuracy.
     *
     * @param image    the int8 image (metadata, memory map, program, weight region with the boundary record)
     * @param boundary the input's and output's scale and zero point
     * @param accuracy int8 against float on the calibration samples
     */
    public record Result(LoadedImage image, Int8Boundary boundary, AccuracyReport accuracy) {
        public Result {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(boundary, "boundary");
            Objects.requireNonNull(accuracy, "accuracy");
        }
    }

    /**
     * Quantizes {@code network} with {@code calibration}.
     *
     * @throws CompilationException {@code file: layer: reason} for what int8 does not cover, a calibration
     *                              whose features or lengths do not fit, or a network too large
     */
    public static Result compile(Network network, ProcessorConfig config, Calibration calibration,
            String sourceFile, String compilerVersion) throws CompilationException {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(calibration, "calibration");
        Int8Builder.requireSupported(network, sourceFile);
        int d = network.input().featureSize();
        if (calibration.features() != d) {
            throw new CompilationException(sourceFile, "calibration", "the calibration samples have "
                    + calibration.features() + " features per step, the network input " + d);
        }
        int frameLimit = config.effectiveFrameLimit(network.input().sequenceLength());
        FloatEvaluator evaluator = new FloatEvaluator(network);
        List<double[][]> reference = new ArrayList<>();
        List<float[]> samples = calibration.samples();
        for (int i = 0; i < samples.size(); i++) {
            int steps = calibration.steps(i);
            if (steps > frameLimit) {
                throw new CompilationException(sourceFile, "calibration", "calibration sample " + i + " has "
                        + steps + " steps, more than the frame limit " + frameLimit + " (maxSequenceLength)");
            }
            reference.add(evaluator.run(samples.get(i), steps));
        }
        Int8Builder builder = new Int8Builder(network, config, evaluator, sourceFile, frameLimit);
        LoadedImage image = builder.build(compilerVersion);
        List<float[]> quantized = new ArrayList<>();
        try {
            Simulator sim = Simulator.load(image);
            for (int i = 0; i < samples.size(); i++) {
                quantized.add(sim.predict(samples.get(i), calibration.steps(i)));
            }
        } catch (SimulationException e) {
            throw new IllegalStateException("the int8 image the quantizer built does not run: " + e.getMessage(), e);
        }
        boolean classifier = network.layers().get(network.layers().size() - 1) instanceof SoftmaxLayer;
        AccuracyReport accuracy = AccuracyReport.compare(reference, quantized, network.outputSize(), classifier);
        return new Result(image, builder.boundary(), accuracy);
    }
}
