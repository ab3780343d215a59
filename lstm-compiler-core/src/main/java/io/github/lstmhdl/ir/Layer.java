package io.github.lstmhdl.ir;

/**
 * One layer of a {@link Network}, in the toolbox's terms. Every layer has a unique {@linkplain #name()
 * name} that is usable as a component name ({@code lstm_1} gives {@code lstm_1.wi}), and an
 * {@linkplain #origin() origin} saying where in the source file it came from, for messages.
 *
 * <p>The layer kinds are a closed set. A stage that treats each kind in its own way dispatches through
 * {@link #accept} with one {@link Cases} implementation: Java 17 has no pattern {@code switch}, and
 * this is its exhaustive equivalent, so a new kind that a stage does not handle is a compile error
 * there instead of a {@link ClassCastException} at run time. What holds for every recurrent kind is
 * asked through {@link RecurrentLayer}, not through a kind.
 */
public sealed interface Layer permits RecurrentLayer, FullyConnectedLayer, ActivationLayer, SoftmaxLayer,
        LayerNormLayer, WindowedLayer {

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

    /**
     * The start of the name the toolbox gives a layer of this kind, before its per-kind counter:
     * {@code lstm} (for {@code lstm_1}), {@code fc}, {@code relu}, {@code softmax}.
     */
    String namePrefix();

    /** The same layer under another name (the ONNX importer names layers as the toolbox does). */
    Layer withName(String name);

    /** Calls the case of {@code cases} that matches this layer's kind and returns its result. */
    <R, X extends Exception> R accept(Cases<R, X> cases) throws X;

    /**
     * One method per layer kind: what a stage does with a layer of that kind. Implementing it is the
     * exhaustive switch over the sealed layer type; adding a kind adds a method here, so that every
     * stage must say what it does with the new kind before the compiler builds.
     *
     * @param <R> the result of a case
     * @param <X> the checked exception a case may throw ({@link RuntimeException} for none)
     */
    interface Cases<R, X extends Exception> {
        R lstm(LstmLayer layer) throws X;

        R gru(GruLayer layer) throws X;

        R fullyConnected(FullyConnectedLayer layer) throws X;

        R activation(ActivationLayer layer) throws X;

        R softmax(SoftmaxLayer layer) throws X;

        R convolution(ConvolutionLayer layer) throws X;

        R maxPool(MaxPoolLayer layer) throws X;
        R layerNorm(LayerNormLayer layer) throws X;
    }
}
