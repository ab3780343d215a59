package io.github.lstmhdl.maven;

import io.github.lstmhdl.CompilationException;
import io.github.lstmhdl.GeneratedFile;
import io.github.lstmhdl.alloc.MemoryOverflowException;
import io.github.lstmhdl.codegen.OutputNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.maven.plugin.logging.Log;

/**
 * Brings the outputs of a set of networks up to date, doing no more work than needed.
 *
 * <ul>
 *   <li>A network whose {@linkplain Fingerprint fingerprint} matches the recorded one and whose
 *       recorded outputs are all still in place is left alone: nothing is read but its inputs, nothing
 *       is written.</li>
 *   <li>A changed or new network is compiled alone; its files are written only where their content
 *       changed, and its previous outputs that it no longer produces are deleted.</li>
 *   <li>A network whose file is gone has its recorded outputs deleted. Only recorded files, which this
 *       plugin wrote, are ever deleted.</li>
 *   <li>A network that fails keeps its recorded outputs (so they can be cleaned later) but loses its
 *       fingerprint, so that it is compiled again next time: a fingerprint is saved only after
 *       success. Other networks are still processed, so one build reports every broken network.</li>
 *   <li>With {@code failOnOverflow=false}, a network that does not fit is a warning: nothing is written
 *       for it, its previous outputs are deleted (they were built for another memory), and the warning
 *       is repeated while it stays up to date.</li>
 *   <li>With {@linkplain io.github.lstmhdl.CompileRequest#verbose() verbose} requests, an up-to-date
 *       network is not compiled again just to print its details: one INFO line names it and the JSON
 *       memory map written for it, which lists every component, state and buffer.</li>
 * </ul>
 */
final class IncrementalCompiler {

    private final CompileStep compiler;
    private final OutputTree writer;
    private final Path stateFile;
    private final Fingerprint fingerprint;
    private final Log log;

    /**
     * @param compiler    the compile step
     * @param writer      where outputs go
     * @param stateFile   the state file of this execution
     * @param fingerprint the digests of this build (plugin and compiler version included)
     * @param log         the build log
     */
    IncrementalCompiler(CompileStep compiler, OutputTree writer, Path stateFile, Fingerprint fingerprint, Log log) {
        this.compiler = compiler;
        this.writer = writer;
        this.stateFile = stateFile;
        this.fingerprint = fingerprint;
        this.log = log;
    }

    /**
     * Processes every network and saves the new state.
     *
     * @param jobs           the networks now present, each with its request
     * @param failOnOverflow false: a network that does not fit is a warning, not a failure
     * @throws IOException when inputs cannot be read or outputs cannot be written
     */
    BuildOutcome run(List<NetworkJob> jobs, boolean failOnOverflow) throws IOException {
        BuildState previous = BuildState.load(stateFile);
        Map<String, BuildState.Entry> next = new TreeMap<>();
        // until processed, every known network keeps its outputs but not its fingerprint
        previous.entries().forEach((key, entry) -> next.put(key, entry.stale()));
        Set<String> present = new HashSet<>();
        List<CompilationException> failures = new ArrayList<>();
        int compiled = 0;
        int upToDate = 0;
        int skipped = 0;
        int removed = 0;
        try {
            for (NetworkJob job : jobs) {
                present.add(job.key());
            }
            for (String key : previous.entries().keySet()) {
                if (!present.contains(key)) {
                    for (OutputRef ref : previous.entries().get(key).outputs()) {
                        writer.delete(ref);
                    }
                    next.remove(key);
                    removed++;
                    log.info("Removed the outputs of " + key + " (network deleted)");
                }
            }
            for (NetworkJob job : jobs) {
                String digest = fingerprint.of(job.request());
                Optional<BuildState.Entry> old = previous.entry(job.key());
                if (old.isPresent() && old.get().digest().equals(digest) && intact(old.get())) {
                    next.put(job.key(), old.get());
                    old.get().warning().ifPresent(log::warn);
                    if (job.request().verbose() && !old.get().outputs().isEmpty()) {
                        log.info(upToDateDetail(job.request().displayName(), old.get()));
                    }
                    upToDate++;
                    continue;
                }
                switch (compileOne(job, digest, old, failOnOverflow, next, failures)) {
                    case COMPILED -> compiled++;
                    case SKIPPED -> skipped++;
                    case FAILED -> { }
                }
            }
        } catch (IOException | RuntimeException e) {
            try {
                save(new BuildState(next));
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        save(new BuildState(next));
        return new BuildOutcome(compiled, upToDate, skipped, removed, failures);
    }

    private enum Result { COMPILED, SKIPPED, FAILED }

    private Result compileOne(NetworkJob job, String digest, Optional<BuildState.Entry> old, boolean failOnOverflow,
            Map<String, BuildState.Entry> next, List<CompilationException> failures) throws IOException {
        String name = job.request().displayName();
        List<OutputRef> oldOutputs = old.map(BuildState.Entry::outputs).orElse(List.of());
        log.info("Compiling " + name);
        CompilerOutput output;
        try {
            output = compiler.compile(job.request());
        } catch (MemoryOverflowException e) {
            if (failOnOverflow) {
                failures.add(e.file().isEmpty() ? new CompilationException(name, e.location(), e.reason(), e) : e);
                return Result.FAILED;
            }
            String warning = named(name, e) + " (failOnOverflow=false: nothing written for this network)";
            log.warn(warning);
            for (OutputRef ref : oldOutputs) {
                writer.delete(ref);
            }
            next.put(job.key(), new BuildState.Entry(digest, List.of(), Optional.of(warning)));
            return Result.SKIPPED;
        } catch (CompilationException e) {
            failures.add(e.file().isEmpty() ? new CompilationException(name, e.location(), e.reason(), e) : e);
            return Result.FAILED;
        }
        Optional<String> clash = clash(job.key(), output.files(), next);
        if (clash.isPresent()) {
            failures.add(new CompilationException(name, "", clash.get()));
            return Result.FAILED;
        }
        for (String line : output.log()) {
            log.info(line);
        }
        List<OutputRef> written = new ArrayList<>();
        try {
            for (GeneratedFile f : output.files()) {
                written.add(writer.write(f));
                log.info("### Wrote " + writer.resolve(f.kind(), f.relativePath()));
            }
        } finally {
            // until this network succeeds, remember every file that may have been written for it
            List<OutputRef> known = new ArrayList<>(oldOutputs);
            for (OutputRef ref : written) {
                if (known.stream().noneMatch(ref::samePlace)) {
                    known.add(ref);
                }
            }
            next.put(job.key(), new BuildState.Entry("", known, Optional.empty()));
        }
        for (OutputRef ref : oldOutputs) {
            if (written.stream().noneMatch(ref::samePlace)) {
                writer.delete(ref);
            }
        }
        next.put(job.key(), new BuildState.Entry(digest, written, Optional.empty()));
        return Result.COMPILED;
    }

    /** Two networks (or one network twice) must not write the same file. */
    private static Optional<String> clash(String key, List<GeneratedFile> files, Map<String, BuildState.Entry> next) {
        Map<String, String> owners = new HashMap<>();
        next.forEach((other, entry) -> {
            if (!other.equals(key)) {
                entry.outputs().forEach(ref -> owners.put(ref.place(), other));
            }
        });
        Set<String> own = new HashSet<>();
        for (GeneratedFile f : files) {
            String place = f.kind() + ":" + f.relativePath();
            if (!own.add(place)) {
                return Optional.of("the compiler produced " + f.relativePath() + " twice");
            }
            String owner = owners.get(place);
            if (owner != null) {
                return Optional.of("its output " + f.relativePath() + " is also generated for " + owner
                        + "; give one of them another className in <networks>");
            }
        }
        return Optional.empty();
    }

    private boolean intact(BuildState.Entry entry) throws IOException {
        for (OutputRef ref : entry.outputs()) {
            if (!writer.intact(ref)) {
                return false;
            }
        }
        return true;
    }

    /** The verbose line of an up-to-date network: where its full memory map already is. */
    private String upToDateDetail(String name, BuildState.Entry entry) throws IOException {
        List<String> maps = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (OutputRef ref : entry.outputs()) {
            String path = writer.resolve(ref.kind(), ref.path()).toString();
            all.add(path);
            if (ref.path().endsWith(OutputNames.MEMORY_MAP_SUFFIX)) {
                maps.add(path);
            }
        }
        return "Up to date: " + name + " (not compiled again; "
                + (maps.isEmpty() ? "its outputs: " + String.join(", ", all)
                        : "every component, state and buffer is in its memory map " + String.join(", ", maps))
                + ")";
    }

    /** The exception's message, prefixed with the network's name when the compiler did not name it. */
    static String named(String displayName, CompilationException e) {
        return e.file().isEmpty() ? displayName + ": " + e.getMessage() : e.getMessage();
    }

    /** Writes the state only when it changed, atomically. */
    private void save(BuildState state) throws IOException {
        String text = state.toText();
        try {
            if (Files.readString(stateFile, StandardCharsets.UTF_8).equals(text)) {
                return;
            }
        } catch (NoSuchFileException e) {
            // first build
        } catch (IOException e) {
            // unreadable or not UTF-8: rewrite it
        }
        Files.createDirectories(stateFile.getParent());
        Path tmp = Files.createTempFile(stateFile.getParent(), "state", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
