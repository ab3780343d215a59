package io.github.lstmhdl.testing;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs a model in onnxruntime (single-threaded) on float inputs, for comparisons in tests. */
public final class OrtRunner {
    private OrtRunner() {
    }

    /** A float tensor: flat row-major data and its shape. */
    public record Tensor(float[] data, long[] shape) {
    }

    /** Runs {@code model} and returns the outputs named {@code outputs}, by name in that order. */
    public static Map<String, Tensor> runAll(byte[] model, Map<String, Tensor> inputs, List<String> outputs)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            opts.setInterOpNumThreads(1);
            try (OrtSession session = env.createSession(model, opts)) {
                Map<String, OnnxTensor> feed = new HashMap<>();
                try {
                    for (var e : inputs.entrySet()) {
                        feed.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue().data()),
                                e.getValue().shape()));
                    }
                    try (OrtSession.Result r = session.run(feed, new java.util.LinkedHashSet<>(outputs))) {
                        Map<String, Tensor> result = new java.util.LinkedHashMap<>();
                        for (String name : outputs) {
                            OnnxTensor t = (OnnxTensor) r.get(name).orElseThrow();
                            FloatBuffer fb = t.getFloatBuffer();
                            float[] out = new float[fb.remaining()];
                            fb.get(out);
                            result.put(name, new Tensor(out, t.getInfo().getShape()));
                        }
                        return result;
                    }
                } finally {
                    feed.values().forEach(OnnxTensor::close);
                }
            }
        }
    }

    /** Runs {@code model} and returns the output named {@code output}. */
    public static Tensor run(byte[] model, Map<String, Tensor> inputs, String output) throws OrtException {
        return runAll(model, inputs, List.of(output)).get(output);
    }
}
