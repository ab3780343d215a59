package io.github.lstmhdl.maven;

import io.github.lstmhdl.source.FileStamp;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The shortcut of a no-op build: after a build that left every network up to date, this file (beside
 * the state, {@value #FILE_NAME}) records the canonical text of the execution's raw parameters and the
 * {@linkplain FileStamp stamp} of every file and folder whose change could make the next build do
 * anything. The next build compares that text and those stamps (a handful of {@code stat} calls)
 * before it builds a single request, loads the compiler or scans for networks; when all are unchanged it
 * is a no-op by the same rules that {@link IncrementalCompiler} applies, only proved from less:
 * <ul>
 *   <li>the same raw parameters, plugin and compiler version give the same requests and so the same
 *       fingerprints (every field of the mojo that is a parameter value enters the text, found by
 *       reflection, so that a parameter added later cannot be forgotten; a value of a type it does not
 *       know disables the shortcut);</li>
 *   <li>every recorded input and output has the stamp that the state recorded with its digest (the
 *       state's own rule: an unchanged strong stamp proves unchanged bytes); the state file itself has
 *       the stamp it had, so no build changed it in between;</li>
 *   <li>every folder under the source directory, every output folder and the staging folder has the
 *       stamp it had: a network added, removed or renamed (in any folder) and a temporary file left by a
 *       killed build (in the staging or an output folder) each change their folder's stamp.</li>
 * </ul>
 * It is written only when the build succeeded, compiled or kept every network, repeated no warning and
 * logged nothing per network (not verbose, no int8 network, whose calibration folder listing the
 * fingerprint reads), and only with strong stamps; otherwise the build deletes it. A build that does
 * work changes the state file, which alone invalidates the record, so a build killed at any point
 * leaves no record that vouches for it. Anything
 * unexpected (an unreadable file, a path with a line break) means no shortcut: the full check runs.
 */
final class NoOpRecord {

    /** The file name, in the execution's state folder. */
    static final String FILE_NAME = "noop.properties";
    private static final String FORMAT = "lstm-maven-plugin-noop-1";
    private static final String ABSENT = "-";

    private NoOpRecord() {
    }

    /**
     * The canonical text of a mojo's parameter values, on one line: every instance field declared by a
     * class of this plugin (a parameter, a read-only value Maven injects), by name and value, except the
     * injected components; plus {@code extra} (versions, folders known only through the project).
     *
     * @return empty when some value is of a type whose text would not show every change
     */
    static Optional<String> parameterKey(Object mojo, List<String> extra) {
        StringBuilder text = new StringBuilder(FORMAT).append('\n');
        for (String e : extra) {
            text.append("extra ").append(e.length()).append(':').append(e).append('\n');
        }
        for (Class<?> c = mojo.getClass(); c != null && own(c); c = c.getSuperclass()) {
            if (!fields(c, mojo, text)) {
                return Optional.empty();
            }
        }
        // the text itself, on one line: a digest would cost a cold JVM more (the security provider) than it saves
        return Optional.of(text.toString().replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r"));
    }

    private static boolean own(Class<?> c) {
        return c.getName().startsWith("io.github.lstmhdl.");
    }

    /** The fields of class {@code c} of {@code object}; false when a value cannot be written as text. */
    private static boolean fields(Class<?> c, Object object, StringBuilder text) {
        for (Field f : c.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic() || component(f.getType()) || resolver(f)) {
                continue;
            }
            f.setAccessible(true);
            Object value;
            try {
                value = f.get(object);
            } catch (IllegalAccessException e) {
                return false;
            }
            text.append(c.getSimpleName()).append('.').append(f.getName()).append('=');
            if (!value(value, text, 0)) {
                return false;
            }
            text.append('\n');
        }
        return true;
    }

    /**
     * The injected components (the project, whose relevant values are parameters of their own or
     * {@code extra}, and the project helper) and the compile step: what the build uses, not what it is
     * asked to do. Any other type takes part, and one this class cannot write as text (such as a Maven
     * model type) disables the shortcut.
     */
    private static boolean component(Class<?> type) {
        return type == org.apache.maven.project.MavenProject.class
                || type == org.apache.maven.project.MavenProjectHelper.class || type == CompileStep.class;
    }

    /**
     * The resolver's component, session and repositories and the test's resolver: they only serve
     * {@code networkArtifacts}, and a build with network artifacts never takes the shortcut.
     */
    private static boolean resolver(Field f) {
        return f.getType() == ArtifactResolver.class || f.getGenericType().getTypeName().contains("org.eclipse.aether.");
    }

    private static boolean value(Object v, StringBuilder text, int depth) {
        if (depth > 8) {
            return false;
        }
        if (v == null) {
            text.append("null");
        } else if (v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof Character
                || v instanceof Enum<?> || v instanceof File || v instanceof Path) {
            String s = v.toString();
            text.append(v.getClass().getSimpleName()).append(' ').append(s.length()).append(':').append(s);
        } else if (v instanceof Collection<?> list) {
            text.append('[');
            for (Object e : list) {
                if (!value(e, text, depth + 1)) {
                    return false;
                }
                text.append(',');
            }
            text.append(']');
        } else if (v instanceof Map<?, ?> map) {
            text.append('{');
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!value(e.getKey(), text, depth + 1)) {
                    return false;
                }
                text.append('=');
                if (!value(e.getValue(), text, depth + 1)) {
                    return false;
                }
                text.append(',');
            }
            text.append('}');
        } else if (v.getClass().isArray()) {
            text.append('[');
            for (int i = 0; i < Array.getLength(v); i++) {
                if (!value(Array.get(v, i), text, depth + 1)) {
                    return false;
                }
                text.append(',');
            }
            text.append(']');
        } else if (own(v.getClass()) && !v.getClass().isSynthetic()) {
            text.append(v.getClass().getName()).append('{');
            for (Class<?> c = v.getClass(); c != null && own(c); c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) {
                        continue;
                    }
                    f.setAccessible(true);
                    text.append(f.getName()).append('=');
                    try {
                        if (!value(f.get(v), text, depth + 1)) {
                            return false;
                        }
                    } catch (IllegalAccessException e) {
                        return false;
                    }
                    text.append(',');
                }
            }
            text.append('}');
        } else {
            return false;
        }
        return true;
    }

    /**
     * Whether the record at {@code file} proves a no-op for the parameters whose text is {@code key}.
     *
     * @return the number of networks, all up to date, when it does; empty otherwise
     */
    static OptionalInt check(Path file, String key) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
        if (lines.size() < 3 || !lines.get(0).equals(FORMAT) || !lines.get(1).equals("key " + key)
                || !lines.get(2).startsWith("networks ")) {
            return OptionalInt.empty();
        }
        for (int i = 3; i < lines.size(); i++) {
            String line = lines.get(i);
            int tab = line.indexOf('\t');
            if (tab < 0 || !line.substring(0, tab).equals(stamp(Path.of(line.substring(tab + 1))))) {
                return OptionalInt.empty();
            }
        }
        try {
            return OptionalInt.of(Integer.parseInt(lines.get(2).substring("networks ".length())));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** A path's stamp as text, {@value #ABSENT} when it does not exist or cannot be examined. */
    private static String stamp(Path p) {
        try {
            return FileStamp.of(p).toText();
        } catch (IOException | RuntimeException e) {
            return ABSENT;
        }
    }

    /** Deletes the record: the build is about to do work, or did some that the record cannot vouch for. */
    static void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    /**
     * The stamps of every folder under the source folder (or of the source folder alone when it is
     * absent), taken before the build scans for networks: {@link #write} records these, and only when
     * they are still the same after the build, so a network added while the build ran is never vouched
     * for.
     *
     * @return empty when a folder cannot be listed (then no record is written)
     */
    static Optional<Map<Path, String>> sourceFolders(Path sourceRoot) {
        Map<Path, String> stamps = new java.util.LinkedHashMap<>();
        if (Files.isDirectory(sourceRoot)) {
            try (Stream<Path> walk = Files.walk(sourceRoot)) {
                for (Path p : walk.filter(Files::isDirectory).toList()) {
                    stamps.put(p, stamp(p));
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                return Optional.empty();
            }
        } else {
            stamps.put(sourceRoot, stamp(sourceRoot));
        }
        return Optional.of(stamps);
    }

    /**
     * Records the state a successful build left, when the shortcut can vouch for it (see the class
     * comment), and only when the record changed; otherwise deletes the record.
     *
     * @param file       the record
     * @param key        the text of the parameters ({@link #parameterKey})
     * @param stateFile  the state the build saved
     * @param sourceRoot the folder searched for networks
     * @param before     {@link #sourceFolders} of the source folder before the build scanned it
     * @param tree       the output roots
     * @param staging    the staging folder
     */
    static void write(Path file, String key, Path stateFile, Path sourceRoot, Optional<Map<Path, String>> before,
            OutputTree tree, Path staging) throws IOException {
        BuildState.Loaded loaded = BuildState.load(stateFile);
        Set<String> lines = new LinkedHashSet<>();
        if (loaded.problem().isPresent() || loaded.state().entries().isEmpty()
                || !strong(stateFile, FileStamp.of(stateFile), lines)) {
            delete(file);
            return;
        }
        Set<Path> folders = new LinkedHashSet<>();
        for (Map.Entry<String, BuildState.Entry> e : loaded.state().entries().entrySet()) {
            BuildState.Entry entry = e.getValue();
            if (entry.digest().isEmpty() || entry.warning().isPresent() || entry.inputs().isEmpty()) {
                delete(file);
                return;
            }
            Path networkFolder = sourceRoot.resolve(e.getKey()).getParent();
            for (InputRef in : entry.inputs()) {
                if (in.sha256().isEmpty() || in.stamp().isEmpty()
                        || !strong(networkFolder.resolve(in.path()).toAbsolutePath().normalize(), in.stamp().get(),
                                lines)) {
                    delete(file);
                    return;
                }
            }
            for (OutputRef out : entry.outputs()) {
                Path p = tree.resolve(out.kind(), out.path());
                if (out.sha256().isEmpty() || out.stamp().isEmpty() || !strong(p, out.stamp().get(), lines)) {
                    delete(file);
                    return;
                }
                folders.add(p.getParent());
            }
        }
        if (before.isEmpty() || !sourceFolders(sourceRoot).equals(before)) {
            delete(file); // something was added, removed or renamed under the sources while the build ran
            return;
        }
        folders.addAll(before.get().keySet());
        folders.add(staging);
        for (Path folder : folders) {
            String s = stamp(folder);
            if (!ABSENT.equals(s) && !FileStamp.parse(s).isStrong() || !plain(folder)) {
                delete(file);
                return;
            }
            lines.add(s + "\t" + folder);
        }
        List<String> all = new ArrayList<>(List.of(FORMAT, "key " + key, "networks " + loaded.state().entries().size()));
        all.addAll(lines);
        try {
            if (Files.readAllLines(file, StandardCharsets.UTF_8).equals(all)) {
                return; // as it is: a no-op build writes nothing
            }
        } catch (IOException | RuntimeException e) {
            // absent or unreadable: written below
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, all, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Adds the line of a file with its recorded stamp; false when the stamp is weak or the path unusable. */
    private static boolean strong(Path p, FileStamp stamp, Set<String> lines) {
        if (!stamp.isStrong() || !plain(p)) {
            return false;
        }
        lines.add(stamp.toText() + "\t" + p);
        return true;
    }

    /** A path that one line of the record can hold. */
    private static boolean plain(Path p) {
        String s = p.toString();
        return s.indexOf('\n') < 0 && s.indexOf('\r') < 0 && s.indexOf('\t') < 0;
    }
}
