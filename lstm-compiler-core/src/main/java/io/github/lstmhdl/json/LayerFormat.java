package io.github.lstmhdl.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Layer;
import java.io.IOException;
import java.util.List;

/**
 * The native form of one layer kind, in one place: the JSON type names it reads, how a layer object is
 * read (its fields, their validation, its weight files) and how a layer is written back, so that
 * reading what was written gives the same layer. {@link LayerFormats} lists every kind's format.
 *
 * @param <L> the layer kind
 */
interface LayerFormat<L extends Layer> {

    /** The values of the {@code type} field that this format reads, in the order messages list them. */
    List<String> types();

    /**
     * Reads one layer object of type {@code type} (one of {@link #types()}).
     *
     * @param in what the network read so far says about this layer's input, and the shared readers
     * @throws InvalidNetworkException naming the file, the JSON path and the reason for every problem
     */
    L read(String type, LayerReading in, JsonFields f) throws InvalidNetworkException;

    /** Writes {@code layer} into {@code node} (type, name, sizes and weight file names). */
    void write(L layer, ObjectNode node, LayerWriting out) throws IOException;
}
