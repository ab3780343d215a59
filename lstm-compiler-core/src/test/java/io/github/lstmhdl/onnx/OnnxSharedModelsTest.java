package io.github.lstmhdl.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.ir.Activation;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.LstmLayer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.layout.Axis;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.testing.OnnxModelBuilder;
import io.github.lstmhdl.testing.OrtRunner;
import io.github.lstmhdl.testing.OutputComparison;
import io.github.lstmhdl.testing.ReferenceLstm;
import io.github.lstmhdl.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Imports the ONNX backend LSTM cases and the real models of the shared test data (never copied into
 * the project; skipped visibly when absent) and compares them with stored outputs or onnxruntime.
 */
class OnnxSharedModelsTest {
    private static final double TOLERANCE = 1e-5;

    /** Binds every graph input but the first from the stored .pb files and compares every stored output. */
    static void checkStoredCase(Path dir) throws Exception {
        Path model = dir.resolve("model.onnx");
        OnnxImporter.Signature sig = OnnxImporter.signature(model);
        Path data = dir.resolve("test_data_set_0");
        Map<String, FloatTensor> bindings = new HashMap<>();
        FloatTensor x = null;
        for (int k = 0; Files.exists(data.resolve("input_" + k + ".pb")); k++) {
            TensorProtos.NamedTensor t = TensorProtos.readNamedTensor(data.resolve("input_" + k + ".pb"));
            String name = t.name().isEmpty() ? sig.inputs().get(k) : t.name();
            if (k == 0) {
                x = t.tensor();
            } else {
                bindings.put(name, t.tensor());
            }
        }
        int outputs = 0;
        for (int k = 0; Files.exists(data.resolve("output_" + k + ".pb")); k++) {
            TensorProtos.NamedTensor t = TensorProtos.readNamedTensor(data.resolve("output_" + k + ".pb"));
            String name = t.name().isEmpty() ? sig.outputs().get(k) : t.name();
            Network n = OnnxImporter.read(model, ImportOptions.defaults().withBindings(bindings).withOutput(name));
            long[] xs = toLong(x.shape());
            int batches = (int) xs[n.input().axes().indexOf(Axis.BATCH)];
            for (int b = 0; b < batches; b++) {
                float[][] seq = OutputComparison.sequence(n.input().axes(), x.toArray(), xs, b);
                double[][] ref = ReferenceLstm.run(n, seq, n.stateBatch() > 0 ? b : 0);
                OutputComparison.assertMatches(n, t.tensor().toArray(), toLong(t.tensor().shape()), b, ref, TOLERANCE);
            }
            outputs++;
        }
        assertTrue(outputs > 0, "no stored outputs in " + data);
    }

    private static long[] toLong(int[] s) {
        long[] l = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            l[i] = s[i];
        }
        return l;
    }

    @ParameterizedTest
    @ValueSource(strings = {"test_lstm_defaults", "test_lstm_with_initial_bias", "test_lstm_with_peepholes",
        "test_lstm_batchwise"})
    void backendLstmCases(String name) throws Exception {
        checkStoredCase(SharedData.require("onnx-backend-rnn").resolve(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"test_lstm_all_outputs", "test_lstm_bidirectional", "test_lstm_intermediate_h",
        "test_lstm_missing_inputs", "test_lstm_reverse", "test_lstm_seq_length", "test_lstm_simple", "test_lstm_y_c",
        "test_lstm_with_initial_state", "test_lstm_activations"})
    void onnx2cLocalOps(String name) throws Exception {
        checkStoredCase(SharedData.require("real-models/onnx2c-lstm/local_ops").resolve(name));
    }

    private static InvalidNetworkException rejectStored(Path dir) throws Exception {
        Path model = dir.resolve("model.onnx");
        OnnxImporter.Signature sig = OnnxImporter.signature(model);
        Map<String, FloatTensor> bindings = new HashMap<>();
        for (int k = 1; Files.exists(dir.resolve("test_data_set_0/input_" + k + ".pb")); k++) {
            TensorProtos.NamedTensor t = TensorProtos.readNamedTensor(dir.resolve("test_data_set_0/input_" + k + ".pb"));
            bindings.put(t.name().isEmpty() ? sig.inputs().get(k) : t.name(), t.tensor());
        }
        return assertThrows(InvalidNetworkException.class,
                () -> OnnxImporter.read(model, ImportOptions.defaults().withBindings(bindings)));
    }

    @Test
    void onnx2cUnsupportedCasesAreRejected() throws Exception {
        Path ops = SharedData.require("real-models/onnx2c-lstm/local_ops");
        InvalidNetworkException clip = rejectStored(ops.resolve("test_lstm_clip"));
        assertEquals(ops.resolve("test_lstm_clip/model.onnx").toString(), clip.file(), clip.getMessage());
        assertTrue(clip.reason().contains("'clip'"), clip.getMessage());
        assertTrue(clip.location().contains("LSTM"), clip.getMessage());
    }

    @Test
    void backendCaseWithoutBindingsNamesTheWeightInput() throws Exception {
        Path model = SharedData.require("onnx-backend-rnn").resolve("test_lstm_defaults/model.onnx");
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                () -> OnnxImporter.read(model, ImportOptions.defaults()));
        assertTrue(e.reason().contains("graph input 'W' needs a value"), e.getMessage());
    }

    /** The sclblonnx cases name their inputs in lower case (x, w, r): the message uses the model's own name. */
    @Test
    void sclblonnxCaseWithoutBindingsNamesTheLowercaseWeightInput() throws Exception {
        Path model = SharedData.require("real-models/onnx2c-lstm/local_ops").resolve("test_lstm_simple/model.onnx");
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                () -> OnnxImporter.read(model, ImportOptions.defaults()));
        assertEquals(model.toString(), e.file(), e.getMessage());
        assertEquals("graph input 'w'", e.location());
        assertTrue(e.reason().contains("graph input 'w' needs a value: it is input 1 of node"), e.getMessage());
        assertTrue(e.reason().contains("only the sequence 'x' may stay a run-time input"), e.getMessage());
    }

    @Test
    void rnnIsNotSupportedYet() throws Exception {
        Path backend = SharedData.require("onnx-backend-rnn");
        for (String c : List.of("test_simple_rnn_defaults")) {
            InvalidNetworkException e = rejectStored(backend.resolve(c));
            assertTrue(e.reason().contains("not supported yet"), e.getMessage());
        }
    }

    @Test
    void aircraftKerasModelMatchesOnnxRuntime() throws Exception {
        Path model = SharedData.require("real-models/aircraft-pm-lstm").resolve("lstm_model.onnx");
        Network n = OnnxImporter.read(model, ImportOptions.defaults());
        assertEquals("lstm_model", n.name());
        assertEquals(List.of("lstm_1", "lstm_2", "fc_1", "relu_1", "fc_2"), n.layers().stream().map(Layer::name).toList());
        assertEquals("LSTM__51", n.layers().get(0).origin());
        assertEquals(OutputMode.SEQUENCE, ((LstmLayer) n.layers().get(0)).outputMode());
        assertEquals(OutputMode.LAST_STATE, ((LstmLayer) n.layers().get(1)).outputMode());
        assertEquals(List.of(Axis.BATCH, Axis.TIME, Axis.FEATURE), n.input().axes());
        assertEquals(30, n.input().sequenceLength());
        assertEquals(0, n.input().batchSize());
        assertEquals(List.of(Axis.BATCH, Axis.FEATURE), n.output().axes());
        compareWithOrt(model, n, new long[] {1, 30, 17}, 21);
    }

    @Test
    void pytorchTvmModelFoldsItsWeightsAndMatchesOnnxRuntime() throws Exception {
        Path model = SharedData.require("real-models/pytorch-tvm-lstm").resolve("lstm.onnx");
        Network n = OnnxImporter.read(model, ImportOptions.defaults());
        assertEquals(List.of("lstm_1", "fc_1", "softmax_1"), n.layers().stream().map(Layer::name).toList());
        assertEquals(128, n.input().batchSize());
        assertEquals(28, n.input().sequenceLength());
        assertEquals(List.of(Axis.TIME, Axis.BATCH, Axis.FEATURE), n.input().axes());
        compareWithOrt(model, n, new long[] {28, 128, 28}, 22);
    }

    @Test
    void onnx2cSimpleNetwork() throws Exception {
        Path dir = SharedData.require("real-models/onnx2c-lstm/simple_networks");
        Network n = OnnxImporter.read(dir.resolve("lstm_k1_b1_r1.onnx"), ImportOptions.defaults());
        // keras2onnx names the node after the Keras layer: a clean name, kept (docs/formats.md, Names)
        assertEquals(List.of("lstm"), n.layers().stream().map(Layer::name).toList());
        assertEquals(List.of("lstm_1"), OnnxImporter.read(dir.resolve("lstm_k1_b1_r1.onnx"),
                ImportOptions.defaults().withPositionalLayerNames(true)).layers().stream().map(Layer::name).toList());
        assertEquals(OutputMode.LAST_STATE, ((LstmLayer) n.layers().get(0)).outputMode());
        compareWithOrt(dir.resolve("lstm_k1_b1_r1.onnx"), n, new long[] {1, 10, 5}, 23);
        // the same network with activations Relu, Tanh, Tanh: the gates' f is a ReLU
        Network relu = OnnxImporter.read(dir.resolve("lstm_k1_b1_r1_relu.onnx"), ImportOptions.defaults());
        assertEquals(List.of(Activation.RELU, Activation.TANH, Activation.TANH),
                ((LstmLayer) relu.layers().get(0)).activations());
        compareWithOrt(dir.resolve("lstm_k1_b1_r1_relu.onnx"), relu, new long[] {1, 10, 5}, 24);
    }

    @Test
    void waterForecastLoopIsRejected() throws Exception {
        Path model = SharedData.require("real-models/water-forecast-gru").resolve("gru_model.onnx");
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                () -> OnnxImporter.read(model, ImportOptions.defaults()));
        assertTrue(e.file().endsWith("gru_model.onnx"), e.getMessage());
        assertTrue(e.location().contains("functional_4_1/gru_3_1/while_loop") && e.location().contains("Loop"),
                e.getMessage());
        assertTrue(e.reason().contains("must be exported as ONNX LSTM/GRU nodes"), e.getMessage());
    }

    /** nnsplit's byte input (uint8 [batch, length] → Cast → Gather on an embedding table): one line naming the input. */
    @Test
    void nnsplitsIntegerInputIsRejectedNamingTheInput() throws Exception {
        assertRejected("real-models/nnsplit-bilstm", "model.onnx", "graph input 'input'",
                "an integer (uint8) sequence input of rank 2, such as token or byte indices looked up in an"
                + " embedding table (Cast + Gather), is not supported yet: the sequence input must be float32");
    }

    /** Silero VAD v5's default export: the whole network inside If_0 (on the sample rate): rejected, never a branch picked. */
    @Test
    void sileroIfIsRejectedNamingTheNode() throws Exception {
        assertRejected("real-models/silero-v5-if", "silero_vad.onnx", "node 'If_0' (If)",
                "op If is not supported: recurrent layers must be exported as ONNX LSTM/GRU nodes, not as If"
                + " control flow");
    }

    /**
     * tf2onnx's three stacked Keras LSTMs as Loops: the first two Loops' results are read only inside the
     * next Loop's body, yet the message names the first Loop of the graph.
     */
    @Test
    void quantSentinelsLoopsAreRejectedNamingTheFirst() throws Exception {
        assertRejected("real-models/qsent-loop", "lstm.onnx", "node 'sequential_5_1/lstm_15_1/while_loop' (Loop)",
                "op Loop is not supported: recurrent layers must be exported as ONNX LSTM/GRU nodes, not as"
                + " Loop control flow");
    }

    /** The shared model {@code folder/file} is rejected with exactly {@code location} and {@code reason}. */
    private static void assertRejected(String folder, String file, String location, String reason) throws Exception {
        Path model = SharedData.require(folder).resolve(file);
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                () -> OnnxImporter.read(model, ImportOptions.defaults()));
        assertEquals(location, e.location());
        assertEquals(reason, e.reason());
    }

    private static void compareWithOrt(Path model, Network n, long[] shape, long seed) throws Exception {
        int count = 1;
        for (long s : shape) {
            count *= (int) s;
        }
        float[] x = OnnxModelBuilder.random(new Random(seed), count, 1.5f);
        OrtRunner.Tensor out = OrtRunner.run(Files.readAllBytes(model),
                Map.of(n.input().name(), new OrtRunner.Tensor(x, shape)), n.output().name());
        int batches = (int) shape[n.input().axes().indexOf(Axis.BATCH)];
        for (int b = 0; b < batches; b++) {
            double[][] ref = ReferenceLstm.run(n, OutputComparison.sequence(n.input().axes(), x, shape, b));
            OutputComparison.assertMatches(n, out.data(), out.shape(), b, ref, TOLERANCE);
        }
    }
}
