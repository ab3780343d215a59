package io.github.lstmhdl.onnx;

import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.onnx.OnnxProto.Model;
import io.github.lstmhdl.onnx.OnnxProto.OpsetId;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.source.SourceFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads an ONNX model (IR version 3 or later, default-domain opset 7 to 22) into a validated
 * {@link Network}. The network's name is the file name without {@code .onnx}. Graph inputs other than
 * the sequence must be initializers or be bound through {@link ImportOptions#bindings()}; every problem
 * is an {@link InvalidNetworkException} naming the file, the node or tensor, and the reason. Sizes are
 * bounded before anything is allocated: per tensor by {@link ImportOptions#maxElements()}, and for all
 * that one import makes beyond the file's bytes (folded, widened and bound tensors) together by
 * {@link ImportOptions#maxConstantBytes()}.
 */
public final class OnnxImporter {
    /** The oldest and newest default-domain operator set versions this importer understands. */
    public static final int MIN_OPSET = 7;
    public static final int MAX_OPSET = 22;

    /** Files larger than this are rejected before reading (protobuf messages are limited to 2 GiB). */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    private OnnxImporter() {
    }

    /**
     * Reads {@code file}. External tensor data is read only from files inside the model's folder. The
     * file is not loaded whole: its structure is parsed, and each tensor's data is read from the file
     * when the tensor is needed, so importing takes about the heap of the converted weights alone.
     *
     * @throws InvalidNetworkException when the file cannot be read or does not describe a supported network
     */
    public static Network read(Path file, ImportOptions options) throws InvalidNetworkException {
        return read(file, options, new SourceFiles());
    }

    /**
     * Reads {@code file} as {@link #read(Path, ImportOptions)} does, telling {@code sources} of the model
     * file and of every external data file before each is read.
     *
     * @throws InvalidNetworkException when the file cannot be read or does not describe a supported network
     */
    public static Network read(Path file, ImportOptions options, SourceFiles sources) throws InvalidNetworkException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(options, "options");
        String display = file.toString();
        Path dir = file.toAbsolutePath().getParent();
        // the file stays open while the graph is translated: raw_data is read from it by position when a
        // tensor is needed, so the file's bytes are never all on the heap
        sources.reading(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ModelBytes bytes = ModelBytes.of(channel);
            if (bytes.size() > MAX_FILE_BYTES) {
                throw new InvalidNetworkException(display, "", "the file is " + bytes.size() + " bytes, larger than"
                        + " an ONNX protobuf can be (2 GiB); store the weights as external data");
            }
            return read(bytes, display, dir, options, sources);
        } catch (IOException e) {
            throw new InvalidNetworkException(display, "", "cannot read the file: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a model held in memory. {@code fileName} names it in messages and gives the network name;
     * external tensor data is not available this way.
     */
    public static Network read(byte[] bytes, String fileName, ImportOptions options) throws InvalidNetworkException {
        Objects.requireNonNull(bytes, "bytes");
        return read(ModelBytes.of(bytes), fileName, null, options, new SourceFiles());
    }

    /**
     * The names of a model's graph inputs (initializers listed as inputs excluded) and outputs, in
     * declaration order: for binding inputs by position, as tools that read the ONNX backend tests do.
     */
    public record Signature(List<String> inputs, List<String> outputs) {
        public Signature {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }
    }

    /** Reads only the graph's declared inputs and outputs. */
    public static Signature signature(Path file) throws InvalidNetworkException {
        String display = file.toString();
        OnnxProto.Graph g;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ModelBytes bytes = ModelBytes.of(channel);
            if (bytes.size() > MAX_FILE_BYTES) {
                throw new InvalidNetworkException(display, "", "the file is too large for an ONNX protobuf");
            }
            g = new OnnxWireReader(display).readModel(bytes).graph();
        } catch (IOException e) {
            throw new InvalidNetworkException(display, "", "cannot read the file: " + e.getMessage(), e);
        }
        Set<String> inits = new HashSet<>();
        g.initializers().forEach(t -> inits.add(t.name()));
        List<String> in = new ArrayList<>();
        g.inputs().stream().map(OnnxProto.ValueInfo::name).filter(n -> !inits.contains(n)).forEach(in::add);
        return new Signature(in, g.outputs().stream().map(OnnxProto.ValueInfo::name).toList());
    }

    private static Network read(ModelBytes bytes, String display, Path dir, ImportOptions options,
            SourceFiles sources) throws InvalidNetworkException {
        Model model = new OnnxWireReader(display).readModel(bytes);
        if (model.irVersion() < 3) {
            throw new InvalidNetworkException(display, "model", "IR version " + model.irVersion()
                    + " is not supported (3 or later is)");
        }
        long opset = -1;
        for (OpsetId id : model.opsets()) {
            if (id.domain().isEmpty() || id.domain().equals("ai.onnx")) {
                opset = id.version();
            }
        }
        if (opset < 0) {
            throw new InvalidNetworkException(display, "model", "the model imports no default-domain (ai.onnx) opset");
        }
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new InvalidNetworkException(display, "model", "default-domain opset " + opset
                    + " is not supported (" + MIN_OPSET + " to " + MAX_OPSET + " are)");
        }
        TensorDecoder decoder = new TensorDecoder(display, dir, options.maxElements(), bytes,
                new ConstantBudget(display, options.maxConstantBytes()), sources);
        return new GraphTranslator(display, networkName(display), model.graph(), opset, options, decoder).translate();
    }

    private static String networkName(String display) {
        String name = Path.of(display).getFileName() == null ? display : Path.of(display).getFileName().toString();
        return name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
    }
}
