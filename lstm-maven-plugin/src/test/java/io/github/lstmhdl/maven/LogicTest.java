package io.github.lstmhdl.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.CompileRequest;
import io.github.lstmhdl.GeneratedFile;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.RegionContent;
import io.github.lstmhdl.source.ImportOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin's logic classes without Maven. */
class LogicTest {

    @TempDir
    Path tmp;

    @Test
    void everyProcessorFieldCanBeOverriddenPerNetwork() {
        NetworkOverride o = new NetworkOverride();
        for (String field : ProcessorConfig.FIELDS) {
            o.set(field, "v-" + field);
        }
        assertEquals(ProcessorConfig.FIELDS, List.copyOf(o.processorFields().keySet()));
        o.processorFields().forEach((k, v) -> assertEquals("v-" + k, v));
        assertThrows(IllegalArgumentException.class, () -> o.set("preset", "x"));
    }

    @Test
    void fieldsApplyInAnOrderThatRespectsCrossFieldRules() throws Exception {
        // baseAddress 0x40 is valid only with the smaller alignment, set in a later layer
        ProcessorConfig c = EffectiveConfig.fromPreset("zcu102_single", "preset")
                .withFields(Map.of("baseAddress", "0x40"), "global %s")
                .withFields(Map.of("alignment", "64", "memorySize", "1MiB"), "override %s")
                .resolve();
        assertEquals(0x40, c.baseAddress());
        assertEquals(64, c.alignment());
        assertEquals(1L << 20, c.memorySize());

        var bad = EffectiveConfig.fromPreset("zcu102_single", "preset")
                .withFields(Map.of("baseAddress", "0x40"), "parameter %s");
        var e = assertThrows(EffectiveConfig.InvalidParameterException.class, bad::resolve);
        assertTrue(e.getMessage().contains("parameter baseAddress"), e.getMessage());
    }

    @Test
    void laterLayersWinAndBlankValuesAreIgnored() throws Exception {
        ProcessorConfig c = EffectiveConfig.fromPreset("zcu102_single", "preset")
                .withFields(Map.of("fcThreads", "8", "gateFusion", "false"), "g %s")
                .withFields(Map.of("fcThreads", "16", "gateFusion", " "), "o %s")
                .resolve();
        assertEquals(16, c.fcThreads());
        assertFalse(c.gateFusion());
    }

    @Test
    void theStateFileRoundTripsAndIsDeterministic() throws IOException {
        BuildState s = new BuildState(Map.of(
                "sub/b.lstm.json", new BuildState.Entry("ab12", List.of(
                        new OutputRef(GeneratedFile.Kind.SOURCE, "com/x/B Offsets.java", 12),
                        new OutputRef(GeneratedFile.Kind.RESOURCE, "com/x/b=1:2|3.img", 4096)), Optional.empty()),
                "a.onnx", new BuildState.Entry("", List.of(), Optional.of("a.onnx: does not fit\nsecond line"))));
        Path f = tmp.resolve("state.properties");
        Files.writeString(f, s.toText());
        assertEquals(s, BuildState.load(f));
        assertEquals(s.toText(), new BuildState(Map.copyOf(s.entries())).toText());
        assertFalse(s.toText().contains("#"), "no timestamp comment");
    }

    @Test
    void aMissingOrForeignStateFileIsEmpty() throws IOException {
        assertEquals(BuildState.empty(), BuildState.load(tmp.resolve("none")));
        Path f = tmp.resolve("foreign");
        Files.writeString(f, "format=something-else\n0.network=a.onnx\n");
        assertEquals(BuildState.empty(), BuildState.load(f));
        Files.writeString(f, "format=lstm-maven-plugin-state-1\n0.network=a.onnx\n0.output.0=garbage\n");
        assertEquals(BuildState.empty(), BuildState.load(f));
    }

    @Test
    void outputsAreWrittenOnlyWhenTheirContentChanges() throws IOException {
        OutputTree w = new OutputTree(tmp.resolve("src"), tmp.resolve("res"));
        byte[] bytes = new byte[100_000];
        new Random(7).nextBytes(bytes);
        GeneratedFile f = new GeneratedFile(GeneratedFile.Kind.RESOURCE, "com/x/a.img", RegionContent.of(bytes));
        OutputRef ref = w.write(f);
        Path p = tmp.resolve("res/com/x/a.img");
        assertEquals(bytes.length, ref.size());
        FileTime old = FileTime.fromMillis(946_684_800_000L);
        Files.setLastModifiedTime(p, old);

        w.write(f);
        assertEquals(old, Files.getLastModifiedTime(p));
        bytes[50_000] ^= 1;
        w.write(new GeneratedFile(GeneratedFile.Kind.RESOURCE, "com/x/a.img", RegionContent.of(bytes)));
        assertEquals(bytes[50_000], Files.readAllBytes(p)[50_000]);
        try (var files = Files.list(p.getParent())) {
            assertEquals(List.of(p), files.toList(), "no temporary files left");
        }
        assertTrue(w.intact(ref));
        assertTrue(w.delete(ref));
        assertFalse(Files.exists(tmp.resolve("res/com")), "emptied folders removed");
        assertTrue(Files.isDirectory(tmp.resolve("res")), "the root stays");
    }

    @Test
    void aRecordedPathCannotEscapeItsRoot() {
        OutputTree w = new OutputTree(tmp.resolve("src"), tmp.resolve("res"));
        assertThrows(IOException.class, () -> w.delete(new OutputRef(GeneratedFile.Kind.SOURCE, "../../etc/x", 1)));
    }

    @Test
    void theFingerprintCoversBytesConfigurationNamesAndVersions() throws IOException {
        Path net = Files.writeString(tmp.resolve("a.lstm.json"), "{\"layers\":[]}", StandardCharsets.UTF_8);
        CompileRequest r = new CompileRequest(net, "a.lstm.json", ProcessorConfig.defaults(), ImportOptions.defaults(),
                "com.x", Optional.empty(), false);
        String base = fingerprint().of(r);
        assertEquals(base, fingerprint().of(r));
        assertNotEquals(base, new Fingerprint("0.1.0", "2").of(r), "compiler version");
        assertNotEquals(base, new Fingerprint("0.2.0", "1").of(r), "plugin version");
        assertNotEquals(new Fingerprint("0.1.01", "").of(r), new Fingerprint("0.1.0", "1").of(r),
                "the two versions are separate fields");
        assertNotEquals(base, fingerprint().of(new CompileRequest(net, "a", ProcessorConfig.defaults().with(
                "memorySize", "1MiB"), ImportOptions.defaults(), "com.x", Optional.empty(), false)), "config");
        assertNotEquals(base, fingerprint().of(new CompileRequest(net, "a", ProcessorConfig.defaults(),
                ImportOptions.defaults(), "com.x", Optional.of("C"), false)), "class name");
        assertEquals(base, fingerprint().of(new CompileRequest(net, "other display", ProcessorConfig.defaults(),
                ImportOptions.defaults(), "com.x", Optional.empty(), true)), "verbose does not change outputs");
        Files.write(tmp.resolve("w.npy"), new byte[] {1});
        String withNpy = fingerprint().of(r);
        assertNotEquals(base, withNpy, ".npy weights");
        Files.write(tmp.resolve("w.npy"), new byte[] {2});
        assertNotEquals(withNpy, fingerprint().of(r));
    }

    /** A fresh fingerprint (it caches file digests) for plugin 0.1.0 and compiler 1. */
    private static Fingerprint fingerprint() {
        return new Fingerprint("0.1.0", "1");
    }

    @Test
    void ioErrorsAreDescribedByTheirPathAndReason() {
        assertEquals("/t/out: access denied", CompileMojo.describe(new java.nio.file.AccessDeniedException("/t/out")));
        assertEquals("/t/a -> /t/b: Not a directory",
                CompileMojo.describe(new java.nio.file.FileSystemException("/t/a", "/t/b", "Not a directory")));
        assertEquals("/t/x: no such file or folder", CompileMojo.describe(new java.nio.file.NoSuchFileException("/t/x")));
        assertEquals("output path escapes its root: ../x",
                CompileMojo.describe(new IOException("output path escapes its root: ../x")));
    }

    @Test
    void executionIdsBecomeSafeFolderNames() {
        assertEquals("default", CompileMojo.stateFolderName(null));
        assertEquals("default-compile", CompileMojo.stateFolderName("default-compile"));
        assertEquals("a_b_c", CompileMojo.stateFolderName("a/b c"));
    }

    @Test
    void theScannerSortsAndUsesForwardSlashes() throws IOException {
        Files.createDirectories(tmp.resolve("z/y"));
        Files.writeString(tmp.resolve("z/y/m.onnx"), "x");
        Files.writeString(tmp.resolve("b.lstm.json"), "x");
        Files.writeString(tmp.resolve("a.onnx"), "x");
        Files.writeString(tmp.resolve("weights.npy"), "x");
        assertEquals(List.of("a.onnx", "b.lstm.json", "z/y/m.onnx"),
                NetworkScanner.scan(tmp, NetworkScanner.DEFAULT_INCLUDES, List.of()));
        assertEquals(List.of("a.onnx", "b.lstm.json"), NetworkScanner.scan(tmp, List.of(), List.of("z/**")));
        assertEquals(List.of(), NetworkScanner.scan(tmp.resolve("absent"), List.of(), List.of()));
    }
}
