package io.github.lstmhdl.json;

import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.source.NetworkSources;
import java.util.Locale;
import java.util.Optional;

/**
 * The vocabulary of the native format, shared by the importer and the writer so that both spell every
 * name the same way: the format tag, the file suffix, and the JSON spelling of directions and output
 * modes.
 */
final class NativeFormat {

    /** The value of the top-level {@code format} field. */
    static final String FORMAT = "lstm-hdl/1";

    /** The suffix that marks a native network file. */
    static final String SUFFIX = ".lstm.json";

    static final String SEQUENCE_INPUT = "sequenceInput";
    static final String LSTM = "lstm";
    static final String GRU = "gru";
    static final String FULLY_CONNECTED = "fullyConnected";
    static final String RELU = "relu";
    static final String SIGMOID = "sigmoid";
    static final String TANH = "tanh";
    static final String SOFTMAX = "softmax";
    static final String LOG_SOFTMAX = "logSoftmax";

    private NativeFormat() {
    }

    /** Whether {@code fileName} carries the native suffix (case-insensitively). */
    static boolean hasSuffix(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(SUFFIX);
    }

    /** The network name that a file name gives: the file name without the suffix ({@link NetworkSources#networkName}). */
    static String baseName(String fileName) {
        return NetworkSources.networkName(fileName);
    }

    static String directionName(Direction d) {
        return d.name().toLowerCase(Locale.ROOT);
    }

    static Optional<Direction> direction(String name) {
        for (Direction d : Direction.values()) {
            if (directionName(d).equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /**
     * The output mode that a JSON value means for a layer of the given direction. {@code "last"} is
     * MATLAB's OutputMode 'last', the output at the last time step: for a forward layer that is its
     * final state ({@link OutputMode#LAST_STATE}); for a reverse or bidirectional layer it is the last
     * time step of the output sequence ({@link OutputMode#LAST_STEP}).
     */
    static Optional<OutputMode> outputMode(String name, Direction direction) {
        return Optional.ofNullable(switch (name) {
            case "sequence" -> OutputMode.SEQUENCE;
            case "last" -> direction == Direction.FORWARD ? OutputMode.LAST_STATE : OutputMode.LAST_STEP;
            case "lastState" -> OutputMode.LAST_STATE;
            case "lastStep" -> OutputMode.LAST_STEP;
            case "lastCell" -> OutputMode.LAST_CELL;
            default -> null;
        });
    }

    /** The JSON value for an output mode: {@code "last"} wherever it reads back as the same mode. */
    static String outputModeName(OutputMode mode, Direction direction) {
        if (outputMode("last", direction).orElseThrow() == mode) {
            return "last";
        }
        return switch (mode) {
            case SEQUENCE -> "sequence";
            case LAST_STATE -> "lastState";
            case LAST_STEP -> "lastStep";
            case LAST_CELL -> "lastCell";
        };
    }

    /** The accepted output mode values, for messages. */
    static final String OUTPUT_MODES = "\"sequence\", \"last\", \"lastState\", \"lastStep\" or \"lastCell\"";

    /** MATLAB's gruLayer ResetGateMode values: the default, and the two others. */
    static final String RESET_AFTER = "after-multiplication";
    static final String RESET_BEFORE = "before-multiplication";
    static final String RESET_AFTER_RECURRENT_BIAS = "recurrent-bias-after-multiplication";

    /** The accepted ResetGateMode values, for messages. */
    static final String RESET_GATE_MODES = "\"" + RESET_AFTER + "\", \"" + RESET_BEFORE + "\" or \""
            + RESET_AFTER_RECURRENT_BIAS + "\"";

    /**
     * A GRU parameter of 3 gate blocks along its first axis with the first two blocks swapped: MATLAB's
     * order reset, update, candidate becomes the IR's (ONNX's) update, reset, candidate, and back (the
     * swap is its own inverse).
     */
    static FloatTensor swapResetAndUpdate(FloatTensor t) {
        int block = t.size() / 3;
        float[] a = t.toArray();
        float[] out = a.clone();
        System.arraycopy(a, 0, out, block, block);
        System.arraycopy(a, block, out, 0, block);
        return FloatTensor.of(out, t.shape());
    }

    /** The accepted direction values, for messages. */
    static final String DIRECTIONS = "\"forward\", \"reverse\" or \"bidirectional\"";
}
