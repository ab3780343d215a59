package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.source.ImportOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a single serialized ONNX TensorProto (the {@code .pb} files of the ONNX backend tests), for
 * binding graph inputs to constant values and for comparing with stored outputs.
 */
public final class TensorProtos {
    private TensorProtos() {
    }

    /** A named tensor read from a .pb file; the name is empty when the file does not set it. */
    public record NamedTensor(String name, FloatTensor tensor) {
    }

    /**
     * Reads {@code pbFile} as a float tensor (float, double, float16 and integer data are converted to
     * float32).
     *
     * @throws InvalidNetworkException when the file is not a valid TensorProto
     */
    public static FloatTensor readFloatTensor(Path pbFile) throws InvalidNetworkException {
        return readNamedTensor(pbFile).tensor();
    }

    /** Like {@link #readFloatTensor}, also returning the TensorProto's name. */
    public static NamedTensor readNamedTensor(Path pbFile) throws InvalidNetworkException {
        String display = pbFile.toString();
        byte[] bytes;
        try {
            long size = Files.size(pbFile);
            if (size > Integer.MAX_VALUE - 8) {
                throw new InvalidNetworkException(display, "", "the file is too large for a TensorProto: " + size + " bytes");
            }
            bytes = Files.readAllBytes(pbFile);
        } catch (IOException e) {
            throw new InvalidNetworkException(display, "", "cannot read the file: " + e.getMessage(), e);
        }
        ModelBytes source = ModelBytes.of(bytes);
        OnnxProto.Tensor t = new OnnxWireReader(display).readTensor(source);
        Constant c = new TensorDecoder(display, pbFile.toAbsolutePath().getParent(), ImportOptions.DEFAULT_MAX_ELEMENTS,
                source)
                .decode(t, "tensor '" + t.name() + "'");
        float[] data;
        if (c.isFloat()) {
            data = c.floats();
        } else {
            data = new float[c.size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = c.longs()[i];
            }
        }
        return new NamedTensor(t.name(), FloatTensor.of(data, c.shape()));
    }
}
