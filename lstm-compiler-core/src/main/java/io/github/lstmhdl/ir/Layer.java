package io.github.lstmhdl.ir;

/**
 * One layer of a {@link Network}, in the toolbox's terms. Every layer has a unique {@linkplain #name()
 * name} that is usable as a component name ({@code lstm_1} gives {@code lstm_1.wi}), and an
 * {@linkplain #origin() origin} saying where in the source file it came from, for messages.
 */
public sealed interface Layer permits LstmLayer, FullyConnectedLayer, ActivationLayer, SoftmaxLayer {

    /** The layer's name: matches {@link Network#NAME_PATTERN}. */
    String name();

    /** Where the layer came from in the source file (an ONNX node name, a JSON path); may be empty. */
    String origin();

    /** The number of features the layer consumes per time step. */
    int inputSize();

    /** The number of features the layer produces per time step (or once, for a last-step output). */
    int outputSize();

    /** A short description for the compile log's layer table, such as "LSTM with 100 hidden units". */
    String description();

    /** The layer's type as the toolbox's layer table shows it, such as "LSTM" or "Fully Connected". */
    String typeName();
}
