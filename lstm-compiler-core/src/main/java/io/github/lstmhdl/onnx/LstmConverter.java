package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.Activation;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.LstmDirection;
import io.github.lstmhdl.ir.LstmLayer;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.onnx.OnnxProto.Attribute;
import io.github.lstmhdl.onnx.OnnxProto.Node;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Converts one ONNX LSTM node with constant W, R, B, P and initial states into an {@link LstmLayer}
 * (its checks of the attributes and inputs that the recurrent ops share, such as direction,
 * sequence_lens, shapes and initial states, serve {@link GruTranslator} too):
 * reorders the gate blocks from ONNX's i, o, f, c to the canonical i, f, g, o, sums Wb and Rb, reorders
 * peepholes from i, o, f to i, f, o, and reduces initial states that are equal across the batch to one
 * vector [H] per direction; states that differ between the sequences of a fixed batch B stay [B, H]. Unsupported attributes (clip, non-default activations, input_forget) are errors.
 * A single-direction W or R that the caller hands over is reordered in place and becomes the layer's
 * tensor, so the largest weights are never held twice.
 */
final class LstmConverter {
    /** Canonical gate k (i, f, g, o) is ONNX block ONNX_BLOCK[k] (ONNX order i, o, f, c). */
    private static final int[] ONNX_BLOCK = {0, 2, 3, 1};
    /** Canonical peephole k (i, f, o) is ONNX peephole block PEEP_BLOCK[k] (ONNX order i, o, f). */
    private static final int[] PEEP_BLOCK = {0, 2, 1};

    private final String file;
    private final long maxElements;
    private final ConstantBudget budget;

    /** @param budget charged with every copy made of weights that other nodes also read */
    LstmConverter(String file, long maxElements, ConstantBudget budget) {
        this.file = file;
        this.maxElements = maxElements;
        this.budget = budget;
    }

    /** The node's layout attribute: 0 ([T, N, D]) or 1 ([N, T, D]). */
    int layout(Node node) throws InvalidNetworkException {
        long layout = node.attribute("layout").map(Attribute::i).orElse(0L);
        if (layout != 0 && layout != 1) {
            throw fail(node, "attribute 'layout' must be 0 or 1, not " + layout);
        }
        return (int) layout;
    }

    /**
     * Builds the layer (named {@code name}) with output mode {@code mode}.
     *
     * @param in        the node's inputs: index 0 unused; null where omitted
     * @param owned     owned[i]: nothing but {@code in[i]} holds its values, so the converter may reorder
     *                  them in place and keep them (only W and R, and only for one direction, are kept);
     *                  every array made from an input that is not owned is charged to the import budget
     *                  before it is allocated, since it adds to what the model's file holds
     * @param sequence  the fixed sequence length, or {@link Constant#UNKNOWN} (negative) when dynamic
     * @param batch     the batch size the flow carries
     */
    LstmLayer convert(Node node, String name, OutputMode mode, Constant[] in, boolean[] owned, int inputSize,
            long sequence, long batch) throws InvalidNetworkException {
        Direction direction = direction(node);
        int dirs = direction.count();
        checkAttributes(node, direction);
        List<Activation> activations = activations(node, direction);
        Constant w = require(node, in, 1, "W");
        Constant r = require(node, in, 2, "R");
        int hs = hiddenSize(node, r, 4);
        expectShape(node, w, "W", dirs, 4 * hs, inputSize);
        expectShape(node, r, "R", dirs, 4 * hs, hs);
        Constant b = in[3];
        if (b != null) {
            expectShape(node, b, "B", dirs, 8 * hs);
        }
        Constant seqLens = in[4];
        if (seqLens != null) {
            checkSequenceLens(node, seqLens, sequence);
        }
        Constant p = in.length > 7 ? in[7] : null;
        if (p != null) {
            expectShape(node, p, "P", dirs, 3 * hs);
        }
        int layout = layout(node);
        List<LstmDirection> params = new ArrayList<>();
        for (int d = 0; d < dirs; d++) {
            chargeCopy(node, owned, 1, dirs == 1 && owned[1] ? 0 : 4L * hs * inputSize, "input W");
            chargeCopy(node, owned, 2, dirs == 1 && owned[2] ? 0 : 4L * hs * hs, "input R");
            chargeCopy(node, owned, 3, b == null ? 0 : 4L * hs, "input B");
            chargeCopy(node, owned, 7, p == null ? 0 : 3L * hs, "input P");
            float[] wi = dirs == 1 && owned[1] ? reorderInPlace(w.floats(), hs, inputSize)
                    : reorder(w.floats(), d, hs, inputSize);
            float[] ri = dirs == 1 && owned[2] ? reorderInPlace(r.floats(), hs, hs) : reorder(r.floats(), d, hs, hs);
            float[] bias = new float[4 * hs];
            if (b != null) {
                for (int k = 0; k < 4; k++) {
                    int src = d * 8 * hs + ONNX_BLOCK[k] * hs;
                    for (int j = 0; j < hs; j++) {
                        bias[k * hs + j] = b.floats()[src + j] + b.floats()[src + 4 * hs + j];
                    }
                }
            }
            Optional<FloatTensor> peep = Optional.empty();
            if (p != null) {
                float[] pp = new float[3 * hs];
                for (int k = 0; k < 3; k++) {
                    System.arraycopy(p.floats(), d * 3 * hs + PEEP_BLOCK[k] * hs, pp, k * hs, hs);
                }
                peep = Optional.of(FloatTensor.of(pp, 3 * hs));
            }
            Optional<FloatTensor> h0 = state(node, in, owned, 5, "initial_h", d, dirs, hs, batch, layout);
            Optional<FloatTensor> c0 = state(node, in, owned, 6, "initial_c", d, dirs, hs, batch, layout);
            params.add(new LstmDirection(FloatTensor.of(wi, 4 * hs, inputSize), FloatTensor.of(ri, 4 * hs, hs),
                    FloatTensor.of(bias, 4 * hs), peep, h0, c0));
        }
        return new LstmLayer(name, node.label(), direction, mode, params, activations);
    }

    /**
     * The node's hidden size, from its attribute or R [dirs, gates·H, H], for an op of {@code gates}
     * gate blocks: 2 × gates × hidden_size (B's length) must fit an int and gates × hidden_size the
     * element limit, checked by division, since the product of a hostile attribute (2^62 + 4) wraps.
     */
    int hiddenSize(Node node, Constant r, int gates) throws InvalidNetworkException {
        long limit = Math.min(maxElements / gates, Integer.MAX_VALUE / (2 * gates));
        Optional<Long> hAttr = node.attribute("hidden_size").map(Attribute::i);
        if (hAttr.isPresent() && (hAttr.get() < 1 || hAttr.get() > limit)) {
            throw fail(node, "attribute hidden_size " + hAttr.get() + " is not a usable size (1 to " + limit + ")");
        }
        if (r.rank() != 3) {
            throw fail(node, "R must have rank 3 [num_directions, " + gates + "*hidden_size, hidden_size], not " + r);
        }
        long h = hAttr.orElse((long) r.shape()[2]);
        if (h < 1 || h > limit) {
            throw fail(node, "hidden_size " + h + " (from R's shape) is not a usable size (1 to " + limit + ")");
        }
        return (int) h;
    }

    private void checkAttributes(Node node, Direction direction) throws InvalidNetworkException {
        if (node.attribute("clip").isPresent()) {
            throw fail(node, "attribute 'clip' (cell clipping, " + node.attribute("clip").get().f()
                    + ") is not supported");
        }
        if (node.attribute("input_forget").map(Attribute::i).orElse(0L) != 0) {
            throw fail(node, "attribute 'input_forget'=1 (coupled input and forget gates) is not supported");
        }
    }

    /**
     * The node's {@code activations} (f, g, h per direction), or null for the defaults when it has none:
     * Sigmoid, Tanh and Relu are supported (they take no alpha or beta), any other function is rejected
     * by name.
     */
    private List<Activation> activations(Node node, Direction direction) throws InvalidNetworkException {
        Optional<Attribute> acts = node.attribute("activations");
        if (acts.isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (var s : acts.get().strings()) {
            names.add(s.toString(StandardCharsets.UTF_8));
        }
        int expectedCount = 3 * direction.count();
        if (names.size() != expectedCount) {
            throw fail(node, "attribute 'activations' lists " + names.size() + " functions " + names + " but a "
                    + direction.name().toLowerCase(Locale.ROOT) + " LSTM needs " + expectedCount
                    + " (f, g, h per direction)");
        }
        List<Activation> out = new ArrayList<>();
        for (String n : names) {
            out.add(switch (n.toLowerCase(Locale.ROOT)) {
                case "sigmoid" -> Activation.SIGMOID;
                case "tanh" -> Activation.TANH;
                case "relu" -> Activation.RELU;
                default -> throw fail(node, "attribute 'activations' " + names + ": function '" + n
                        + "' is not supported: only Sigmoid, Tanh and Relu are");
            });
        }
        return out;
    }

    /**
     * Rejects an {@code activations} attribute that is not the op's defaults ({@code defaults} per
     * direction, named {@code roles} in the operator's equations), compared case-insensitively.
     */
    void checkDefaultActivations(Node node, Direction direction, String roles, String... defaults)
            throws InvalidNetworkException {
        Optional<Attribute> acts = node.attribute("activations");
        if (acts.isPresent()) {
            List<String> names = new ArrayList<>();
            for (var s : acts.get().strings()) {
                names.add(s.toString(StandardCharsets.UTF_8));
            }
            int expectedCount = defaults.length * direction.count();
            if (names.size() != expectedCount) {
                throw fail(node, "attribute 'activations' lists " + names.size() + " functions " + names + " but a "
                        + direction.name().toLowerCase(Locale.ROOT) + " " + node.opType() + " needs " + expectedCount
                        + " (" + roles + " per direction)");
            }
            for (int i = 0; i < names.size(); i++) {
                String expected = defaults[i % defaults.length].toLowerCase(Locale.ROOT);
                if (!names.get(i).toLowerCase(Locale.ROOT).equals(expected)) {
                    throw fail(node, "attribute 'activations' " + names
                            + " is not supported: only the default activations (" + String.join(", ", defaults)
                            + ") are");
                }
            }
        }
    }

    Direction direction(Node node) throws InvalidNetworkException {
        String d = node.attribute("direction").map(a -> a.s().toString(StandardCharsets.UTF_8)).orElse("forward");
        return switch (d) {
            case "forward" -> Direction.FORWARD;
            case "reverse" -> Direction.REVERSE;
            case "bidirectional" -> Direction.BIDIRECTIONAL;
            default -> throw fail(node, "attribute 'direction' has the unknown value '" + d + "'");
        };
    }

    void checkSequenceLens(Node node, Constant lens, long sequence) throws InvalidNetworkException {
        if (sequence < 0) {
            throw fail(node, "input 'sequence_lens' is given while the sequence length is dynamic; only a constant"
                    + " sequence_lens equal to the full length is supported");
        }
        for (long v : lens.toLongs()) {
            if (v != sequence) {
                throw fail(node, "input 'sequence_lens' " + Arrays.toString(lens.toLongs())
                        + " differs from the full sequence length " + sequence + "; variable lengths are not supported");
            }
        }
    }

    Constant require(Node node, Constant[] in, int i, String what) throws InvalidNetworkException {
        if (in[i] == null) {
            throw fail(node, "input " + what + " is missing");
        }
        if (!in[i].isFloat()) {
            throw fail(node, "input " + what + " must be a float tensor");
        }
        return in[i];
    }

    void expectShape(Node node, Constant t, String what, int... shape) throws InvalidNetworkException {
        if (!t.isFloat()) {
            throw fail(node, "input " + what + " must be a float tensor");
        }
        if (!Arrays.equals(t.shape(), shape)) {
            throw fail(node, "input " + what + " has shape " + Arrays.toString(t.shape()) + " but "
                    + Arrays.toString(shape) + " is expected");
        }
    }

    /** Rows of direction d, gate blocks reordered to i, f, g, o. */
    private static float[] reorder(float[] src, int d, int h, int cols) {
        float[] out = new float[4 * h * cols];
        int blockSize = h * cols;
        for (int k = 0; k < 4; k++) {
            System.arraycopy(src, d * 4 * blockSize + ONNX_BLOCK[k] * blockSize, out, k * blockSize, blockSize);
        }
        return out;
    }

    /**
     * One direction's gate blocks reordered to i, f, g, o within {@code a} itself: blocks 0 and 1 of the
     * canonical order are ONNX blocks 0 and 2, so block 0 stays and blocks 1, 2, 3 rotate (1 ← 2, 2 ← 3,
     * 3 ← 1), a slice at a time so that the scratch space stays small.
     */
    private static float[] reorderInPlace(float[] a, int h, int cols) {
        int blockSize = h * cols;
        float[] tmp = new float[Math.min(blockSize, 1 << 16)];
        for (int from = 0; from < blockSize; from += tmp.length) {
            int n = Math.min(tmp.length, blockSize - from);
            System.arraycopy(a, blockSize + from, tmp, 0, n);
            System.arraycopy(a, 2 * blockSize + from, a, blockSize + from, n);
            System.arraycopy(a, 3 * blockSize + from, a, 2 * blockSize + from, n);
            System.arraycopy(tmp, 0, a, 3 * blockSize + from, n);
        }
        return a;
    }

    Optional<FloatTensor> state(Node node, Constant[] in, boolean[] owned, int input, String what, int d,
            int dirs, int h, long batch, int layout) throws InvalidNetworkException {
        Constant s = in[input];
        if (s == null) {
            return Optional.empty();
        }
        if (!s.isFloat() || s.rank() != 3) {
            throw fail(node, "input " + what + " must be a float tensor of rank 3, not " + s);
        }
        int[] sh = s.shape();
        int dirAxis = layout == 0 ? 0 : 1;
        int batchAxis = layout == 0 ? 1 : 0;
        int n = sh[batchAxis];
        boolean dynamicBatch = batch == Constant.UNKNOWN;
        String expected = layout == 0 ? "[" + dirs + ", " + batch + ", " + h + "]"
                : "[" + batch + ", " + dirs + ", " + h + "]";
        if (sh[dirAxis] != dirs || sh[2] != h) {
            throw fail(node, "input " + what + " has shape " + Arrays.toString(sh) + " but " + expected
                    + " is expected");
        }
        int[] strides = Constant.strides(sh);
        chargeCopy(node, owned, input, (long) n * h, "input " + what);
        float[] rows = new float[n * h];
        int differs = 0;
        for (int b = 0; b < n; b++) {
            int base = d * strides[dirAxis] + b * strides[batchAxis];
            for (int j = 0; j < h; j++) {
                float x = s.floats()[base + j];
                rows[b * h + j] = x;
                if (differs == 0 && b > 0 && Float.compare(x, rows[j]) != 0) {
                    differs = b;
                }
            }
        }
        if (differs != 0 && (dynamicBatch || n != batch)) {
            String size = dynamicBatch ? "symbolic"
                    : batch == 1 ? "1 (declared, or symbolic and taken as 1)" : String.valueOf(batch);
            throw fail(node, "input " + what + " differs between batch entries 0 and " + differs + " of its " + n
                    + ", but the batch size is " + size + "; per-sequence initial states need the input to declare"
                    + " a fixed batch size of " + n);
        }
        if (n != batch && n != 1 && !dynamicBatch) {
            throw fail(node, "input " + what + " has shape " + Arrays.toString(sh) + " but " + expected
                    + " is expected");
        }
        if (differs != 0) {
            // one initial state per sequence of the fixed batch: [B, H]
            return Optional.of(FloatTensor.of(rows, n, h));
        }
        float[] v = Arrays.copyOf(rows, h);
        boolean zero = true;
        for (float x : v) {
            zero &= x == 0f;
        }
        return zero ? Optional.empty() : Optional.of(FloatTensor.of(v, h));
    }

    /** Charges an array of {@code elements} floats made from input {@code input}, unless the node owns it. */
    void chargeCopy(Node node, boolean[] owned, int input, long elements, String what)
            throws InvalidNetworkException {
        if (elements > 0 && !owned[input]) {
            budget.chargeCopy(elements, Float.BYTES, "node '" + node.label() + "' (" + node.opType() + ")", what);
        }
    }

    InvalidNetworkException fail(Node node, String reason) {
        return new InvalidNetworkException(file, "node '" + node.label() + "' (" + node.opType() + ")", reason);
    }
}
