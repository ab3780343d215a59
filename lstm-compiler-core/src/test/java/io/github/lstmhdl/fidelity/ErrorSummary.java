package io.github.lstmhdl.fidelity;

import io.github.lstmhdl.sim.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The largest errors one fidelity test class saw, so that they can be cited: each comparison goes
 * through {@link #compare}, which asserts the tolerance ({@link Fidelity#compare}) and records both the
 * largest absolute difference |expected − simulated| and the largest relative one (scaled by
 * max(1, |expected|), what the assertion bounds). {@link #report()} prints one line and writes it into
 * {@link #FILE}, one line per test class, replacing that class's line of an earlier run.
 */
final class ErrorSummary {
    /** Where the summaries go: {@code target/fidelity-summary.txt} of the module. */
    static final Path FILE = Path.of("target", "fidelity-summary.txt");

    private final String testClass;
    private int cases;
    private double largestAbsolute;
    private double largestRelative;

    ErrorSummary(Class<?> testClass) {
        this.testClass = testClass.getSimpleName();
    }

    /** Compares an output (see {@link Fidelity#compare(String, long[], float[], Tensor)}) and records it. */
    synchronized void compare(String what, long[] expectedShape, float[] expected, Tensor actual) {
        cases++;
        largestAbsolute = Math.max(largestAbsolute, Fidelity.maxAbsolute(expected, actual.data()));
        largestRelative = Math.max(largestRelative, Fidelity.compare(what, expectedShape, expected, actual));
    }

    /** The compared outputs so far: each model's output under each processor configuration is one. */
    synchronized int cases() {
        return cases;
    }

    /** The summary line. */
    synchronized String line() {
        return String.format(Locale.ROOT, "%s: cases=%d, largest absolute error=%.2e, largest relative error=%.2e"
                + " (|expected - simulated| / max(1, |expected|), asserted <= %.0e)", testClass, cases,
                largestAbsolute, largestRelative, Fidelity.TOLERANCE);
    }

    /** Prints the summary and writes it into {@link #FILE}; nothing when no output was compared. */
    void report() {
        if (cases() == 0) {
            return;
        }
        String line = line();
        System.out.println(line);
        write(FILE, testClass, line);
    }

    /** Replaces (or adds) the line of {@code testClass} in {@code file}, keeping the others, sorted. */
    static synchronized void write(Path file, String testClass, String line) {
        try {
            List<String> lines = new ArrayList<>();
            if (Files.exists(file)) {
                for (String old : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!old.isBlank() && !old.startsWith(testClass + ":")) {
                        lines.add(old);
                    }
                }
            }
            lines.add(line);
            lines.sort(null);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fidelity summary " + file, e);
        }
    }
}
