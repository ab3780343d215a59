package io.github.lstmhdl.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.lstmhdl.ir.ActivationLayer;
import io.github.lstmhdl.ir.ConvolutionLayer;
import io.github.lstmhdl.ir.FullyConnectedLayer;
import io.github.lstmhdl.ir.GruLayer;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.LayerNormLayer;
import io.github.lstmhdl.ir.LstmLayer;
import io.github.lstmhdl.ir.MaxPoolLayer;
import io.github.lstmhdl.ir.SoftmaxLayer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every layer kind's native form: the one table that maps a JSON type to the format that reads it, and
 * the exhaustive dispatch that writes a layer with its kind's format (a kind without a format does not
 * build). Adding a kind adds its {@link LayerFormat} to {@link #READ_ORDER} and one case to {@link #write}.
 */
final class LayerFormats {

    /** The formats in the order messages list their types. */
    private static final List<LayerFormat<?>> READ_ORDER = List.of(LstmFormat.INSTANCE, GruFormat.INSTANCE,
            FullyConnectedFormat.INSTANCE, ActivationFormat.INSTANCE, SoftmaxFormat.INSTANCE, LayerNormFormat.INSTANCE,
            ConvolutionFormat.INSTANCE, MaxPoolFormat.INSTANCE);

    private static final Map<String, LayerFormat<?>> BY_TYPE = byType();

    private LayerFormats() {
    }

    private static Map<String, LayerFormat<?>> byType() {
        Map<String, LayerFormat<?>> m = new LinkedHashMap<>();
        for (LayerFormat<?> format : READ_ORDER) {
            for (String type : format.types()) {
                if (m.put(type, format) != null) {
                    throw new IllegalStateException("two layer formats read type " + type);
                }
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** The format that reads JSON type {@code type}, if any. */
    static Optional<LayerFormat<?>> forType(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    /** Every type a layer after the input may have, in the order messages list them. */
    static List<String> types() {
        return new ArrayList<>(BY_TYPE.keySet());
    }

    /** Writes {@code layer} into {@code node} with its kind's format. */
    static void write(Layer layer, ObjectNode node, LayerWriting out) throws IOException {
        layer.accept(new Layer.Cases<Void, IOException>() {
            @Override
            public Void lstm(LstmLayer l) throws IOException {
                LstmFormat.INSTANCE.write(l, node, out);
                return null;
            }

            @Override
            public Void gru(GruLayer l) throws IOException {
                GruFormat.INSTANCE.write(l, node, out);
                return null;
            }

            @Override
            public Void fullyConnected(FullyConnectedLayer l) throws IOException {
                FullyConnectedFormat.INSTANCE.write(l, node, out);
                return null;
            }

            @Override
            public Void activation(ActivationLayer l) throws IOException {
                ActivationFormat.INSTANCE.write(l, node, out);
                return null;
            }

            @Override
            public Void softmax(SoftmaxLayer l) {
                SoftmaxFormat.INSTANCE.write(l, node, out);
                return null;
            }

            @Override
            public Void convolution(ConvolutionLayer l) throws IOException {
                ConvolutionFormat.INSTANCE.write(l, node, out);
                return null;
            }

            @Override
            public Void maxPool(MaxPoolLayer l) {
                MaxPoolFormat.INSTANCE.write(l, node, out);
                return null;
            }

            @Override
            public Void layerNorm(LayerNormLayer l) throws IOException {
                LayerNormFormat.INSTANCE.write(l, node, out);
                return null;
            }
        });
    }
}
