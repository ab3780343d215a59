package io.github.lstmhdl.maven;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Zip archives for the tests of network artifacts: any entry names, also ones a safe tool never writes. */
final class TestArchives {

    private TestArchives() {
    }

    /** Writes {@code zip} with the given entries (name to UTF-8 text), in the map's order. */
    static Path zip(Path zip, Map<String, String> entries) throws IOException {
        Files.createDirectories(zip.toAbsolutePath().getParent());
        try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(os)) {
            for (var e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return zip;
    }

    /**
     * Writes {@code zip} with one deflated entry of {@code bytes} zero bytes whose central directory
     * declares it {@code declared} bytes long: a zip bomb's lie, which a safe tool never writes.
     */
    static Path bomb(Path zip, String name, int bytes, int declared) throws IOException {
        Files.createDirectories(zip.toAbsolutePath().getParent());
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(buffer)) {
            out.putNextEntry(new ZipEntry(name));
            out.write(new byte[bytes]);
            out.closeEntry();
        }
        ByteBuffer b = ByteBuffer.wrap(buffer.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        int cen = -1;
        for (int i = b.limit() - 4; i >= 0 && cen < 0; i--) {
            if (b.getInt(i) == 0x02014b50) {
                cen = i;
            }
        }
        if (cen < 0 || b.getInt(cen + 24) != bytes) {
            throw new IllegalStateException("no central directory entry of " + bytes + " bytes");
        }
        b.putInt(cen + 24, declared); // the uncompressed size
        Files.write(zip, b.array());
        return zip;
    }
}
