package io.github.lstmhdl.maven;

import io.github.lstmhdl.GeneratedFile;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
 * What the previous successful builds of one execution produced: per network (keyed by its path under
 * the source directory) the fingerprint it was compiled with, the files written for it, and the
 * warning to repeat when it did not fit and {@code failOnOverflow} was off. Stored as a properties
 * file under {@code target/lstm-maven-plugin/compile/<executionId>/}; an unreadable or foreign file
 * counts as empty (everything is recompiled).
 *
 * @param entries the networks by key, sorted
 */
record BuildState(Map<String, Entry> entries) {

    private static final String FORMAT = "lstm-maven-plugin-state-1";

    /**
     * One network's record.
     *
     * @param digest  the fingerprint it was compiled with; empty: must be recompiled
     * @param outputs the files written for it
     * @param warning the overflow warning when nothing was written for it
     */
    record Entry(String digest, List<OutputRef> outputs, Optional<String> warning) {
        Entry {
            Objects.requireNonNull(digest, "digest");
            outputs = List.copyOf(outputs);
            Objects.requireNonNull(warning, "warning");
        }

        /** The same outputs, marked as needing a recompile. */
        Entry stale() {
            return new Entry("", outputs, Optional.empty());
        }
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

    /**
     * Reads a state file.
     *
     * @return the empty state when the file is absent or not a state file of this format
     * @throws IOException when the file exists but cannot be read
     */
    static BuildState load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            return empty();
        } catch (IllegalArgumentException e) {
            return empty(); // malformed escapes: not ours
        }
        if (!FORMAT.equals(p.getProperty("format"))) {
            return empty();
        }
        Map<String, Entry> entries = new TreeMap<>();
        for (int n = 0; p.containsKey(n + ".network"); n++) {
            String key = p.getProperty(n + ".network");
            List<OutputRef> outputs = new ArrayList<>();
            for (int i = 0; p.containsKey(n + ".output." + i); i++) {
                Optional<OutputRef> ref = parseRef(p.getProperty(n + ".output." + i));
                if (ref.isEmpty()) {
                    return empty();
                }
                outputs.add(ref.get());
            }
            entries.put(key, new Entry(p.getProperty(n + ".digest", ""), outputs,
                    Optional.ofNullable(p.getProperty(n + ".warning"))));
        }
        return new BuildState(entries);
    }

    private static Optional<OutputRef> parseRef(String text) {
        String[] parts = text.split("\\|", 3);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new OutputRef(GeneratedFile.Kind.valueOf(parts[0]), parts[2], Long.parseLong(parts[1])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The file's text: deterministic (sorted by network, no timestamp). */
    String toText() {
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        int n = 0;
        for (Map.Entry<String, Entry> e : new TreeMap<>(entries).entrySet()) {
            p.setProperty(n + ".network", e.getKey());
            p.setProperty(n + ".digest", e.getValue().digest());
            List<OutputRef> outputs = e.getValue().outputs();
            for (int i = 0; i < outputs.size(); i++) {
                OutputRef r = outputs.get(i);
                p.setProperty(n + ".output." + i, r.kind() + "|" + r.size() + "|" + r.path());
            }
            int index = n;
            e.getValue().warning().ifPresent(w -> p.setProperty(index + ".warning", w));
            n++;
        }
        StringWriter w = new StringWriter();
        try {
            p.store(w, null);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex); // a StringWriter does not fail
        }
        List<String> lines = new ArrayList<>();
        for (String line : w.toString().split("\r?\n")) {
            if (!line.startsWith("#") && !line.isEmpty()) {
                lines.add(line);
            }
        }
        lines.sort(null);
        return String.join("\n", lines) + "\n";
    }
}
