package io.github.lstmhdl.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.CompileRequest;
import io.github.lstmhdl.config.ConfigFields;
import io.github.lstmhdl.config.ConfigSettings;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.RegionContent;
import io.github.lstmhdl.output.GeneratedFile;
import io.github.lstmhdl.source.FileStamp;
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
    void theOverridesFieldsAreTheTablesAndNothingElse() {
        List<String> declared = java.util.Arrays.stream(NetworkOverride.class.getDeclaredFields())
                .filter(f -> !java.lang.reflect.Modifier.isStatic(f.getModifiers()))
                .map(java.lang.reflect.Field::getName)
                .filter(n -> !List.of("file", "className", "preset", "maxLatencyPerStep", "maxLatencyPerSequence",
                        "minFramesPerSecond", "calibration", "maxQuantizationError").contains(n))
                .toList();
        assertEquals(ConfigFields.NAMES, declared);
    }

    @Test
    void theCommandLinesAndThePluginsResolutionAgree() throws Exception {
        ProcessorConfig plugin = EffectiveConfig.fromPreset("zcu102_single_16", "preset")
                .withFields(Map.of("fcInputMemorySize", " 16 ", "fcOutputMemorySize", ""), "p %s").resolve();
        ProcessorConfig core = ConfigSettings.fromPreset("zcu102_single_16", "--preset")
                .with("fcInputMemorySize", "16", "--set").resolve();
        assertEquals(core, plugin);
        var e = assertThrows(EffectiveConfig.InvalidParameterException.class, () -> EffectiveConfig
                .fromPreset("zcu102_single", "parameter preset (lstm.preset)")
                .withFields(Map.of("fcThreads", "5"), "parameter %1$s (lstm.%1$s)").resolve());
        assertEquals("Invalid parameter fcThreads (lstm.fcThreads): invalid value '5' for fcThreads: fcThreads must be"
                + " 4, 8 or 16, not 5", e.getMessage());
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

    private static final FileStamp STAMP = new FileStamp(12, 1_700_000_000_123_456_789L, 1_700_000_000_223_456_789L,
            "2049:1234");

    @Test
    void theStateFileRoundTripsAndIsDeterministic() throws IOException {
        BuildState s = new BuildState(Map.of(
                "sub/b.lstm.json", new BuildState.Entry("ab12", List.of(
                        new InputRef("b.lstm.json", "aa", Optional.of(STAMP)),
                        new InputRef("weights/w|1.npy", "bb", Optional.empty())), List.of(
                        new OutputRef(GeneratedFile.Kind.SOURCE, "com/x/B Offsets.java", "cc", Optional.of(STAMP)),
                        new OutputRef(GeneratedFile.Kind.RESOURCE, "com/x/b=1:2|3.img", "dd", Optional.empty())),
                        Optional.empty()),
                "a.onnx", new BuildState.Entry("", List.of(), List.of(), Optional.of("a.onnx: does not fit\nsecond line"))));
        Path f = tmp.resolve("state.properties");
        Files.writeString(f, s.toText());
        assertEquals(new BuildState.Loaded(s, Optional.empty()), BuildState.load(f));
        assertEquals(s.toText(), new BuildState(Map.copyOf(s.entries())).toText());
        assertFalse(s.toText().contains("#"), "no timestamp comment");
    }

    @Test
    void aMissingOrForeignStateFileIsEmpty() throws IOException {
        assertEquals(new BuildState.Loaded(BuildState.empty(), Optional.empty()), BuildState.load(tmp.resolve("none")));
        Path f = tmp.resolve("foreign");
        Files.writeString(f, "format=something-else\n0.network=a.onnx\n");
        assertUnusable(f);
        Files.writeString(f, "format=lstm-maven-plugin-state-2\n0.network=a.onnx\n0.output.0=garbage\n");
        assertUnusable(f);
        Files.writeString(f, "format=lstm-maven-plugin-state-2\n0.network=a.onnx\n0.input.0=aa|1,2|a.onnx\n");
        assertUnusable(f);
        Files.write(f, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3, 0x28});
        assertUnusable(f);
        Files.writeString(f, "format=lstm-maven-plugin-state-2\n0.network=\\u00zz\n");
        assertUnusable(f);
    }

    private static void assertUnusable(Path f) throws IOException {
        BuildState.Loaded loaded = BuildState.load(f);
        assertEquals(BuildState.empty(), loaded.state());
        assertTrue(loaded.problem().orElseThrow().contains("every network is compiled again"), loaded::toString);
    }

    @Test
    void aStateOfTheFirstFormatKeepsItsOutputsButTrustsNothing() throws IOException {
        Path f = Files.writeString(tmp.resolve("state.properties"), "format=lstm-maven-plugin-state-1\n0.digest=ab\n"
                + "0.network=a.onnx\n0.output.0=RESOURCE|12|a.elf\n");
        BuildState.Entry entry = BuildState.load(f).state().entry("a.onnx").orElseThrow();
        assertEquals("", entry.digest(), "compiled again");
        assertEquals(List.of(new OutputRef(GeneratedFile.Kind.RESOURCE, "a.elf", "", Optional.empty())), entry.outputs());
    }

    @Test
    void aRecordedOutputOutsideTheRootsIsDroppedWithAWarningAndTheNetworkIsRecompiled() throws IOException {
        Path f = Files.writeString(tmp.resolve("state.properties"), "format=lstm-maven-plugin-state-2\n0.digest=ab\n"
                + "0.network=a.onnx\n0.input.0=aa|-|a.onnx\n0.output.0=RESOURCE|cc|-|../../etc/passwd\n"
                + "0.output.1=RESOURCE|dd|-|a.elf\n");
        BuildState.Loaded loaded = BuildState.load(f);
        BuildState.Entry entry = loaded.state().entry("a.onnx").orElseThrow();
        assertEquals("", entry.digest());
        assertEquals(List.of(new OutputRef(GeneratedFile.Kind.RESOURCE, "a.elf", "dd", Optional.empty())), entry.outputs());
        assertTrue(loaded.problem().orElseThrow().contains("../../etc/passwd"), loaded::toString);
    }

    @Test
    void outputsAreStagedOutsideTheRootsAndWrittenOnlyWhenTheirContentChanges() throws IOException {
        OutputTree w = new OutputTree(tmp.resolve("src"), tmp.resolve("res"), tmp.resolve("staging"));
        byte[] bytes = new byte[100_000];
        new Random(7).nextBytes(bytes);
        GeneratedFile f = new GeneratedFile(GeneratedFile.Kind.RESOURCE, "com/x/a.img", RegionContent.of(bytes));
        OutputRef ref = write(w, f);
        Path p = tmp.resolve("res/com/x/a.img");
        assertEquals(io.github.lstmhdl.output.OutputWriter.hex(io.github.lstmhdl.output.OutputWriter.sha256(p)),
                ref.sha256());
        FileTime old = FileTime.fromMillis(946_684_800_000L);
        Files.setLastModifiedTime(p, old);

        write(w, f);
        assertEquals(old, Files.getLastModifiedTime(p));
        bytes[50_000] ^= 1;
        OutputRef changed = write(w, new GeneratedFile(GeneratedFile.Kind.RESOURCE, "com/x/a.img", RegionContent.of(bytes)));
        assertEquals(bytes[50_000], Files.readAllBytes(p)[50_000]);
        try (var files = Files.list(p.getParent())) {
            assertEquals(List.of(p), files.toList(), "no temporary files in the resource root");
        }
        try (var files = Files.list(tmp.resolve("staging"))) {
            assertEquals(List.of(), files.toList(), "no temporary files left in the staging folder");
        }
        FileDigests digests = new FileDigests();
        assertTrue(w.verify(changed, digests).isPresent());
        assertTrue(w.verify(ref, digests).isEmpty(), "the file no longer holds the first bytes");
        assertTrue(w.delete(ref));
        assertFalse(Files.exists(tmp.resolve("res/com")), "emptied folders removed");
        assertTrue(Files.isDirectory(tmp.resolve("res")), "the root stays");
    }

    private static OutputRef write(OutputTree w, GeneratedFile f) throws IOException {
        try (io.github.lstmhdl.output.OutputSet set = w.newSet()) {
            OutputRef ref = w.stage(set, f).ref();
            set.commit();
            return w.stamped(ref);
        }
    }

    @Test
    void orphansOfKilledBuildsAreRemovedAndNothingElse() throws IOException {
        OutputTree w = new OutputTree(tmp.resolve("src"), tmp.resolve("res"), tmp.resolve("staging"));
        OutputRef ref = write(w, new GeneratedFile(GeneratedFile.Kind.RESOURCE, "com/x/a.elf",
                RegionContent.of(new byte[] {1})));
        Path folder = tmp.resolve("res/com/x");
        List<Path> orphans = List.of(Files.createDirectories(tmp.resolve("staging")).resolve(".lstm-1.tmp"),
                folder.resolve(".lstm-2.tmp"), folder.resolve(".lstm-3.bak"), folder.resolve(".a.elf123.tmp"));
        List<Path> kept = List.of(folder.resolve(".b.elf123.tmp"), folder.resolve("notes.tmp"),
                folder.resolve(".lstm-keep"));
        for (Path p : orphans) {
            Files.write(p, new byte[] {2});
        }
        for (Path p : kept) {
            Files.write(p, new byte[] {2});
        }
        assertEquals(orphans.size(), w.removeOrphans(List.of(ref)));
        orphans.forEach(p -> assertFalse(Files.exists(p), p::toString));
        kept.forEach(p -> assertTrue(Files.exists(p), p::toString));
        assertTrue(Files.exists(folder.resolve("a.elf")));
    }

    @Test
    void aRecordedPathCannotEscapeItsRoot() {
        OutputTree w = new OutputTree(tmp.resolve("src"), tmp.resolve("res"), tmp.resolve("staging"));
        assertThrows(IOException.class, () -> w.delete(new OutputRef(GeneratedFile.Kind.SOURCE, "../../etc/x", "",
                Optional.empty())));
    }

    @Test
    void theFingerprintCoversConfigurationNamesAndVersions() throws IOException {
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
        assertNotEquals(base, fingerprint().of(new CompileRequest(net, "a", ProcessorConfig.defaults(),
                ImportOptions.defaults().withMaxConstantBytes(1 << 20), "com.x", Optional.empty(), false)), "budget");
        assertEquals(base, fingerprint().of(new CompileRequest(net, "other display", ProcessorConfig.defaults(),
                ImportOptions.defaults(), "com.x", Optional.empty(), true)), "verbose does not change outputs");
    }

    @Test
    void aRetargetedSymbolicLinkAndAnythingButARegularFileAreChanged() throws Exception {
        Path v1 = Files.write(tmp.resolve("w_v1.bin"), new byte[] {1, 2, 3});
        Files.write(tmp.resolve("w_v2.bin"), new byte[] {1, 2, 4});
        Path link = Files.createSymbolicLink(tmp.resolve("w.bin"), v1.getFileName());
        InputRef in = new FileDigests().record("w.bin", link, Optional.of(FileStamp.of(link)));
        assertTrue(new FileDigests().verify(link, in.sha256(), in.stamp()).isPresent());
        Files.delete(link);
        Files.createSymbolicLink(link, Path.of("w_v2.bin"));
        assertTrue(new FileDigests().verify(link, in.sha256(), in.stamp()).isEmpty(), "the link points elsewhere");

        Path folder = Files.createDirectories(tmp.resolve("folder"));
        assertTrue(new FileDigests().verify(folder, in.sha256(), Optional.empty()).isEmpty());
        assertEquals("", new FileDigests().record("folder", folder, Optional.of(FileStamp.of(folder))).sha256());
        Path fifo = tmp.resolve("fifo");
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) {
            assertTrue(new FileDigests().verify(fifo, in.sha256(), Optional.empty()).isEmpty(), "no hang on a FIFO");
        }
    }

    @Test
    void aStampWithoutChangeTimeAndIdentityIsWeak() throws IOException {
        FileStamp strong = FileStamp.of(Files.write(tmp.resolve("w.npy"), new byte[] {1, 2, 3}));
        assertTrue(strong.isStrong(), "POSIX gives a change time and an inode");
        assertFalse(new FileStamp(strong.size(), strong.modified(), 0, "").isStrong(), "as on Windows");
    }

    @Test
    void aDigestIsTrustedWhileTheStampHoldsAndCheckedWhenItMoves() throws IOException {
        Path f = Files.write(tmp.resolve("w.npy"), new byte[] {1, 2, 3});
        FileDigests digests = new FileDigests();
        InputRef in = digests.record("w.npy", f, Optional.of(FileStamp.of(f)));
        assertTrue(digests.verify(f, in.sha256(), in.stamp()).isPresent());
        Files.write(f, new byte[] {1, 2, 4});
        assertTrue(new FileDigests().verify(f, in.sha256(), in.stamp()).isEmpty(), "same size, other bytes");
        Files.write(f, new byte[] {1, 2, 3});
        assertTrue(new FileDigests().verify(f, in.sha256(), in.stamp()).isPresent(), "the same bytes again");
        FileStamp atOpen = FileStamp.of(f);
        Files.write(f, new byte[] {7, 7, 7, 7});
        assertEquals("", digests.record("w.npy", f, Optional.of(atOpen)).sha256(),
                "changed while compiled: never trusted");
        Files.delete(f);
        assertTrue(new FileDigests().verify(f, in.sha256(), in.stamp()).isEmpty(), "gone");
    }

    /** A fingerprint for plugin 0.1.0 and compiler 1. */
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
        assertEquals("default", CompileMojo.stateFolderName("default-cli"), "mvn lstm:compile shares the bound state");
        assertEquals("default-compile", CompileMojo.stateFolderName("default-compile"));
        assertEquals("a_b_c", CompileMojo.stateFolderName("a/b c"));
    }

    @Test
    void theScannerSortsAndUsesForwardSlashesButKeepsBackslashesOfFileNames() throws IOException {
        Files.createDirectories(tmp.resolve("z/y"));
        Files.writeString(tmp.resolve("z/y/m.onnx"), "x");
        Files.writeString(tmp.resolve("b.lstm.json"), "x");
        Files.writeString(tmp.resolve("a.onnx"), "x");
        Files.writeString(tmp.resolve("weights.npy"), "x");
        assertEquals(List.of("a.onnx", "b.lstm.json", "z/y/m.onnx"),
                NetworkScanner.scan(tmp, NetworkScanner.DEFAULT_INCLUDES, List.of()));
        assertEquals(List.of("a.onnx", "b.lstm.json"), NetworkScanner.scan(tmp, List.of(), List.of("z/**")));
        assertEquals(List.of(), NetworkScanner.scan(tmp.resolve("absent"), List.of(), List.of()));
        if (java.io.File.separatorChar == '/') {
            Files.writeString(tmp.resolve("c\\d.onnx"), "x");
            assertEquals(List.of("a.onnx", "b.lstm.json", "c\\d.onnx"),
                    NetworkScanner.scan(tmp, List.of(), List.of("z/**")), "a backslash is part of a Linux file name");
        }
    }
}
