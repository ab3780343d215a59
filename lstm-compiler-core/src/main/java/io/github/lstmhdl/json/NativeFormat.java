package io.github.lstmhdl.json;

import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.source.NetworkSources;
import java.util.Locale;
import java.util.Optional;

/**
 * The vocabulary of the native format, shared by the importer, the writer and the layer formats so that
 * all spell every name the same way: the format tag, the file suffix, the input's type, and the JSON
 * spelling of directions and output modes (shared by the recurrent kinds).
 */
final class NativeFormat {

    /** The value of the top-level {@code format} field. */
    static final String FORMAT = "lstm-hdl/1";

    /** The suffix that marks a native network file. */
    static final String SUFFIX = ".lstm.json";

    /** The type of the first layer, the network's input; the other types are their formats' ({@link LayerFormats}). */
    static final String SEQUENCE_INPUT = "sequenceInput";

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

    /** A recurrent layer's {@code direction} field: {@code forward} when absent. */
    static Direction direction(JsonFields f) throws InvalidNetworkException {
        String value = f.optionalString("direction").orElse("forward");
        return direction(value).orElseThrow(() -> f.error("direction",
                "unknown direction \"" + value + "\"; use " + DIRECTIONS));
    }

    /**
     * A recurrent layer's {@code outputMode} field: {@code sequence} when absent; {@code hasCell}: the
     * kind has a cell state, so {@code "lastCell"} is one of its modes.
     */
    static OutputMode outputMode(JsonFields f, Direction direction, String type, boolean hasCell)
            throws InvalidNetworkException {
        String value = f.optionalString("outputMode").orElse("sequence");
        return outputMode(value, direction).filter(m -> hasCell || m != OutputMode.LAST_CELL)
                .orElseThrow(() -> f.error("outputMode", "unknown outputMode \"" + value + "\"" + (hasCell
                        ? "; use " + OUTPUT_MODES
                        : " for a " + type + " layer (it has no cell state); use \"sequence\", \"last\", \"lastState\""
                                + " or \"lastStep\"")));
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

    /** The accepted direction values, for messages. */
    static final String DIRECTIONS = "\"forward\", \"reverse\" or \"bidirectional\"";
}
