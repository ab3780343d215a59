package io.github.lstmhdl.maven;

import io.github.lstmhdl.source.FileStamp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Extracts a network artifact's archive (a jar or zip, or the folder of a reactor module not yet packaged)
 * into its own folder, where the networks are then
 * found and compiled as in the networks folder. Safe: an entry whose name is absolute, has a drive
 * letter or a backslash, or has a {@code ..} segment rejects the whole archive, so nothing is ever written
 * outside the folder; {@code META-INF/} (the jar's manifest and Maven's pom copy) is left out.
 * Deterministic: the folder ends up holding exactly the archive's files, whatever it held before; a file
 * that already holds an entry's bytes is not rewritten (its stamp stays, so the next build reads nothing),
 * and a folder that a marker file shows to hold this very archive file (same path and stamp) is not
 * opened at all. Bounded: the bytes an entry inflates to are counted as they are copied (an entry's
 * declared size is not trusted: a zip bomb lies), and an entry, or the archive in all, that inflates beyond
 * its {@link Limits}, or an archive with too many entries, is refused; the entry's temporary file is
 * deleted and no marker is written.
 */
final class NetworkArchive {

    /** The marker in the folder: the archive's path and stamp, written after the last file. */
    static final String MARKER = ".lstm-archive";

    /**
     * At most this many bytes per entry: well above a big float32 LSTM model (a few hundred MB), and the
     * compiler's memory bound (at most 4 GiB), so no entry the compiler could load is refused.
     */
    static final long MAX_ENTRY_BYTES = 4L << 30;

    /**
     * At most this many bytes per archive in all: room for several of the largest entries, far below the
     * terabytes a zip bomb inflates to, so a bad archive fails in minutes without filling the disk.
     */
    static final long MAX_TOTAL_BYTES = 16L << 30;

    /** At most this many entries (directories and META-INF/ included): a model repository holds far fewer. */
    static final int MAX_ENTRIES = 100_000;

    /**
     * The bounds of one extraction: bytes per entry, bytes in all (both as written, not as declared) and
     * the number of entries.
     */
    record Limits(long entryBytes, long totalBytes, int entries) {
        /** The limits of a build: {@link #MAX_ENTRY_BYTES}, {@link #MAX_TOTAL_BYTES}, {@link #MAX_ENTRIES}. */
        static final Limits DEFAULT = new Limits(MAX_ENTRY_BYTES, MAX_TOTAL_BYTES, MAX_ENTRIES);
    }

    private NetworkArchive() {
    }

    /** The archive cannot be used: names the entry (if any) and the reason. */
    static final class InvalidArchiveException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidArchiveException(String message) {
            super(message);
        }
    }

    /**
     * Brings {@code folder} to hold the files of {@code archive}: a jar or zip file, or a folder (what
     * Maven resolves a module of the same reactor to before it is packaged: its {@code target/classes}).
     *
     * @return false when the folder already held them (the marker matched): nothing was read or written
     * @throws InvalidArchiveException when the archive is not a zip file, an entry would leave the folder, or
     *                                 the archive exceeds the {@link Limits#DEFAULT limits}
     */
    static boolean extract(Path archive, Path folder) throws IOException, InvalidArchiveException {
        return extract(archive, folder, Limits.DEFAULT);
    }

    /** {@link #extract(Path, Path)} within the given limits (tests use small ones). */
    static boolean extract(Path archive, Path folder, Limits limits) throws IOException, InvalidArchiveException {
        Path marker = folder.resolve(MARKER);
        boolean isFolder = Files.isDirectory(archive);
        // a folder's stamp does not change when a file inside does: a folder is compared file by file
        String expected = isFolder ? "" : markerText(archive);
        if (!isFolder && Files.isRegularFile(marker)
                && Files.readString(marker, StandardCharsets.UTF_8).equals(expected)) {
            return false;
        }
        try (Entries source = isFolder ? Entries.ofFolder(archive, limits) : Entries.ofZip(archive, limits)) {
            Files.createDirectories(folder);
            Files.deleteIfExists(marker); // until the last file is in place, the folder vouches for nothing
            long total = 0;
            for (var e : source.sizes().entrySet()) {
                Path target = folder.resolve(e.getKey());
                Files.createDirectories(target.getParent());
                // a kept file counts as if written: the limits do not depend on what the folder held before
                long kept = sameBytes(source, e.getKey(), e.getValue(), target);
                if (kept >= 0) {
                    total += kept;
                    checkEntry(e.getKey(), kept, limits);
                    checkTotal(e.getKey(), total, limits);
                } else {
                    Path tmp = target.resolveSibling(".lstm-" + target.getFileName() + ".tmp");
                    try (InputStream in = source.open(e.getKey())) {
                        total = copy(in, tmp, archive, e.getKey(), total, limits);
                    } catch (IOException | InvalidArchiveException | RuntimeException x) {
                        Files.deleteIfExists(tmp);
                        throw x;
                    }
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            removeOthers(folder, source.sizes().keySet());
        }
        if (!isFolder) {
            Path tmp = folder.resolve(MARKER + ".tmp");
            Files.writeString(tmp, expected, StandardCharsets.UTF_8);
            Files.move(tmp, marker, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return true;
    }

    /**
     * Copies one entry to {@code tmp}, counting the bytes written.
     *
     * @param total the bytes the archive's earlier entries inflated to
     * @return {@code total} with this entry's bytes added
     * @throws InvalidArchiveException when the entry, or the archive in all, would exceed its limit
     */
    private static long copy(InputStream in, Path tmp, Path archive, String name, long total, Limits limits)
            throws IOException, InvalidArchiveException {
        byte[] buffer = new byte[1 << 16];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(tmp)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                written += n;
                total += n;
                checkEntry(name, written, limits);
                checkTotal(name, total, limits);
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    private static void checkEntry(String name, long written, Limits limits)
            throws InvalidArchiveException {
        if (written > limits.entryBytes()) {
            throw new InvalidArchiveException("entry '" + name + "' inflates to more than "
                    + bytes(limits.entryBytes()) + ", the limit for one entry (its declared size is not"
                    + " trusted: a zip bomb lies)");
        }
    }

    private static void checkTotal(String name, long total, Limits limits)
            throws InvalidArchiveException {
        if (total > limits.totalBytes()) {
            throw new InvalidArchiveException("the entries inflate to more than "
                    + bytes(limits.totalBytes()) + " in all, the limit for one archive (exceeded at entry '"
                    + name + "')");
        }
    }

    private static void checkCount(int count, Limits limits) throws InvalidArchiveException {
        if (count > limits.entries()) {
            throw new InvalidArchiveException("more than " + limits.entries()
                    + " entries, the limit for one archive");
        }
    }

    /** A byte count for messages: in GiB, MiB or KiB when it is a whole number of them. */
    static String bytes(long n) {
        String[] units = {"GiB", "MiB", "KiB"};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << (10 * (3 - i));
            if (n >= unit && n % unit == 0) {
                return n / unit + " " + units[i];
            }
        }
        return n + " bytes";
    }

    /** Opens one entry's bytes. */
    @FunctionalInterface
    private interface Opener {
        InputStream open(String name) throws IOException;
    }

    /**
     * The files to extract, by their checked '/'-separated names, sorted, with their sizes (-1: unknown);
     * directories and META-INF/ left out.
     */
    private record Entries(TreeMap<String, Long> sizes, Opener opener, java.io.Closeable resource)
            implements java.io.Closeable {

        InputStream open(String name) throws IOException {
            return opener.open(name);
        }

        @Override
        public void close() throws IOException {
            resource.close();
        }

        static Entries ofZip(Path archive, Limits limits) throws IOException, InvalidArchiveException {
            ZipFile zip;
            try {
                zip = new ZipFile(archive.toFile());
            } catch (ZipException e) {
                throw new InvalidArchiveException(archive + " is not a jar or zip archive (" + e.getMessage() + ")");
            }
            try {
                TreeMap<String, ZipEntry> entries = entries(zip, archive, limits);
                TreeMap<String, Long> sizes = new TreeMap<>();
                entries.forEach((name, e) -> sizes.put(name, e.getSize()));
                return new Entries(sizes, name -> zip.getInputStream(entries.get(name)), zip);
            } catch (InvalidArchiveException | RuntimeException e) {
                zip.close();
                throw e;
            }
        }

        static Entries ofFolder(Path root, Limits limits) throws IOException, InvalidArchiveException {
            TreeMap<String, Long> sizes = new TreeMap<>();
            try (Stream<Path> s = Files.walk(root)) {
                List<Path> files = s.filter(Files::isRegularFile).limit(limits.entries() + 1L).toList();
                checkCount(files.size(), limits);
                for (Path p : files) {
                    String name = root.relativize(p).toString().replace('\\', '/');
                    if (!name.startsWith("META-INF/")) {
                        sizes.put(name, Files.size(p));
                    }
                }
            }
            return new Entries(sizes, name -> Files.newInputStream(root.resolve(name)), () -> { });
        }
    }

    /** The entries to extract by their checked names, sorted; directories and META-INF/ left out. */
    private static TreeMap<String, ZipEntry> entries(ZipFile zip, Path archive, Limits limits)
            throws InvalidArchiveException {
        checkCount(zip.size(), limits);
        TreeMap<String, ZipEntry> entries = new TreeMap<>();
        Set<String> lowerCase = new TreeSet<>();
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            ZipEntry e = en.nextElement();
            String name = e.getName();
            String why = unsafe(name);
            if (why != null) {
                throw new InvalidArchiveException("entry '" + name + "' " + why
                        + " (entries must be relative paths inside the archive)");
            }
            if (e.isDirectory() || name.startsWith("META-INF/")) {
                continue;
            }
            if (entries.put(name, e) != null || !lowerCase.add(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new InvalidArchiveException("entry '" + name + "' is in the archive twice (or twice but for"
                        + " case, which is one file on macOS and Windows)");
            }
        }
        return entries;
    }

    /** Why an entry name may not be extracted, or null when it may. */
    static String unsafe(String name) {
        if (name.isEmpty()) {
            return "has an empty name";
        }
        if (name.startsWith("/") || name.indexOf('\\') >= 0 || (name.length() > 1 && name.charAt(1) == ':')) {
            return "is an absolute path or has a backslash or drive letter";
        }
        if (name.indexOf('\0') >= 0) {
            return "has a NUL character";
        }
        String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        for (String part : trimmed.split("/", -1)) {
            if (part.equals("..")) {
                return "has a '..' segment";
            }
            if (part.isEmpty() || part.equals(".")) {
                return "has an empty or '.' segment";
            }
        }
        return null;
    }

    /**
     * Whether {@code target} already holds the entry's bytes: their count if it does, else -1. Reads at most
     * the target's length and one buffer more of the entry, whatever it declares.
     */
    private static long sameBytes(Entries source, String name, long size, Path target) throws IOException {
        if (!Files.isRegularFile(target) || (size >= 0 && Files.size(target) != size)) {
            return -1;
        }
        try (InputStream a = source.open(name); InputStream b = Files.newInputStream(target)) {
            byte[] x = new byte[1 << 16];
            byte[] y = new byte[1 << 16];
            while (true) {
                int n = a.readNBytes(x, 0, x.length);
                int m = b.readNBytes(y, 0, n == 0 ? 1 : n);
                if (n != m || !Arrays.equals(x, 0, n, y, 0, m)) {
                    return -1;
                }
                if (n == 0) {
                    return Files.size(target);
                }
            }
        }
    }

    /** Deletes what the folder holds besides the archive's files (and the marker), then empty folders. */
    private static void removeOthers(Path folder, Set<String> keep) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(folder)) {
            all = new ArrayList<>(s.filter(p -> !p.equals(folder)).toList());
        }
        all.sort((p, q) -> q.getNameCount() - p.getNameCount()); // children before their folders
        for (Path p : all) {
            String rel = folder.relativize(p).toString().replace('\\', '/');
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    if (s.findAny().isEmpty()) {
                        Files.delete(p);
                    }
                }
            } else if (!keep.contains(rel) && !rel.equals(MARKER)) {
                Files.delete(p);
            }
        }
    }

    private static String markerText(Path archive) throws IOException {
        return archive.toAbsolutePath().normalize() + "\n" + FileStamp.of(archive).toText() + "\n";
    }
}
