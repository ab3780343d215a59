package io.github.lstmhdl.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * The build state as it changes during one execution, written to disk (atomically, and only when its
 * text changed) after every change to one network. The order of changes is what makes kills safe: a
 * network's entry loses its fingerprint and lists every file that may be written for it before any
 * of them is replaced, and gets the new fingerprint only after all of them are in place.
 */
final class StateJournal {

    private final Path file;
    private final Map<String, BuildState.Entry> entries;
    private String saved;

    /**
     * @param file     the state file
     * @param previous the state read at the start
     * @param intact   whether the file holds exactly {@code previous} (false: it is absent or was not
     *                 usable, and the first {@link #save()} writes it)
     */
    StateJournal(Path file, BuildState previous, boolean intact) {
        this.file = file;
        this.entries = new TreeMap<>(previous.entries());
        this.saved = intact ? previous.toText() : null;
    }

    /** The current state. */
    BuildState state() {
        return new BuildState(entries);
    }

    /** Sets one network's entry and saves. */
    void put(String key, BuildState.Entry entry) throws IOException {
        entries.put(key, entry);
        save();
    }

    /**
     * Sets one network's entry without saving: for new stamps of unchanged files, which only spare the
     * next build a hash and need not survive a kill.
     */
    void refresh(String key, BuildState.Entry entry) {
        entries.put(key, entry);
    }

    /** Forgets one network and saves. */
    void remove(String key) throws IOException {
        entries.remove(key);
        save();
    }

    /** Writes the state when it differs from what the file holds, through a temporary file and a rename. */
    void save() throws IOException {
        String text = state().toText();
        if (text.equals(saved)) {
            return;
        }
        Files.createDirectories(file.getParent());
        // one writer at a time (the build lock), so one fixed temporary name: a kill leaves no pile of them
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        saved = text;
    }
}
