package io.github.lstmhdl.maven;

import io.github.lstmhdl.alloc.MemoryOverflowException;
import io.github.lstmhdl.codegen.OutputNames;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.output.GeneratedFile;
import io.github.lstmhdl.output.OutputSet;
import io.github.lstmhdl.source.FileStamp;
import io.github.lstmhdl.source.SourceFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.maven.plugin.logging.Log;

/**
 * Brings the outputs of a set of networks up to date, doing no more work than needed, and never
 * trusting an output that is not what the sources say.
 *
 * <ul>
 *   <li>A network is up to date when its request's {@linkplain Fingerprint fingerprint} is the recorded
 *       one, every file its import read (as the importer reported them: the network file, its weight
 *       files wherever they are, ONNX external data) still holds the recorded bytes, and every output
 *       still holds the bytes written. Unchanged {@linkplain FileStamp stamps} prove that without reading
 *       a file; a moved stamp costs one hash of that file. Nothing is written for it.</li>
 *   <li>A changed or new network is compiled alone. Its files are staged first (outside the output
 *       roots), then the state records the network as unfinished together with every file that may be
 *       written for it, then all files are moved into place at once ({@link OutputSet}), and only then
 *       does the state get the new fingerprint. A build killed at any point therefore leaves a state
 *       that makes the next build compile that network again; a failure leaves its previous outputs
 *       as they were. Files are replaced only where their content changed, and previous outputs that it
 *       no longer produces are deleted.</li>
 *   <li>A network whose file is gone has its recorded outputs deleted. Only recorded files, which this
 *       plugin wrote, are ever deleted, and only inside the output roots.</li>
 *   <li>A network that fails keeps its recorded outputs (so they can be cleaned later) but loses its
 *       fingerprint, so that it is compiled again next time. Other networks are still processed, so one
 *       build reports every broken network.</li>
 *   <li>With {@code failOnOverflow=false}, a network that does not fit is a warning: nothing is written
 *       for it, its previous outputs are deleted (they were built for another memory), and the warning
 *       is repeated while it stays up to date.</li>
 *   <li>With {@linkplain io.github.lstmhdl.CompileRequest#verbose() verbose} requests, an up-to-date
 *       network is not compiled again just to print its details: one INFO line names it and the JSON
 *       memory map written for it, which lists every component, state and buffer.</li>
 * </ul>
 *
 * <p>The caller holds the {@link BuildLock}: one execution at a time writes the state and the outputs.
 */
final class IncrementalCompiler {

    private final CompileStep compiler;
    private final OutputTree tree;
    private final Path stateFile;
    private final Fingerprint fingerprint;
    private final Log log;
    private final FileDigests digests = new FileDigests();
    private final Map<String, String> foreignOwners;

    /**
     * @param compiler    the compile step
     * @param tree        where outputs go
     * @param stateFile   the state file of this execution
     * @param fingerprint the digests of this build's requests (plugin and compiler version included)
     * @param log         the build log
     */
    IncrementalCompiler(CompileStep compiler, OutputTree tree, Path stateFile, Fingerprint fingerprint, Log log) {
        this(compiler, tree, stateFile, fingerprint, log, Map.of());
    }

    /**
     * @param foreignOwners the places that other executions of this plugin in the same project recorded
     *                      (see {@link #owners}), by {@link OutputRef#place()}, each with its owner's name;
     *                      writing one of them is warned about
     */
    IncrementalCompiler(CompileStep compiler, OutputTree tree, Path stateFile, Fingerprint fingerprint, Log log,
            Map<String, String> foreignOwners) {
        this.compiler = compiler;
        this.tree = tree;
        this.stateFile = stateFile;
        this.fingerprint = fingerprint;
        this.log = log;
        this.foreignOwners = Map.copyOf(foreignOwners);
    }

    /**
     * The places recorded by the state files of other executions (the siblings of {@code stateFile}'s
     * folder), with "execution 'id' (network key)" as owner: two executions writing into the same roots
     * would otherwise replace each other's files on every build without a word.
     */
    static Map<String, String> owners(Path stateFile) throws IOException {
        Map<String, String> owners = new HashMap<>();
        Path executions = stateFile.toAbsolutePath().getParent().getParent();
        if (executions == null || !Files.isDirectory(executions)) {
            return owners;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(executions)) {
            for (Path other : ds) {
                Path file = other.resolve(stateFile.getFileName());
                if (!other.equals(stateFile.toAbsolutePath().getParent()) && Files.isRegularFile(file)) {
                    BuildState.load(file).state().entries().forEach((key, entry) -> entry.outputs().forEach(ref ->
                            owners.put(ref.place(), "execution '" + other.getFileName() + "' (" + key + ")")));
                }
            }
        }
        return owners;
    }

    /**
     * Processes every network, saving the state after each change.
     *
     * @param jobs           the networks now present, each with its request
     * @param failOnOverflow false: a network that does not fit is a warning, not a failure
     * @throws IOException when inputs cannot be read or outputs cannot be written
     */
    BuildOutcome run(List<NetworkJob> jobs, boolean failOnOverflow) throws IOException {
        BuildState.Loaded loaded = BuildState.load(stateFile);
        loaded.problem().ifPresent(log::warn);
        BuildState previous = loaded.state();
        StateJournal journal = new StateJournal(stateFile, previous, loaded.problem().isEmpty());
        List<OutputRef> recorded = new ArrayList<>();
        previous.entries().values().forEach(e -> recorded.addAll(e.outputs()));
        int orphans = tree.removeOrphans(recorded);
        if (orphans > 0) {
            log.info("Removed " + orphans + " temporary file(s) left by an interrupted build");
        }
        Set<String> present = new HashSet<>();
        jobs.forEach(job -> present.add(job.key()));
        List<CompilationException> failures = new ArrayList<>();
        int compiled = 0;
        int upToDate = 0;
        int skipped = 0;
        int removed = 0;
        for (Map.Entry<String, BuildState.Entry> e : previous.entries().entrySet()) {
            if (!present.contains(e.getKey())) {
                for (OutputRef ref : e.getValue().outputs()) {
                    deleteOwn(ref);
                }
                journal.remove(e.getKey());
                removed++;
                log.info("Removed the outputs of " + e.getKey() + " (network deleted)");
            }
        }
        // first every network that is up to date, so that the outputs they keep are known before any
        // other network is compiled; then the others, each owning what it writes
        Set<String> settled = new HashSet<>();
        Map<NetworkJob, String> toCompile = new java.util.LinkedHashMap<>();
        for (NetworkJob job : jobs) {
            String digest = fingerprint.of(job.request(), job.deadlines(), job.origin());
            Optional<BuildState.Entry> old = previous.entry(job.key());
            Optional<BuildState.Entry> current = old.isPresent() && !old.get().digest().isEmpty()
                    && old.get().digest().equals(digest)
                    // a network skipped for overflow is a failure now that failOnOverflow is on
                    && !(failOnOverflow && old.get().warning().isPresent()) ? verified(job, old.get()) : Optional.empty();
            if (current.isPresent()) {
                journal.refresh(job.key(), current.get()); // new stamps: the next no-op build hashes nothing
                current.get().warning().ifPresent(log::warn);
                if (job.request().verbose() && !current.get().outputs().isEmpty()) {
                    log.info(upToDateDetail(job.request().displayName(), current.get()));
                }
                settled.add(job.key());
                upToDate++;
            } else {
                toCompile.put(job, digest);
            }
        }
        for (Map.Entry<NetworkJob, String> next : toCompile.entrySet()) {
            NetworkJob job = next.getKey();
            String digest = next.getValue();
            switch (compileOne(job, digest, previous.entry(job.key()), failOnOverflow, journal, settled, failures)) {
                case COMPILED -> compiled++;
                case SKIPPED -> skipped++;
                case FAILED -> { }
            }
            settled.add(job.key());
        }
        journal.save();
        return new BuildOutcome(compiled, upToDate, skipped, removed, failures);
    }

    /**
     * The entry with current stamps when every recorded input and output still holds its recorded
     * bytes; empty when anything differs or is gone.
     */
    private Optional<BuildState.Entry> verified(NetworkJob job, BuildState.Entry entry) throws IOException {
        if (entry.inputs().isEmpty()) {
            return Optional.empty();
        }
        Path folder = folder(job);
        List<InputRef> inputs = new ArrayList<>();
        for (InputRef in : entry.inputs()) {
            Optional<FileStamp> now = digests.verify(folder.resolve(in.path()), in.sha256(), in.stamp());
            if (now.isEmpty()) {
                return Optional.empty();
            }
            inputs.add(in.withStamp(now.get()));
        }
        List<OutputRef> outputs = new ArrayList<>();
        for (OutputRef out : entry.outputs()) {
            Optional<FileStamp> now = tree.verify(out, digests);
            if (now.isEmpty()) {
                return Optional.empty();
            }
            outputs.add(out.withStamp(now.get()));
        }
        return Optional.of(new BuildState.Entry(entry.digest(), inputs, outputs, entry.warning()));
    }

    private enum Result { COMPILED, SKIPPED, FAILED }

    /**
     * Compiles one network and brings its outputs up to date.
     *
     * @param settled the networks already up to date or compiled in this build: only their outputs are
     *                owned; a place that a network not yet compiled recorded last time passes to this one
     *                (that network no longer lists it, so it never deletes it)
     */
    private Result compileOne(NetworkJob job, String digest, Optional<BuildState.Entry> old, boolean failOnOverflow,
            StateJournal journal, Set<String> settled, List<CompilationException> failures) throws IOException {
        String name = job.request().displayName();
        List<OutputRef> oldOutputs = journal.state().entry(job.key()).map(BuildState.Entry::outputs)
                .orElse(old.map(BuildState.Entry::outputs).orElse(List.of()));
        BuildState.Entry unfinished = BuildState.Entry.unfinished(oldOutputs);
        log.info("Compiling " + name);
        SourceFiles sources = new SourceFiles();
        CompilerOutput output;
        try {
            output = compiler.compile(job, sources);
        } catch (MemoryOverflowException e) {
            if (failOnOverflow) {
                failures.add(e.file().isEmpty() ? new CompilationException(name, e.location(), e.reason(), e) : e);
                journal.put(job.key(), unfinished);
                return Result.FAILED;
            }
            String warning = named(name, e) + " (failOnOverflow=false: nothing written for this network)";
            log.warn(warning);
            journal.put(job.key(), unfinished);
            for (OutputRef ref : oldOutputs) {
                deleteOwn(ref);
            }
            journal.put(job.key(), new BuildState.Entry(digest, inputs(job, sources), List.of(), Optional.of(warning)));
            return Result.SKIPPED;
        } catch (CompilationException e) {
            failures.add(e.file().isEmpty() ? new CompilationException(name, e.location(), e.reason(), e) : e);
            journal.put(job.key(), unfinished);
            return Result.FAILED;
        }
        Optional<String> clash = clash(job.key(), output.files(), journal.state(), settled);
        if (clash.isPresent()) {
            failures.add(new CompilationException(name, "", clash.get()));
            journal.put(job.key(), unfinished);
            return Result.FAILED;
        }
        for (String line : output.log()) {
            log.info(line);
        }
        warnForeign(output.files());
        List<OutputRef> staged = new ArrayList<>();
        List<Boolean> changed = new ArrayList<>();
        try (OutputSet set = tree.newSet()) {
            for (GeneratedFile f : output.files()) {
                OutputTree.Staging staging = tree.stage(set, f);
                staged.add(staging.ref());
                changed.add(staging.changed());
            }
            // from here on, until the new fingerprint is saved, the state says "compile again" and lists
            // every file that may be written for this network, whatever stops the build
            List<OutputRef> known = new ArrayList<>(oldOutputs);
            for (OutputRef ref : staged) {
                if (known.stream().noneMatch(ref::samePlace)) {
                    known.add(ref);
                }
            }
            takeOver(job.key(), staged, journal, settled);
            journal.put(job.key(), BuildState.Entry.unfinished(known));
            set.commit();
        }
        List<OutputRef> written = new ArrayList<>();
        for (int i = 0; i < staged.size(); i++) {
            OutputRef ref = staged.get(i);
            written.add(tree.stamped(ref));
            log.info((changed.get(i) ? "### Wrote " : "### Unchanged ") + tree.resolve(ref.kind(), ref.path()));
        }
        for (OutputRef ref : oldOutputs) {
            if (written.stream().noneMatch(ref::samePlace)) {
                deleteOwn(ref);
            }
        }
        journal.put(job.key(), new BuildState.Entry(digest, inputs(job, sources), written, Optional.empty()));
        return Result.COMPILED;
    }

    /**
     * Deletes a recorded output that still holds what this plugin wrote (or whose bytes were not
     * recorded, as in a state of the first format); a file that was edited or replaced since is left in
     * place with a warning, since it is no longer only the plugin's.
     */
    private void deleteOwn(OutputRef ref) throws IOException {
        Path p = tree.resolve(ref.kind(), ref.path());
        if (!ref.sha256().isEmpty() && Files.exists(p) && tree.verify(ref, digests).isEmpty()) {
            log.warn("Left " + p + " in place: it no longer holds what lstm:compile wrote there (edited or replaced"
                    + " since); delete it yourself if it is not needed");
            return;
        }
        tree.delete(ref);
        tree.deleteCopy(ref, digests).ifPresent(copy -> log.info("Removed " + copy
                + " too (process-resources had copied it there; it would otherwise reach the jar)"));
    }

    /** The files the compile read, relative to the network's folder, with their digests and stamps. */
    private List<InputRef> inputs(NetworkJob job, SourceFiles sources) throws IOException {
        Path folder = folder(job);
        List<InputRef> inputs = new ArrayList<>();
        for (SourceFiles.SourceFile f : sources.files()) {
            inputs.add(digests.record(relative(folder, f.path()), f.path(), f.stamp()));
        }
        return inputs;
    }

    private static Path folder(NetworkJob job) {
        return job.request().network().toAbsolutePath().normalize().getParent();
    }

    /** A path as the state records it: '/'-separated, relative to the network's folder where it is inside. */
    private static String relative(Path folder, Path file) throws IOException {
        Path base = folder;
        if (!file.startsWith(base)) {
            base = folder.toRealPath();
        }
        Path p = file.startsWith(base) ? base.relativize(file) : file;
        List<String> parts = new ArrayList<>();
        p.forEach(part -> parts.add(part.toString()));
        return (p.isAbsolute() ? p.getRoot().toString() : "") + String.join("/", parts);
    }

    /**
     * A warning, not a failure, when another execution of the plugin recorded a file this one writes:
     * the two replace each other's file on every build, but the other may also be an execution that no
     * longer exists (its id was changed in the pom), whose state stays until {@code mvn clean}.
     */
    private void warnForeign(List<GeneratedFile> files) {
        for (GeneratedFile f : files) {
            String owner = foreignOwners.get(OutputRef.place(f.kind(), f.relativePath()));
            if (owner != null) {
                log.warn("Output " + f.relativePath() + " is also recorded by " + owner + " of lstm:compile: two"
                        + " executions writing one file replace each other's on every build (give them other"
                        + " output folders or packages; after an execution id changed, run mvn clean once)");
            }
        }
    }

    /**
     * The places this network writes pass to it from networks not yet compiled in this build that
     * recorded them last time (as when two networks swap class names): those no longer list them, so
     * they never delete what this one wrote; if they still produce them, their own compile reports the
     * clash.
     */
    private static void takeOver(String key, List<OutputRef> writes, StateJournal journal, Set<String> settled) {
        Set<String> places = new HashSet<>();
        writes.forEach(ref -> places.add(ref.place()));
        journal.state().entries().forEach((other, entry) -> {
            if (!other.equals(key) && !settled.contains(other)
                    && entry.outputs().stream().anyMatch(ref -> places.contains(ref.place()))) {
                journal.refresh(other, BuildState.Entry.unfinished(entry.outputs().stream()
                        .filter(ref -> !places.contains(ref.place())).toList()));
            }
        });
    }

    /**
     * Two networks (or one network twice) must not write the same file: the places kept by networks
     * already settled in this build (up to date, or compiled before this one) are theirs.
     */
    private static Optional<String> clash(String key, List<GeneratedFile> files, BuildState state,
            Set<String> settled) {
        Map<String, String> owners = new HashMap<>();
        state.entries().forEach((other, entry) -> {
            if (!other.equals(key) && settled.contains(other)) {
                entry.outputs().forEach(ref -> owners.put(ref.place(), other));
            }
        });
        Set<String> own = new HashSet<>();
        for (GeneratedFile f : files) {
            String place = OutputRef.place(f.kind(), f.relativePath());
            if (!own.add(place)) {
                return Optional.of("the compiler produced " + f.relativePath() + " twice");
            }
            String owner = owners.get(place);
            if (owner != null) {
                return Optional.of("its output " + f.relativePath() + " is also generated for " + owner + "; "
                        + clashAdvice(f));
            }
        }
        return Optional.empty();
    }

    /**
     * What resolves a clash: the constants class is named by {@code className}; the image, header and
     * memory map are named after the network file, so only another file name (or folder) separates them.
     */
    private static String clashAdvice(GeneratedFile f) {
        return f.kind() == GeneratedFile.Kind.SOURCE
                ? "give one of them another className in <networks>"
                : "rename one of the two network files (the image, C header and memory map are named after the"
                        + " network file, with every character other than letters, digits, '.', '_' and '-' turned into '_')";
    }

    /** The verbose line of an up-to-date network: where its full memory map already is. */
    private String upToDateDetail(String name, BuildState.Entry entry) throws IOException {
        List<String> maps = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (OutputRef ref : entry.outputs()) {
            String path = tree.resolve(ref.kind(), ref.path()).toString();
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
}
