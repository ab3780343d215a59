package io.github.lstmhdl.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The images, C headers and JSON memory maps of one execution as one zip, for the extra artifact that a
 * firmware pipeline takes from the repository. Reproducible: entries in path order, stored (not
 * deflated, so no compressor version changes a byte), each with the project's
 * {@code project.build.outputTimestamp} (or 1980-01-01 when the project sets none), no extra fields.
 * Written to a temporary file beside the target and moved over it, so a half-written zip is never seen.
 */
final class ImageBundle {
    private static final LocalDateTime NO_TIMESTAMP = LocalDateTime.of(1980, 1, 1, 0, 0);

    private ImageBundle() {
    }

    /**
     * Zips every file under {@code root} into {@code zip}.
     *
     * @param outputTimestamp the project's {@code project.build.outputTimestamp}: ISO-8601 or seconds since
     *                        1970; null or blank for none
     * @return the number of files zipped
     * @throws IllegalArgumentException when the timestamp is neither
     */
    static int write(Path root, Path zip, String outputTimestamp) throws IOException {
        SortedMap<String, Path> files = new TreeMap<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(Files::isRegularFile).forEach(p -> files.put(root.relativize(p).toString().replace('\\', '/'), p));
            }
        }
        return write(files, zip, outputTimestamp);
    }

    /**
     * Zips the given files, each under its entry name, in name order (the images, headers and maps of an
     * execution, wherever {@code headerDirectory} and {@code mapDirectory} put them).
     *
     * @param files entry name ('/'-separated) to file
     * @return the number of files zipped
     * @throws IllegalArgumentException when the timestamp is neither ISO-8601 nor seconds since 1970
     */
    static int write(SortedMap<String, Path> files, Path zip, String outputTimestamp) throws IOException {
        LocalDateTime time = entryTime(outputTimestamp);
        List<String> paths = new ArrayList<>(files.keySet());
        Files.createDirectories(zip.toAbsolutePath().getParent());
        Path tmp = zip.resolveSibling("." + zip.getFileName() + ".tmp");
        try {
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
                out.setMethod(ZipOutputStream.STORED);
                for (String p : paths) {
                    Path file = files.get(p);
                    ZipEntry e = new ZipEntry(p);
                    e.setTimeLocal(time);
                    e.setSize(Files.size(file));
                    e.setCompressedSize(Files.size(file));
                    e.setCrc(crc(file));
                    out.putNextEntry(e);
                    Files.copy(file, out);
                    out.closeEntry();
                }
            }
            Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return paths.size();
    }

    /** The entries' local time from Maven's outputTimestamp, in UTC as Maven's archiver does. */
    static LocalDateTime entryTime(String outputTimestamp) {
        if (outputTimestamp == null || outputTimestamp.isBlank() || outputTimestamp.length() < 2) {
            return NO_TIMESTAMP; // Maven reads a one-character value as "not set"
        }
        Instant instant;
        if (outputTimestamp.chars().allMatch(Character::isDigit)) {
            instant = Instant.ofEpochSecond(Long.parseLong(outputTimestamp));
        } else {
            try {
                instant = OffsetDateTime.parse(outputTimestamp).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("project.build.outputTimestamp '" + outputTimestamp
                        + "' is neither ISO-8601 (2026-01-01T00:00:00Z) nor seconds since 1970");
            }
        }
        LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        return t.isBefore(NO_TIMESTAMP) ? NO_TIMESTAMP : t;
    }

    private static long crc(Path file) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                crc.update(buf, 0, n);
            }
        }
        return crc.getValue();
    }
}
