package io.github.lstmhdl.fidelity;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.SequenceInput;
import io.github.lstmhdl.layout.Axis;
import io.github.lstmhdl.onnx.OnnxImporter;
import io.github.lstmhdl.sim.Tensor;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import io.github.lstmhdl.testing.OrtRunner;
import io.github.lstmhdl.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The real exported models of the shared test data that should compile (skipped visibly when the data
 * is absent), through the whole product: the model file imported, compiled, written as an ELF image,
 * read back and simulated, compared with onnxruntime (single thread) on the same random input, with
 * gate fusion on and off. Dynamic dimensions are filled (batch 3 for the Keras model); the PyTorch
 * model's fixed batch of 128 runs as declared, every sequence in turn, and all 128 are compared.
 */
class RealModelsFidelityTest {
    private static final ErrorSummary SUMMARY = new ErrorSummary(RealModelsFidelityTest.class);

    @Test
    void aircraftKerasTwoLayerRegression() throws Exception {
        Path model = SharedData.require("real-models/aircraft-pm-lstm").resolve("lstm_model.onnx");
        assertMatchesOnnxRuntime(model, 3, 0, 31);
    }

    @Test
    void pytorchTvmBatch128WithLogSoftmax() throws Exception {
        Path model = SharedData.require("real-models/pytorch-tvm-lstm").resolve("lstm.onnx");
        assertMatchesOnnxRuntime(model, 0, 0, 32);
    }

    @Test
    void onnx2cKerasSimpleNetwork() throws Exception {
        Path model = SharedData.require("real-models/onnx2c-lstm/simple_networks").resolve("lstm_k1_b1_r1.onnx");
        assertMatchesOnnxRuntime(model, 2, 10, 33);
    }

    /** The same Keras network with a ReLU as the LSTM's gate activation f (activations Relu, Tanh, Tanh). */
    @Test
    void onnx2cKerasSimpleNetworkWithReluGates() throws Exception {
        Path model = SharedData.require("real-models/onnx2c-lstm/simple_networks").resolve(
                "lstm_k1_b1_r1_relu.onnx");
        assertMatchesOnnxRuntime(model, 2, 10, 36);
    }

    /**
     * tf2onnx's Keras Bidirectional(LSTM) x 2 with a TimeDistributed Dense: each layer's two directions
     * cut apart (Slice of Y's direction axis, Squeeze) and concatenated again, the Tensordot shape
     * arithmetic (ReduceProd) folded; T = 1000 fixed by the model, batch 1.
     */
    @Test
    void appleKerasBidirectionalStack() throws Exception {
        Path model = SharedData.require("real-models/apple-bilstm").resolve("lstm_model.onnx");
        assertMatchesOnnxRuntime(model, 1, 0, 34);
    }

    /**
     * PyTorch 2.4's trading-signal model: a per-step MLP on the batch-first input (MatMul + Add(bias,
     * ·), the decomposed LayerNorm recognised as one layer, ELU), two stacked LSTMs with the zero state
     * of ConstantOfShape + Slice folded for batch 1, and a per-step head; T = 10 fixed by the model.
     */
    @Test
    void tradertPerStepMlpLayerNormEluAndStackedLstm() throws Exception {
        Path model = SharedData.require("real-models/tradert-lstm").resolve("lstm.onnx");
        assertMatchesOnnxRuntime(model, 1, 0, 35);
    }

    @AfterAll
    static void report() {
        SUMMARY.report();
    }

    /**
     * Runs {@code model} on seeded random input of the declared shape, dynamic dimensions filled with
     * {@code batch} and {@code timeSteps}, in onnxruntime and through the product.
     */
    private static void assertMatchesOnnxRuntime(Path model, int batch, int timeSteps, long seed) throws Exception {
        byte[] bytes = Files.readAllBytes(model);
        Network network = OnnxImporter.read(bytes, model.getFileName().toString(), ImportOptions.defaults());
        SequenceInput in = network.input();
        List<Axis> axes = in.axes();
        long[] shape = new long[axes.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = switch (axes.get(i)) {
                case TIME -> in.sequenceLength() > 0 ? in.sequenceLength() : timeSteps;
                case BATCH -> in.batchSize() > 0 ? in.batchSize() : batch;
                case FEATURE -> in.featureSize();
                default -> 1;
            };
            assertTrue(shape[i] > 0, "a dynamic dimension of " + axes + " was not filled");
        }
        int t = (int) shape[axes.indexOf(Axis.TIME)];
        float[] x = OnnxModelBuilder.random(new Random(seed), Fidelity.count(shape), 1.5f);
        OrtRunner.Tensor ort = OrtRunner.run(bytes, Map.of(in.name(), new OrtRunner.Tensor(x, shape)),
                network.output().name());
        for (ProcessorConfig config : Fidelity.configs(t)) {
            Tensor sim = Fidelity.simulate(network, config, model.getFileName().toString(), shape, x);
            String what = model.getFileName() + " " + Arrays.toString(shape) + ", gateFusion="
                    + config.gateFusion() + ", inputProjection=" + config.inputProjection();
            SUMMARY.compare(what, ort.shape(), ort.data(), sim);
        }
    }
}
