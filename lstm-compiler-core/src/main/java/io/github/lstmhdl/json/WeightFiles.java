package io.github.lstmhdl.json;

import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.InvalidNetworkException;
import io.github.lstmhdl.npy.Npy;
import io.github.lstmhdl.npy.NpyFormatException;
import io.github.lstmhdl.npy.NpyHeader;
import io.github.lstmhdl.source.SourceFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Loads the {@code .npy} weight files that a network file names, with every check done before the data
 * is read: the name stays inside the network file's folder (also through symbolic links), the file
 * exists, its header's shape is one of the accepted shapes and within the size limit. After reading,
 * every element must be finite. Errors carry the network file and the JSON path of the field. A file
 * that several fields name is read once, and its tensors are shared (they are immutable), so that a
 * small network file naming one large weight file many times costs that file's size once.
 */
final class WeightFiles {
    private final String file;
    private final Path folder;
    private final long maxElements;
    private final SourceFiles sources;
    /** Tensors already read, by file, slicing and shape: layers naming one file share one copy. */
    private final Map<String, List<FloatTensor>> loaded = new HashMap<>();

    /**
     * @param file        the network file as the user named it, for messages
     * @param folder      the network file's folder, against which weight files are resolved
     * @param maxElements the largest element count accepted for one tensor
     * @param sources     told of every weight file before it is read
     */
    WeightFiles(String file, Path folder, long maxElements, SourceFiles sources) {
        this.file = file;
        this.folder = folder.toAbsolutePath().normalize();
        this.maxElements = maxElements;
        this.sources = sources;
    }

    /**
     * Reads one weight file.
     *
     * @param name     the file name as written in the JSON, relative to the network's folder
     * @param location the JSON path of the field, such as {@code $.layers[1].recurrentWeights}
     * @param what     what the tensor is, for messages, such as "recurrent weights of 'lstm_1'"
     * @param shape    the shape that the tensor gets (checked against the size limit first)
     * @param accepted the shapes that the file may have (each with the same element count as
     *                 {@code shape}); the first is the one that messages suggest
     */
    FloatTensor load(String name, String location, String what, long[] shape, List<long[]> accepted)
            throws InvalidNetworkException {
        return loadSplit(name, location, what, shape, accepted, 1).get(0);
    }

    /**
     * Reads one weight file as {@code parts} tensors, consecutive slices along the first axis of
     * {@code shape} (one per LSTM direction), each read straight from the file: the whole tensor is
     * never held beside its slices. With one part, the tensor has {@code shape}; with more, the shape
     * without its first axis, which must equal {@code parts}.
     */
    List<FloatTensor> loadSplit(String name, String location, String what, long[] shape, List<long[]> accepted,
            int parts) throws InvalidNetworkException {
        long count = 1;
        for (long d : shape) {
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                count = Long.MAX_VALUE;
            }
        }
        if (count > Math.min(maxElements, Npy.MAX_ELEMENTS)) {
            throw error(location, what + " would have shape " + Arrays.toString(shape) + ", more than the limit of "
                    + Math.min(maxElements, Npy.MAX_ELEMENTS) + " elements");
        }
        if (parts > 1 && shape[0] != parts) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not have " + parts
                    + " slices along its first axis");
        }
        Path path = resolve(name, location);
        String key = path + "|" + parts + "|" + Arrays.toString(shape);
        List<FloatTensor> known = loaded.get(key);
        if (known != null) {
            return known;
        }
        sources.reading(path);
        NpyHeader header;
        try {
            header = Npy.readHeader(path);
        } catch (NpyFormatException e) {
            throw new InvalidNetworkException(file, location, "weight file '" + name + "': " + e.messageWithoutFile(), e);
        }
        long[] actual = Arrays.stream(header.shape()).asLongStream().toArray();
        if (accepted.stream().noneMatch(s -> Arrays.equals(s, actual))) {
            throw error(location, "weight file '" + name + "' has shape " + Arrays.toString(actual) + " but "
                    + what + " must have shape " + accepted.stream().map(Arrays::toString)
                            .collect(Collectors.joining(" or ")));
        }
        float[][] data;
        try {
            data = Npy.readSplit(path, parts);
        } catch (NpyFormatException e) {
            throw new InvalidNetworkException(file, location, "weight file '" + name + "': " + e.messageWithoutFile(), e);
        }
        int[] partShape = Arrays.stream(parts == 1 ? shape : Arrays.copyOfRange(shape, 1, shape.length))
                .mapToInt(Math::toIntExact).toArray();
        List<FloatTensor> tensors = new ArrayList<>(parts);
        for (int k = 0; k < parts; k++) {
            FloatTensor tensor = FloatTensor.of(data[k], partShape);
            int bad = tensor.firstNonFinite();
            if (bad >= 0) {
                long flat = (long) k * tensor.size() + bad;
                throw error(location, "weight file '" + name + "' holds " + tensor.get(bad) + " at flat index " + flat
                        + " " + index(flat, actual) + "; weights must be finite");
            }
            tensors.add(tensor);
        }
        List<FloatTensor> result = List.copyOf(tensors);
        loaded.put(key, result);
        return result;
    }

    private Path resolve(String name, String location) throws InvalidNetworkException {
        if (name.isBlank()) {
            throw error(location, "the weight file name is empty");
        }
        Path relative;
        try {
            relative = Path.of(name);
        } catch (InvalidPathException e) {
            throw error(location, "'" + name + "' is not a valid file name: " + e.getReason());
        }
        if (relative.isAbsolute() || relative.getRoot() != null) {
            throw error(location, "weight file '" + name + "' must be a path relative to the network file's folder");
        }
        Path resolved = folder.resolve(relative).normalize();
        if (!resolved.startsWith(folder) || resolved.equals(folder)) {
            throw error(location, "weight file '" + name + "' escapes the network file's folder");
        }
        if (!Files.exists(resolved)) {
            throw error(location, "weight file '" + name + "' does not exist (looked for it beside the network file)");
        }
        if (!Files.isRegularFile(resolved)) {
            throw error(location, "weight file '" + name + "' is not a regular file");
        }
        try {
            if (!resolved.toRealPath().startsWith(folder.toRealPath())) {
                throw error(location, "weight file '" + name + "' links to a file outside the network file's folder");
            }
        } catch (IOException e) {
            throw new InvalidNetworkException(file, location, "cannot read weight file '" + name + "': " + e, e);
        }
        return resolved;
    }

    private static String index(long flat, long[] shape) {
        long[] idx = new long[shape.length];
        long rest = flat;
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = shape[i] == 0 ? 0 : rest % shape[i];
            rest = shape[i] == 0 ? 0 : rest / shape[i];
        }
        return "(index " + Arrays.toString(idx) + ")";
    }

    private InvalidNetworkException error(String location, String reason) {
        return new InvalidNetworkException(file, location, reason);
    }
}
