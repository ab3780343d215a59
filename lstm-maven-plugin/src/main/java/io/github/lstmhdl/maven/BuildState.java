package io.github.lstmhdl.maven;

import io.github.lstmhdl.output.GeneratedFile;
import io.github.lstmhdl.source.FileStamp;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What the builds of one execution produced: per network (keyed by its path under the source
 * directory) the fingerprint of its request, the files its import read and the files written for it,
 * each with digest and stamp, and the warning to repeat when it did not fit and {@code failOnOverflow}
 * was off. Stored as a properties file under {@code target/lstm-maven-plugin/compile/<executionId>/},
 * rewritten (atomically) after every change to one network, so that a build killed at any moment leaves
 * a state that never vouches for outputs it did not finish: an entry with an empty digest is compiled
 * again.
 *
 * <p>A file of the previous format ({@code lstm-maven-plugin-state-1}) is read for its outputs only
 * (every network is compiled again, and the outputs of deleted networks are still removed). An
 * unreadable, corrupt or foreign file counts as empty, with a {@linkplain Loaded#problem() problem} to
 * warn about; so does an entry whose output path would leave its root (it is dropped, never deleted).
 *
 * @param entries the networks by key, sorted
 */
record BuildState(Map<String, Entry> entries) {

    private static final String FORMAT = "lstm-maven-plugin-state-2";
    private static final String FORMAT_1 = "lstm-maven-plugin-state-1";
    private static final String NO_STAMP = "-";

    /**
     * One network's record.
     *
     * @param digest  the fingerprint of the request it was compiled with; empty: must be recompiled
     * @param inputs  the files its import read (the network file first)
     * @param outputs the files written for it
     * @param warning the overflow warning when nothing was written for it
     */
    record Entry(String digest, List<InputRef> inputs, List<OutputRef> outputs, Optional<String> warning) {
        Entry {
            Objects.requireNonNull(digest, "digest");
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
            Objects.requireNonNull(warning, "warning");
        }

        /** The same outputs, marked as needing a recompile. */
        Entry stale() {
            return unfinished(outputs);
        }

        /** An entry that must be compiled again and lists the files that may have been written for it. */
        static Entry unfinished(List<OutputRef> outputs) {
            return new Entry("", List.of(), outputs, Optional.empty());
        }
    }

    /**
     * A state read from disk.
     *
     * @param state   the state (empty when the file was absent or unusable)
     * @param problem why (part of) the file was not usable, for a warning
     */
    record Loaded(BuildState state, Optional<String> problem) {
    }

    BuildState {
        entries = Map.copyOf(entries);
    }

    /** No networks. */
    static BuildState empty() {
        return new BuildState(Map.of());
    }

    /** The record of one network, if any. */
    Optional<Entry> entry(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** Reads a state file; never fails: what cannot be used is a {@linkplain Loaded#problem() problem}. */
    static Loaded load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Loaded(empty(), Optional.empty());
        } catch (CharacterCodingException e) {
            return corrupt(file, "it is not UTF-8 text");
        } catch (IOException e) {
            return corrupt(file, "it cannot be read (" + io.github.lstmhdl.output.IoErrors.describe(e) + ")");
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IllegalArgumentException | IOException e) { // a StringReader does not fail: malformed escapes
            return corrupt(file, "it is not a properties file (" + e.getMessage() + ")");
        }
        String format = p.getProperty("format");
        if (!FORMAT.equals(format) && !FORMAT_1.equals(format)) {
            return corrupt(file, "it has no known format line");
        }
        boolean old = FORMAT_1.equals(format);
        Map<String, Entry> entries = new TreeMap<>();
        List<String> dropped = new ArrayList<>();
        try {
            for (int n = 0; p.containsKey(n + ".network"); n++) {
                String key = p.getProperty(n + ".network");
                List<InputRef> inputs = new ArrayList<>();
                for (int i = 0; !old && p.containsKey(n + ".input." + i); i++) {
                    inputs.add(parseInput(p.getProperty(n + ".input." + i)));
                }
                List<OutputRef> outputs = new ArrayList<>();
                boolean clean = true;
                for (int i = 0; p.containsKey(n + ".output." + i); i++) {
                    String value = p.getProperty(n + ".output." + i);
                    OutputRef ref = old ? parseOutput1(value) : parseOutput(value);
                    if (safe(ref.path())) {
                        outputs.add(ref);
                    } else {
                        clean = false;
                        dropped.add(ref.path());
                    }
                }
                Entry entry = new Entry(old || !clean ? "" : p.getProperty(n + ".digest", ""), inputs, outputs,
                        Optional.ofNullable(p.getProperty(n + ".warning")));
                entries.put(key, old || !clean ? entry.stale() : entry);
            }
        } catch (IllegalArgumentException e) {
            return corrupt(file, "an entry is malformed (" + e.getMessage() + ")");
        }
        Optional<String> problem = dropped.isEmpty() ? Optional.empty() : Optional.of("Ignored recorded outputs "
                + dropped + " in " + file + ": their paths leave the output folders (nothing was deleted for them)");
        return new Loaded(new BuildState(entries), problem);
    }

    private static Loaded corrupt(Path file, String why) {
        return new Loaded(empty(), Optional.of("Ignored the build state " + file + " because " + why
                + ": every network is compiled again (outputs of networks deleted since then stay until mvn clean)"));
    }

    /** A recorded output path is relative and stays inside its root. */
    private static boolean safe(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("\0")) {
            return false;
        }
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static InputRef parseInput(String text) {
        String[] parts = split(text, 3);
        return new InputRef(parts[2], parts[0], stamp(parts[1]));
    }

    private static OutputRef parseOutput(String text) {
        String[] parts = split(text, 4);
        return new OutputRef(GeneratedFile.Kind.valueOf(parts[0]), parts[3], parts[1], stamp(parts[2]));
    }

    /** Format 1: {@code KIND|size|path}; its outputs are known by place only. */
    private static OutputRef parseOutput1(String text) {
        String[] parts = split(text, 3);
        Long.parseLong(parts[1]);
        return new OutputRef(GeneratedFile.Kind.valueOf(parts[0]), parts[2], "", Optional.empty());
    }

    private static String[] split(String text, int fields) {
        String[] parts = text.split("\\|", fields);
        if (parts.length != fields) {
            throw new IllegalArgumentException("'" + text + "' has " + parts.length + " of " + fields + " fields");
        }
        return parts;
    }

    private static Optional<FileStamp> stamp(String text) {
        return text.equals(NO_STAMP) ? Optional.empty() : Optional.of(FileStamp.parse(text));
    }

    private static String stampText(Optional<FileStamp> stamp) {
        return stamp.map(s -> s.toText().replace('|', '_')).orElse(NO_STAMP);
    }

    /**
     * The file's text: deterministic (lines sorted, no timestamp comment), each line escaped as
     * {@link Properties#store} escapes it ({@link PropertiesLines}), so that {@link #load} reads it back.
     */
    String toText() {
        List<String> lines = new ArrayList<>();
        lines.add(PropertiesLines.line("format", FORMAT));
        int n = 0;
        for (Map.Entry<String, Entry> e : new TreeMap<>(entries).entrySet()) {
            lines.add(PropertiesLines.line(n + ".network", e.getKey()));
            lines.add(PropertiesLines.line(n + ".digest", e.getValue().digest()));
            List<InputRef> inputs = e.getValue().inputs();
            for (int i = 0; i < inputs.size(); i++) {
                InputRef r = inputs.get(i);
                lines.add(PropertiesLines.line(n + ".input." + i, r.sha256() + "|" + stampText(r.stamp()) + "|"
                        + r.path()));
            }
            List<OutputRef> outputs = e.getValue().outputs();
            for (int i = 0; i < outputs.size(); i++) {
                OutputRef r = outputs.get(i);
                lines.add(PropertiesLines.line(n + ".output." + i, r.kind() + "|" + r.sha256() + "|"
                        + stampText(r.stamp()) + "|" + r.path()));
            }
            if (e.getValue().warning().isPresent()) {
                lines.add(PropertiesLines.line(n + ".warning", e.getValue().warning().get()));
            }
            n++;
        }
        lines.sort(null);
        return String.join("\n", lines) + "\n";
    }
}
