package io.github.lstmhdl.ptq;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.alloc.MemoryMapTable;
import io.github.lstmhdl.image.LoadedImage;
import io.github.lstmhdl.image.RegionContent;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.image.writer.QuantizationSummary;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.SoftmaxLayer;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.timing.InstructionOwners;
import io.github.lstmhdl.timing.PerformanceReport;
import io.github.lstmhdl.timing.ProgramTiming;
import io.github.lstmhdl.timing.TimingParameters;
import io.github.lstmhdl.quant.Int8Boundary;
import io.github.lstmhdl.sim.SimulationException;
import io.github.lstmhdl.sim.Simulator;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
     * @param compiled the int8 network as the image and the constants are written from (its log ends with
     *                 the accuracy line)
     * @param image    the same image as a reader loads it (metadata, memory map, program, weight region with
     *                 the boundary record)
     * @param boundary the input's and output's scale and zero point
     * @param accuracy int8 against float on the calibration samples
     */
    public record Result(CompiledNetwork compiled, LoadedImage image, Int8Boundary boundary,
            AccuracyReport accuracy) {
        public Result {
            Objects.requireNonNull(compiled, "compiled");
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
        Int8Builder.Built built = builder.build(compilerVersion);
        LoadedImage image = built.image();
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
        Int8Boundary boundary = builder.boundary();
        List<String> log = new ArrayList<>();
        log.add("### Compiling network '" + network.name() + "' for the lstm-hdl deep-learning processor ...");
        log.add("### Targeting processor configuration " + config.preset() + " with dataType int8.");
        log.add("### Maximum sequence length: " + frameLimit + ".");
        log.add("### Quantizing to int8 (post-training, per-row int8 weights, int16 cell state and gates) on "
                + samples.size() + " calibration samples.");
        log.add(String.format(Locale.ROOT, "### Input scale %s, zero point %d; output scale %s, zero point %d.",
                Float.toString(boundary.inputScale()), boundary.inputZero(), Float.toString(boundary.outputScale()),
                boundary.outputZero()));
        log.add(accuracy.logLine());
        log.add("### Allocating external memory buffers:");
        log.addAll(MemoryMapTable.render(built.metadata().memoryMap()));
        log.add(PerformanceReport.estimate(ProgramTiming.of(built.program(), TimingParameters.of(config)),
                InstructionOwners.segments(built.program()), frameLimit).summaryLine());
        log.add("### Network compilation complete.");
        Map<RegionKind, RegionContent> contents = new EnumMap<>(RegionKind.class);
        built.contents().forEach((k, v) -> contents.put(k, RegionContent.of(v)));
        QuantizationSummary summary = new QuantizationSummary(boundary, accuracy.samples(), accuracy.maxAbsError(),
                accuracy.rmsError(), accuracy.outputRange(), accuracy.top1Agreement());
        CompiledNetwork compiled = new CompiledNetwork(sourceFile, config, built.metadata().memoryMap(),
                built.program(), contents, built.metadata(), log, InstructionOwners.segments(built.program()),
                Optional.of(summary));
        return new Result(compiled, image, boundary, accuracy);
    }
}
