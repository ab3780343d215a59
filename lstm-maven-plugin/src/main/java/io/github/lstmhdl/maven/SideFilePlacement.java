package io.github.lstmhdl.maven;

import io.github.lstmhdl.output.GeneratedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.apache.maven.plugin.logging.Log;

/**
 * Where the previous build of an execution put the C headers and JSON memory maps ({@code headerDirectory},
 * {@code mapDirectory}), recorded in {@code side-files.txt} beside the state file. When the folders change,
 * the files this plugin wrote at the old places are removed (only when they still hold the recorded
 * bytes, as for a deleted network) and, no longer found where the state says they are now, written at
 * the new ones by the next compile; so a moved header never stays behind in the jar. No record (a first
 * build, or one by an earlier plugin) means the old places were the resources folder, the default. The
 * folders are recorded relative to the project when inside it, so a moved project is no change. The
 * caller holds the build lock.
 */
final class SideFilePlacement {

    static final String FILE_NAME = "side-files.txt";

    private SideFilePlacement() {
    }

    /**
     * Removes headers and maps left at the places of the previous build, then records the current ones.
     *
     * @param stateFile the execution's state file
     * @param basedir   the project folder
     * @param defaults  the tree with the headers and maps in the resources root (the default placement)
     * @param current   the tree as this build places them
     */
    static void update(Path stateFile, Path basedir, OutputTree defaults, OutputTree current, Log log)
            throws IOException {
        Path record = stateFile.resolveSibling(FILE_NAME);
        String now = text(basedir, current);
        Optional<String> before = read(record);
        if (before.isPresent() && before.get().equals(now)) {
            return;
        }
        OutputTree old = defaults;
        if (before.isPresent()) {
            String[] lines = before.get().split("\n");
            if (lines.length == 2 && lines[0].startsWith("headers=") && lines[1].startsWith("maps=")) {
                old = defaults.withSideFiles(basedir.resolve(lines[0].substring(8)), basedir.resolve(lines[1].substring(5)));
            }
        }
        FileDigests digests = new FileDigests();
        for (BuildState.Entry entry : BuildState.load(stateFile).state().entries().values()) {
            for (OutputRef ref : entry.outputs()) {
                if (ref.kind() != GeneratedFile.Kind.RESOURCE) {
                    continue;
                }
                Path was = old.resolve(ref.kind(), ref.path());
                Path is = current.resolve(ref.kind(), ref.path());
                if (!was.equals(is) && Files.isRegularFile(was)
                        && (ref.sha256().isEmpty() || old.verify(ref, digests).isPresent())) {
                    old.delete(ref);
                    old.deleteCopy(ref, digests);
                    log.info("Removed " + was + " (headerDirectory or mapDirectory changed: it goes to " + is + ")");
                }
            }
        }
        Files.createDirectories(record.getParent());
        Path tmp = record.resolveSibling(FILE_NAME + ".tmp");
        Files.writeString(tmp, now, StandardCharsets.UTF_8);
        Files.move(tmp, record, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Optional<String> read(Path record) throws IOException {
        try {
            return Optional.of(Files.readString(record, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static String text(Path basedir, OutputTree tree) {
        return "headers=" + relative(basedir, tree.headersRoot()) + "\nmaps=" + relative(basedir, tree.mapsRoot());
    }

    private static String relative(Path basedir, Path folder) {
        Path base = basedir.toAbsolutePath().normalize();
        return folder.startsWith(base) ? base.relativize(folder).toString().replace('\\', '/') : folder.toString();
    }
}
