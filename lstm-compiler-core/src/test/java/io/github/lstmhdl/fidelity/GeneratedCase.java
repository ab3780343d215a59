package io.github.lstmhdl.fidelity;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.onnx.OnnxImporter;
import io.github.lstmhdl.sim.Tensor;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import io.github.lstmhdl.testing.OrtRunner;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A generated single-input ONNX case of the layer-kind fidelity tests: the model, the shape of its
 * input "X", the output to compare and the frame limit it needs.
 */
record GeneratedCase(String description, byte[] model, long[] shape, String output, int timeSteps) {

    @Override
    public String toString() {
        return description;
    }

    /**
     * Runs the case on seeded random input in ±{@code scale} in onnxruntime and through the whole
     * product (every {@link Fidelity#configs} configuration), after {@code check} has looked at the
     * imported network; every comparison goes to {@code summary}.
     */
    void assertMatchesOnnxRuntime(ErrorSummary summary, float scale, Consumer<Network> check) throws Exception {
        float[] x = OnnxModelBuilder.random(new Random(model.length), Fidelity.count(shape), scale);
        OrtRunner.Tensor ort = OrtRunner.run(model, Map.of("X", new OrtRunner.Tensor(x, shape)), output);
        Network network = OnnxImporter.read(model, "case.onnx", ImportOptions.defaults());
        check.accept(network);
        for (ProcessorConfig config : Fidelity.configs(timeSteps)) {
            Tensor sim = Fidelity.simulate(network, config, "case.onnx", shape, x);
            summary.compare(description + ", gateFusion=" + config.gateFusion() + ", inputProjection="
                    + config.inputProjection(), ort.shape(), ort.data(), sim);
        }
    }
}
