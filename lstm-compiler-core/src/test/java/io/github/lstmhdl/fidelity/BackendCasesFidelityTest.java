package io.github.lstmhdl.fidelity;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.layout.Axis;
import io.github.lstmhdl.onnx.OnnxImporter;
import io.github.lstmhdl.onnx.TensorProtos;
import io.github.lstmhdl.sim.Tensor;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The LSTM cases of the ONNX backend tests and the importable onnx2c LSTM cases (shared test data,
 * never copied; skipped visibly when absent) through the whole product: the model file imported with
 * its weight inputs bound from the stored {@code input_k.pb} files, compiled, written as an ELF image,
 * read back and simulated on the stored X; every stored output (each chosen as the network's output in
 * turn) must match within 1e-5, with gate fusion on and off. The batch-major (layout=1) case, which
 * onnxruntime 1.22 rejects, is checked against its stored outputs the same way. The onnx2c
 * {@code test_lstm_with_initial_state} case has an initial_h that differs per batch entry, so each
 * sequence of its batch must start from its own state (the run's sequence index).
 */
class BackendCasesFidelityTest {
    private static final ErrorSummary SUMMARY = new ErrorSummary(BackendCasesFidelityTest.class);

    @ParameterizedTest
    @ValueSource(strings = {"test_lstm_defaults", "test_lstm_with_initial_bias", "test_lstm_with_peepholes",
        "test_lstm_batchwise"})
    void backendLstmCase(String name) throws Exception {
        assertStoredOutputs(SharedData.require("onnx-backend-rnn").resolve(name));
    }

    /** The GRU cases the same way (issue 12); test_gru_batchwise is layout=1, onnxruntime 1.22 rejects it. */
    @ParameterizedTest
    @ValueSource(strings = {"test_gru_defaults", "test_gru_with_initial_bias", "test_gru_seq_length",
        "test_gru_batchwise"})
    void backendGruCase(String name) throws Exception {
        assertStoredOutputs(SharedData.require("onnx-backend-rnn").resolve(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"test_lstm_all_outputs", "test_lstm_bidirectional", "test_lstm_intermediate_h",
        "test_lstm_missing_inputs", "test_lstm_reverse", "test_lstm_seq_length", "test_lstm_simple", "test_lstm_y_c",
        "test_lstm_with_initial_state", "test_lstm_activations"})
    void onnx2cLocalOpsCase(String name) throws Exception {
        assertStoredOutputs(SharedData.require("real-models/onnx2c-lstm/local_ops").resolve(name));
    }

    @AfterAll
    static void report() {
        SUMMARY.report();
    }

    /** Binds inputs 1.. from the stored .pb files, runs input 0, and compares every stored output. */
    private static void assertStoredOutputs(Path dir) throws Exception {
        Path model = dir.resolve("model.onnx");
        OnnxImporter.Signature signature = OnnxImporter.signature(model);
        Path data = dir.resolve("test_data_set_0");
        Map<String, FloatTensor> bindings = new HashMap<>();
        FloatTensor x = null;
        for (int k = 0; Files.exists(data.resolve("input_" + k + ".pb")); k++) {
            TensorProtos.NamedTensor t = TensorProtos.readNamedTensor(data.resolve("input_" + k + ".pb"));
            if (k == 0) {
                x = t.tensor();
            } else {
                bindings.put(t.name().isEmpty() ? signature.inputs().get(k) : t.name(), t.tensor());
            }
        }
        assertTrue(x != null, "no input_0.pb in " + data);
        long[] xShape = Fidelity.toLong(x.shape());
        int outputs = 0;
        for (int k = 0; Files.exists(data.resolve("output_" + k + ".pb")); k++) {
            TensorProtos.NamedTensor expected = TensorProtos.readNamedTensor(data.resolve("output_" + k + ".pb"));
            String output = expected.name().isEmpty() ? signature.outputs().get(k) : expected.name();
            Network network = OnnxImporter.read(model,
                    ImportOptions.defaults().withBindings(bindings).withOutput(output));
            int timeSteps = network.input().sequenceLength() > 0 ? network.input().sequenceLength()
                    : (int) xShape[network.input().axes().indexOf(Axis.TIME)];
            for (ProcessorConfig config : Fidelity.configs(timeSteps)) {
                Tensor sim = Fidelity.simulate(network, config, model.toString(), xShape, x.toArray());
                String what = dir.getFileName() + " output " + output + ", gateFusion=" + config.gateFusion()
                        + ", inputProjection=" + config.inputProjection();
                SUMMARY.compare(what, Fidelity.toLong(expected.tensor().shape()), expected.tensor().toArray(), sim);
            }
            outputs++;
        }
        assertTrue(outputs > 0, "no stored outputs in " + data);
    }
}
