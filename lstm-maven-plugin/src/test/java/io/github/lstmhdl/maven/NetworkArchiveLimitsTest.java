package io.github.lstmhdl.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extracting an archive is bounded: bytes per entry and in all, as written, and the number of entries (issue 16). */
class NetworkArchiveLimitsTest {

    /** 1 KiB per entry, 2 KiB in all, 4 entries. */
    private static final NetworkArchive.Limits SMALL = new NetworkArchive.Limits(1024, 2048, 4);

    @TempDir
    Path tmp;

    private List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted()
                    .toList();
        }
    }

    private NetworkArchive.InvalidArchiveException refused(Path archive, Path dir) {
        return assertThrows(NetworkArchive.InvalidArchiveException.class,
                () -> NetworkArchive.extract(archive, dir, SMALL));
    }

    @Test
    void theDefaultsFitTheField() {
        assertEquals(4L << 30, NetworkArchive.Limits.DEFAULT.entryBytes());
        assertEquals(16L << 30, NetworkArchive.Limits.DEFAULT.totalBytes());
        assertEquals(100_000, NetworkArchive.Limits.DEFAULT.entries());
        assertEquals("4 GiB", NetworkArchive.bytes(NetworkArchive.MAX_ENTRY_BYTES));
        assertEquals("16 GiB", NetworkArchive.bytes(NetworkArchive.MAX_TOTAL_BYTES));
        assertEquals("1 KiB", NetworkArchive.bytes(1024));
        assertEquals("1000 bytes", NetworkArchive.bytes(1000));
    }

    /** The entry declares 10 bytes but inflates to 1 MiB: what is written is counted, not what is declared. */
    @Test
    void anEntryThatInflatesBeyondItsDeclaredSizeAndTheLimitIsRefused() throws Exception {
        Path bomb = TestArchives.bomb(tmp.resolve("bomb.zip"), "speech/kws.onnx", 1 << 20, 10);
        Path dir = tmp.resolve("out");
        // the lie is in the archive: the JDK itself reads the whole 1 MiB
        NetworkArchive.extract(bomb, tmp.resolve("unbounded"));
        assertEquals(1 << 20, Files.size(tmp.resolve("unbounded/speech/kws.onnx")));

        NetworkArchive.InvalidArchiveException e = refused(bomb, dir);

        assertEquals("entry 'speech/kws.onnx' inflates to more than 1 KiB, the limit for one entry (its"
                + " declared size is not trusted: a zip bomb lies)", e.getMessage());
        assertEquals(List.of(), files(dir), "no temporary file, no marker");
    }

    @Test
    void entriesThatInflateBeyondTheTotalInAllAreRefused() throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("a.onnx", "a".repeat(1000));
        entries.put("b.onnx", "b".repeat(1000));
        entries.put("c.onnx", "c".repeat(1000)); // each within 1 KiB, 3000 bytes in all
        Path zip = TestArchives.zip(tmp.resolve("big.zip"), entries);
        Path dir = tmp.resolve("out");

        NetworkArchive.InvalidArchiveException e = refused(zip, dir);

        assertEquals("the entries inflate to more than 2 KiB in all, the limit for one archive (exceeded at"
                + " entry 'c.onnx')", e.getMessage());
        assertFalse(files(dir).contains(NetworkArchive.MARKER), "the folder does not vouch for the archive");
        assertFalse(files(dir).stream().anyMatch(f -> f.endsWith(".tmp")), files(dir).toString());

        // again, with a.onnx and b.onnx kept from the first try: they still count
        e = refused(zip, dir);
        assertTrue(e.getMessage().endsWith("(exceeded at entry 'c.onnx')"), e.getMessage());
        assertFalse(files(dir).contains(NetworkArchive.MARKER));
    }

    @Test
    void tooManyEntriesAreRefusedBeforeAnythingIsWritten() throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            entries.put(i + ".onnx", "x");
        }
        Path zip = TestArchives.zip(tmp.resolve("many.zip"), entries);
        Path dir = tmp.resolve("out");

        NetworkArchive.InvalidArchiveException e = refused(zip, dir);

        assertEquals("more than 4 entries, the limit for one archive", e.getMessage());
        assertFalse(Files.exists(dir));
    }

    @Test
    void anArchiveWithinTheLimitsIsExtracted() throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("speech/", "");
        entries.put("speech/kws.onnx", "k".repeat(1024)); // exactly the limit for one entry
        entries.put("har.lstm.json", "h".repeat(1024)); // exactly the limit in all
        Path zip = TestArchives.zip(tmp.resolve("ok.zip"), entries);
        Path dir = tmp.resolve("out");

        assertTrue(NetworkArchive.extract(zip, dir, SMALL));

        assertEquals(List.of(NetworkArchive.MARKER, "har.lstm.json", "speech/kws.onnx"), files(dir));
        assertEquals(1024, Files.size(dir.resolve("speech/kws.onnx")));
        assertFalse(NetworkArchive.extract(zip, dir, SMALL), "the marker says the folder holds this archive");
    }
}
