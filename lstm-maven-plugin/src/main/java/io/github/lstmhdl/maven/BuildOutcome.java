package io.github.lstmhdl.maven;

import io.github.lstmhdl.diagnostics.CompilationException;
import java.util.List;

/**
 * What one run of {@link IncrementalCompiler} did.
 *
 * @param compiled the networks compiled (their outputs written where changed)
 * @param upToDate the networks left alone because their fingerprint was unchanged
 * @param skipped  the networks that did not fit and were skipped ({@code failOnOverflow=false})
 * @param removed  the networks whose source is gone and whose outputs were deleted
 * @param failures the networks that could not be compiled, each naming its file and reason
 */
record BuildOutcome(int compiled, int upToDate, int skipped, int removed, List<CompilationException> failures) {
    BuildOutcome {
        failures = List.copyOf(failures);
    }

    /** Whether every network compiled, was up to date or was skipped by choice. */
    boolean succeeded() {
        return failures.isEmpty();
    }
}
