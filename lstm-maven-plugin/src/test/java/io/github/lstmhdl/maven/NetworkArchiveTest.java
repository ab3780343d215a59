package io.github.lstmhdl.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extracting a network artifact's archive: safe, exact, and no work when nothing changed. */
class NetworkArchiveTest {

    private static final FileTime OLD = FileTime.fromMillis(946_684_800_000L);

    @TempDir
    Path tmp;

    private Path zip(String name, Map<String, String> entries) throws IOException {
        return TestArchives.zip(tmp.resolve(name), entries);
    }

    private List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted()
                    .toList();
        }
    }

    @Test
    void extractsEveryFileButMetaInf() throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n");
        entries.put("META-INF/maven/g/a/pom.xml", "<project/>");
        entries.put("speech/", "");
        entries.put("speech/kws.onnx", "kws");
        entries.put("speech/kws.npy", "weights");
        entries.put("har.lstm.json", "{}");
        Path dir = tmp.resolve("out");

        assertTrue(NetworkArchive.extract(zip("a.jar", entries), dir));

        assertEquals(List.of(NetworkArchive.MARKER, "har.lstm.json", "speech/kws.npy", "speech/kws.onnx"), files(dir));
        assertEquals("kws", Files.readString(dir.resolve("speech/kws.onnx")));
    }

    @Test
    void anUnchangedArchiveIsNotOpenedAgainAndUnchangedFilesAreNotRewritten() throws Exception {
        Path zip = zip("a.zip", Map.of("a.onnx", "A", "b.onnx", "B"));
        Path dir = tmp.resolve("out");
        NetworkArchive.extract(zip, dir);
        Files.setLastModifiedTime(dir.resolve("a.onnx"), OLD);

        assertFalse(NetworkArchive.extract(zip, dir), "the marker says the folder holds this archive");

        // a new archive (a new snapshot) with one entry changed, one gone and one new
        Files.delete(zip);
        zip = zip("a.zip", Map.of("a.onnx", "A", "c.onnx", "C"));
        Files.writeString(dir.resolve("stray.txt"), "not from the archive");
        assertTrue(NetworkArchive.extract(zip, dir));
        assertEquals(List.of(NetworkArchive.MARKER, "a.onnx", "c.onnx"), files(dir));
        assertEquals(OLD, Files.getLastModifiedTime(dir.resolve("a.onnx")), "a file with the same bytes is kept");
    }

    @Test
    void entriesThatWouldLeaveTheFolderRejectTheArchive() throws Exception {
        for (String bad : List.of("../evil.onnx", "a/../../evil.onnx", "/etc/evil.onnx", "C:/evil.onnx",
                "a\\..\\evil.onnx", "a//b.onnx")) {
            Path zip = zip("bad.zip", Map.of("ok.onnx", "fine", bad, "x"));
            Path dir = tmp.resolve("out-bad");
            NetworkArchive.InvalidArchiveException e = assertThrows(NetworkArchive.InvalidArchiveException.class,
                    () -> NetworkArchive.extract(zip, dir), bad);
            assertTrue(e.getMessage().startsWith("entry '" + bad + "' "), e.getMessage());
            assertFalse(Files.exists(tmp.resolve("evil.onnx")));
            assertFalse(Files.exists(dir), "nothing extracted from a rejected archive");
            Files.delete(zip);
        }
        assertNull(NetworkArchive.unsafe("speech/kws.onnx"));
        assertNull(NetworkArchive.unsafe("speech/"));
    }

    /** A reactor module that is not packaged yet resolves to its target/classes folder. */
    @Test
    void aFolderIsCopiedFileByFile() throws Exception {
        Path classes = tmp.resolve("models/target/classes");
        Files.createDirectories(classes.resolve("META-INF/maven"));
        Files.writeString(classes.resolve("META-INF/MANIFEST.MF"), "x");
        Files.createDirectories(classes.resolve("speech"));
        Files.writeString(classes.resolve("speech/kws.onnx"), "kws");
        Path dir = tmp.resolve("out");
        assertTrue(NetworkArchive.extract(classes, dir));
        assertEquals(List.of("speech/kws.onnx"), files(dir));
        Files.setLastModifiedTime(dir.resolve("speech/kws.onnx"), OLD);

        Files.writeString(classes.resolve("speech/kws.onnx"), "kws 2"); // the folder's stamp stays the same
        Files.writeString(classes.resolve("speech/vad.onnx"), "vad");
        assertTrue(NetworkArchive.extract(classes, dir));
        assertEquals(List.of("speech/kws.onnx", "speech/vad.onnx"), files(dir));
        assertEquals("kws 2", Files.readString(dir.resolve("speech/kws.onnx")));
    }

    @Test
    void notAZipFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("models.jar"), "not a zip");
        NetworkArchive.InvalidArchiveException e = assertThrows(NetworkArchive.InvalidArchiveException.class,
                () -> NetworkArchive.extract(file, tmp.resolve("out")));
        assertTrue(e.getMessage().contains("models.jar is not a jar or zip archive"), e.getMessage());
    }
}
