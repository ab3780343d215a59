package io.github.lstmhdl.ptq;

import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.npy.Npy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The sample inputs that calibrate a quantization: sequences of frames of D features each (frame t at
 * {@code t·D}), as many steps as each sample has. Deterministic by construction: the samples are in the
 * order given (a directory's files sorted by name), so the same files give the same scales and image.
 *
 * @param features D, the network input's features per step
 * @param samples  each a sequence of whole frames, at least one frame
 */
public record Calibration(int features, List<float[]> samples) {

    public Calibration {
        if (features < 1) {
            throw new IllegalArgumentException("features must be at least 1, not " + features);
        }
        List<float[]> copies = new ArrayList<>();
        for (float[] s : samples) {
            if (s.length == 0 || s.length % features != 0) {
                throw new IllegalArgumentException("a sample of " + s.length + " values is not whole frames of "
                        + features + " features");
            }
            copies.add(s.clone());
        }
        if (copies.isEmpty()) {
            throw new IllegalArgumentException("calibration needs at least one sample");
        }
        samples = List.copyOf(copies);
    }

    /** The steps of sample i. */
    public int steps(int i) {
        return samples.get(i).length / features;
    }

    @Override
    public List<float[]> samples() {
        return samples.stream().map(float[]::clone).toList();
    }

    /**
     * Reads every {@code *.npy} file of {@code dir}, sorted by name: a file is one sample [T, D] (or [D],
     * one step) or several [N, T, D]; float32 or float64 as {@link Npy} reads them. {@code reading} is told
     * of each file before it is read (the files an incremental build depends on).
     *
     * @throws CompilationException {@code file: shape: reason} for a file whose shape does not end in D, or
     *                              {@code dir: calibration: ...} for a directory without .npy files
     */
    public static Calibration load(Path dir, int features, Consumer<Path> reading) throws CompilationException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".npy") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new CompilationException(dir.toString(), "calibration", "cannot list the calibration directory: "
                    + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new CompilationException(dir.toString(), "calibration", "the calibration directory holds no .npy"
                    + " files; provide sample inputs as .npy files of shape [T, " + features + "] or [N, T, "
                    + features + "]");
        }
        List<float[]> samples = new ArrayList<>();
        for (Path file : files) {
            reading.accept(file);
            FloatTensor t = Npy.read(file);
            int[] shape = t.shape();
            if (shape.length < 1 || shape.length > 3 || shape[shape.length - 1] != features || t.size() == 0) {
                throw new CompilationException(file.toString(), "shape", "a calibration sample must be [T, "
                        + features + "], [" + features + "] or [N, T, " + features + "] (the network input's "
                        + features + " features last), not " + java.util.Arrays.toString(shape));
            }
            int n = shape.length == 3 ? shape[0] : 1;
            int per = t.size() / n;
            for (int i = 0; i < n; i++) {
                float[] s = new float[per];
                t.copyTo(i * per, s, 0, per);
                samples.add(s);
            }
        }
        return new Calibration(features, samples);
    }
}
