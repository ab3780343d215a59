package io.github.lstmhdl.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compile goal through Maven's plugin testing harness, with a fake compiler. */
@MojoTest
class CompileMojoTest {

    private static final FileTime OLD = FileTime.fromMillis(946_684_800_000L); // 2000-01-01

    @TempDir
    Path tmp;

    @javax.inject.Inject
    MavenProject project;

    Path networks;
    Path genSources;
    Path genResources;
    final FakeCompiler fake = new FakeCompiler();
    final RecordingLog log = new RecordingLog();
    final Random random = new Random(42);

    @BeforeEach
    void setUp() throws IOException {
        // the harness's project has a fixed-size resource list: addResource would throw
        project.getBuild().setResources(new ArrayList<>(project.getBuild().getResources()));
        networks = Files.createDirectories(tmp.resolve("src/main/networks"));
        genSources = tmp.resolve("target/generated-sources/lstm");
        genResources = tmp.resolve("target/generated-resources/lstm");
        network("a.onnx", "");
        network("sub/b.lstm.json", "");
    }

    /** A network file with seeded random bytes and an optional marker for the fake compiler. */
    private Path network(String name, String marker) throws IOException {
        byte[] noise = new byte[256];
        random.nextBytes(noise);
        Path p = networks.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, (new String(noise, StandardCharsets.ISO_8859_1) + marker).getBytes(StandardCharsets.ISO_8859_1));
        return p;
    }

    private CompileMojo prepare(CompileMojo mojo) throws Exception {
        set(mojo, "sourceDirectory", networks.toFile());
        set(mojo, "generatedSourcesDirectory", genSources.toFile());
        set(mojo, "generatedResourcesDirectory", genResources.toFile());
        set(mojo, "buildDirectory", tmp.resolve("target").toFile());
        mojo.setCompiler(fake);
        mojo.setLog(log);
        return mojo;
    }

    static void set(Object target, String field, Object value) throws Exception {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    /** The warnings but the one about the unnamed package (these tests use it on purpose). */
    private List<String> otherWarnings() {
        return log.level("WARN").stream().filter(l -> !l.startsWith("packageName is not set")).toList();
    }

    private Path img(String stem) {
        return genResources.resolve("com/example/" + stem + ".img");
    }

    private Path java(String className) {
        return genSources.resolve("com/example/" + className + ".java");
    }

    private Path stateFile() {
        return tmp.resolve("target/lstm-maven-plugin/compile/default/state.properties");
    }

    /** Ages the plugin's own files (state, lock) too, as ageOutputs does for the outputs. */
    private void ageState() throws IOException {
        try (var files = Files.walk(tmp.resolve("target/lstm-maven-plugin"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(p, OLD);
            }
        }
    }

    private void ageOutputs() throws IOException {
        try (var files = Files.walk(tmp.resolve("target"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(p, OLD);
            }
        }
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "packageName", value = "com.example")
    void compilesEveryNetworkAndRegistersTheRoots(CompileMojo mojo) throws Exception {
        prepare(mojo).execute();

        assertEquals(List.of("a.onnx", "b.lstm.json"), fake.compiledNames());
        assertTrue(Files.readString(img("a")).startsWith("image of "));
        assertTrue(Files.readString(java("AOffsets")).contains("package com.example;"));
        assertTrue(Files.isRegularFile(img("b")));
        assertTrue(Files.isRegularFile(java("BOffsets")));
        assertTrue(project.getCompileSourceRoots().contains(genSources.toString()));
        assertTrue(project.getResources().stream().anyMatch(r -> r.getDirectory().equals(genResources.toString())));
        assertTrue(log.level("INFO").contains("### Compiling network src/main/networks/a.onnx")
                || log.level("INFO").stream().anyMatch(l -> l.startsWith("### Compiling network")), log.lines::toString);
        assertTrue(log.level("INFO").contains("Compiled 2 networks, 0 up to date"), log.lines::toString);
        assertFalse(log.level("INFO").contains("### verbose: every buffer"));
        // the defaults came from the plugin descriptor
        assertEquals("zcu102_single", fake.requests.get(0).config().preset());
        assertEquals(512L << 20, fake.requests.get(0).config().memorySize());
        assertEquals("com.example", fake.requests.get(0).packageName());
        assertTrue(fake.requests.get(0).className().isEmpty());
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "packageName", value = "com.example")
    void secondRunIsUpToDateAndRewritesNothing(CompileMojo mojo) throws Exception {
        prepare(mojo).execute();
        ageOutputs();
        int sourceRoots = project.getCompileSourceRoots().size();
        int resources = project.getResources().size();
        log.clear();

        mojo.execute();

        assertEquals(2, fake.requests.size(), "nothing recompiled");
        assertEquals(List.of("2 networks up to date"), log.level("INFO"));
        for (Path root : List.of(genSources, genResources)) {
            try (var files = Files.walk(root)) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    assertEquals(OLD, Files.getLastModifiedTime(p), p + " was rewritten");
                }
            }
        }
        // the aged outputs were hashed once and their new stamps recorded: the next no-op writes nothing at all
        // but the plugin's own records (the state and the no-op record, which hold those stamps)
        ageOutputs();
        ageState();
        Path state = stateFile();
        Path noOp = state.resolveSibling(NoOpRecord.FILE_NAME);
        String text = Files.readString(state);
        mojo.execute();
        assertEquals(2, fake.requests.size(), "nothing recompiled");
        try (var files = Files.walk(tmp.resolve("target"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                if (!p.equals(state) && !p.equals(noOp)) {
                    assertEquals(OLD, Files.getLastModifiedTime(p), p + " was rewritten");
                }
            }
        }
        String stamp = "\\|[0-9,:\\\\]+\\|";
        assertEquals(text.replaceAll(stamp, "|"), Files.readString(state).replaceAll(stamp, "|"), "only stamps may change");
        FileTime stateTime = Files.getLastModifiedTime(state);
        FileTime noOpTime = Files.getLastModifiedTime(noOp);
        mojo.execute();
        assertEquals(stateTime, Files.getLastModifiedTime(state), "an unchanged state is not rewritten");
        assertEquals(noOpTime, Files.getLastModifiedTime(noOp), "nor the no-op record");
        assertEquals(sourceRoots, project.getCompileSourceRoots().size(), "source root registered twice");
        assertEquals(resources, project.getResources().size(), "resource registered twice");
    }

    @Test
    @InjectMojo(goal = "compile")
    void rootsAreRegisteredAlsoWhenUpToDate(CompileMojo mojo) throws Exception {
        prepare(mojo).execute();
        // a new project model in the next build: the roots must be added again
        project.getCompileSourceRoots().remove(genSources.toString());
        project.getBuild().setResources(new ArrayList<>());
        log.clear();

        mojo.execute();

        assertEquals(List.of("2 networks up to date"), log.level("INFO"));
        assertTrue(project.getCompileSourceRoots().contains(genSources.toString()));
        assertEquals(List.of(genResources.toString()),
                project.getResources().stream().map(Resource::getDirectory).toList());
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "packageName", value = "com.example")
    void aChangedNetworkIsRecompiledAlone(CompileMojo mojo) throws Exception {
        prepare(mojo).execute();
        ageOutputs();
        String before = Files.readString(img("a"));
        network("a.onnx", "changed");
        fake.requests.clear();
        log.clear();

        mojo.execute();

        assertEquals(List.of("a.onnx"), fake.compiledNames());
        assertNotEquals(before, Files.readString(img("a")));
        assertEquals(OLD, Files.getLastModifiedTime(img("b")), "b untouched");
        assertEquals(OLD, Files.getLastModifiedTime(java("AOffsets")), "same content: not rewritten");
        assertTrue(log.level("INFO").contains("Compiled 1 network, 1 up to date"), log.lines::toString);
    }

    @Test
    @InjectMojo(goal = "compile")
    void aChangedNpyFileRecompilesItsJsonNetwork(CompileMojo mojo) throws Exception {
        network("sub/b.lstm.json", "reads=weights.npy;");
        Files.write(networks.resolve("sub/weights.npy"), new byte[] {1, 2, 3});
        prepare(mojo).execute();
        fake.requests.clear();

        Files.write(networks.resolve("sub/weights.npy"), new byte[] {1, 2, 4});
        mojo.execute();

        assertEquals(List.of("b.lstm.json"), fake.compiledNames());
    }

    @Test
    @InjectMojo(goal = "compile")
    void theFilesTheImportReadDecideAndNothingElse(CompileMojo mojo) throws Exception {
        // a weight file in a subfolder and an ONNX external data file: both reported by the import
        network("sub/b.lstm.json", "reads=weights/W.npy;");
        network("a.onnx", "reads=ext/w.bin;");
        Files.createDirectories(networks.resolve("sub/weights"));
        Files.createDirectories(networks.resolve("ext"));
        Files.write(networks.resolve("sub/weights/W.npy"), new byte[] {1, 2, 3});
        Files.write(networks.resolve("ext/w.bin"), new byte[] {4, 5, 6});
        prepare(mojo).execute();
        String imageA = Files.readString(genResources.resolve("a.img"));
        String imageB = Files.readString(genResources.resolve("b.img"));
        fake.requests.clear();

        Files.write(networks.resolve("sub/weights/W.npy"), new byte[] {1, 2, 4});
        mojo.execute();
        assertEquals(List.of("b.lstm.json"), fake.compiledNames(), "edited weight file in a subfolder");
        assertNotEquals(imageB, Files.readString(genResources.resolve("b.img")));

        fake.requests.clear();
        Files.write(networks.resolve("ext/w.bin"), new byte[] {4, 5, 7});
        mojo.execute();
        assertEquals(List.of("a.onnx"), fake.compiledNames(), "edited external data");
        assertNotEquals(imageA, Files.readString(genResources.resolve("a.img")));

        fake.requests.clear();
        log.clear();
        Files.write(networks.resolve("sub/unrelated.npy"), new byte[] {9});
        Files.write(networks.resolve("unrelated.npy"), new byte[] {9});
        Files.write(networks.resolve("ext/other.bin"), new byte[] {9});
        mojo.execute();
        assertEquals(List.of(), fake.compiledNames(), "files the import did not read do not count");
        assertEquals(List.of("2 networks up to date"), log.level("INFO"));
    }

    @Test
    @InjectMojo(goal = "compile")
    void withTheRealCompilerAnEditedWeightFileInASubfolderRecompilesAndAnUnrelatedOneDoesNot(CompileMojo mojo)
            throws Exception {
        Files.delete(networks.resolve("a.onnx"));
        Files.delete(networks.resolve("sub/b.lstm.json"));
        Path kws = Files.createDirectories(networks.resolve("kws"));
        Files.writeString(kws.resolve("kws.lstm.json"), """
                {"format": "lstm-hdl/1", "layers": [
                  {"type": "sequenceInput", "name": "in", "inputSize": 2, "sequenceLength": 4},
                  {"type": "lstm", "name": "lstm_1", "hiddenUnits": 3, "outputMode": "last",
                   "inputWeights": "weights/W.npy", "recurrentWeights": "weights/R.npy", "bias": "b.npy"}]}
                """);
        Files.createDirectories(kws.resolve("weights"));
        float[] w = new float[12 * 2];
        float[] r = new float[12 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 7) * 0.1f;
        }
        io.github.lstmhdl.npy.Npy.write(kws.resolve("weights/W.npy"), new int[] {12, 2}, w);
        io.github.lstmhdl.npy.Npy.write(kws.resolve("weights/R.npy"), new int[] {12, 3}, r);
        io.github.lstmhdl.npy.Npy.write(kws.resolve("b.npy"), new int[] {12}, new float[12]);
        prepare(mojo);
        mojo.setCompiler(CompileStep.core());
        mojo.execute();
        Path image = genResources.resolve("kws.elf");
        byte[] first = Files.readAllBytes(image);
        log.clear();

        Files.write(kws.resolve("unrelated.npy"), new byte[] {1});
        Files.write(kws.resolve("weights/unrelated.npy"), new byte[] {1});
        mojo.execute();
        assertEquals(List.of("1 network up to date"), log.level("INFO"));

        w[5] = 0.75f; // the same number of bytes, another weight
        io.github.lstmhdl.npy.Npy.write(kws.resolve("weights/W.npy"), new int[] {12, 2}, w);
        log.clear();
        mojo.execute();
        assertTrue(log.level("INFO").contains("Compiled 1 network, 0 up to date"), log.lines::toString);
        assertNotEquals(new String(first, StandardCharsets.ISO_8859_1),
                new String(Files.readAllBytes(image), StandardCharsets.ISO_8859_1), "the image has the new weight");
    }

    @Test
    @InjectMojo(goal = "compile")
    void twoNetworkFilesGivingOneImageNameAreToldToRenameAFile(CompileMojo mojo) throws Exception {
        Path example = Path.of("../examples/quickstart/src/main/networks/sensor_lstm.onnx");
        Files.delete(networks.resolve("a.onnx"));
        Files.delete(networks.resolve("sub/b.lstm.json"));
        Files.copy(example, networks.resolve("a b.onnx"));
        Files.copy(example, networks.resolve("a_b.onnx"));
        prepare(mojo);
        mojo.setCompiler(CompileStep.core());
        NetworkOverride other = new NetworkOverride();
        other.setFile("a_b.onnx");
        other.setClassName("Other"); // the classes differ: only the image, header and map clash
        set(mojo, "networks", List.of(other));
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("a_b.elf is also generated for a b.onnx")
                && e.getMessage().contains("rename one of the two network files"), e.getMessage());
        assertFalse(e.getMessage().contains("className"), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "packageName", value = "com.example")
    void twoNetworksSwappingTheirClassNamesBothCompile(CompileMojo mojo) throws Exception {
        prepare(mojo);
        set(mojo, "networks", List.of(override("a.onnx", "Foo"), override("sub/b.lstm.json", "Bar")));
        mojo.execute();
        set(mojo, "networks", List.of(override("a.onnx", "Bar"), override("sub/b.lstm.json", "Foo")));
        fake.requests.clear();

        mojo.execute();

        assertEquals(List.of("a.onnx", "b.lstm.json"), fake.compiledNames());
        assertTrue(Files.readString(java("Bar")).contains("class Bar"));
        assertTrue(Files.readString(java("Foo")).contains("class Foo"));
        fake.requests.clear();
        log.clear();
        mojo.execute();
        assertEquals(List.of("2 networks up to date"), log.level("INFO"));
        Files.delete(networks.resolve("sub/b.lstm.json"));
        set(mojo, "networks", List.of(override("a.onnx", "Bar")));
        mojo.execute();
        assertTrue(Files.isRegularFile(java("Bar")), "b's deletion does not delete what a now writes");
        assertFalse(Files.exists(java("Foo")));
    }

    private static NetworkOverride override(String file, String className) {
        NetworkOverride o = new NetworkOverride();
        o.setFile(file);
        o.setClassName(className);
        return o;
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "packageName", value = "com.example")
    void networksWhoseOutputsDifferOnlyInCaseClash(CompileMojo mojo) throws Exception {
        network("x/Kws.onnx", "");
        network("y/kws.onnx", "");
        prepare(mojo);
        set(mojo, "networks", List.of(override("x/Kws.onnx", "KwsX"), override("y/kws.onnx", "KwsY")));
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("kws.img is also generated for x/Kws.onnx"), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "compile")
    void aNetworkSkippedForOverflowFailsOnceFailOnOverflowIsOn(CompileMojo mojo) throws Exception {
        network("big.onnx", "needs=999999999999");
        prepare(mojo);
        set(mojo, "failOnOverflow", false);
        mojo.execute();
        set(mojo, "failOnOverflow", true);
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("big.onnx"), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "compile")
    void anOutputEditedOrReplacedByTheUserIsNotDeletedWithItsNetwork(CompileMojo mojo) throws Exception {
        prepare(mojo).execute();
        Files.writeString(genResources.resolve("b.img"), "the user's own file");
        Files.delete(networks.resolve("sub/b.lstm.json"));
        log.clear();

        mojo.execute();

        assertEquals("the user's own file", Files.readString(genResources.resolve("b.img")));
        assertFalse(Files.exists(genSources.resolve("BOffsets.java")), "the untouched outputs are deleted");
        assertTrue(log.level("WARN").stream().anyMatch(l -> l.startsWith("Left ") && l.contains("b.img")),
                log.lines::toString);
    }

    @Test
    @InjectMojo(goal = "compile")
    void aCorruptStateFileIsAWarningAndEveryNetworkIsCompiledAgain(CompileMojo mojo) throws Exception {
        prepare(mojo).execute();
        Files.write(stateFile(), new byte[] {(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3, 0x28, '\\', 'u'});
        fake.requests.clear();
        log.clear();

        mojo.execute();

        assertEquals(List.of("a.onnx", "b.lstm.json"), fake.compiledNames());
        assertTrue(log.level("WARN").stream().anyMatch(l -> l.contains("Ignored the build state")), log.lines::toString);
        log.clear();
        mojo.execute();
        assertEquals(List.of("2 networks up to date"), log.level("INFO"), "the state is whole again");
        assertEquals(List.of(), otherWarnings());
    }

    @Test
    @InjectMojo(goal = "compile")
    void aStateEntryPointingOutsideTheRootsIsIgnoredNotFollowed(CompileMojo mojo) throws Exception {
        prepare(mojo).execute();
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "keep me");
        String text = Files.readString(stateFile());
        Files.writeString(stateFile(), text.replaceFirst("(0\\.output\\.0=RESOURCE\\|[^|]*\\|[^|]*\\|)[^\\n]*",
                "$1../../../victim.txt"));
        Files.delete(networks.resolve("a.onnx"));
        fake.requests.clear();
        log.clear();

        mojo.execute();

        assertEquals("keep me", Files.readString(victim));
        assertTrue(log.level("WARN").stream().anyMatch(l -> l.contains("../../../victim.txt")), log.lines::toString);
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "packageName", value = "com.example")
    void anOutputEditedByTheSameNumberOfBytesIsWrittenAgain(CompileMojo mojo) throws Exception {
        prepare(mojo).execute();
        for (Path output : List.of(img("a"), java("AOffsets"))) {
            byte[] good = Files.readAllBytes(output);
            byte[] edited = good.clone();
            edited[edited.length / 2] ^= 0x20;
            Files.write(output, edited);
            Files.setLastModifiedTime(output, Files.getLastModifiedTime(img("b"))); // even with its time put back
            fake.requests.clear();

            mojo.execute();

            assertEquals(List.of("a.onnx"), fake.compiledNames(), output + " edited");
            assertEquals(new String(good, StandardCharsets.ISO_8859_1),
                    Files.readString(output, StandardCharsets.ISO_8859_1), "rewritten with what the plugin wrote");
        }
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "packageName", value = "com.example")
    void aConfigurationChangeRecompiles(CompileMojo mojo) throws Exception {
        prepare(mojo).execute();
        fake.requests.clear();

        set(mojo, "memorySize", "256MiB");
        mojo.execute();

        assertEquals(List.of("a.onnx", "b.lstm.json"), fake.compiledNames());
        assertTrue(Files.readString(java("AOffsets")).contains((256L << 20) + "L"));

        fake.requests.clear();
        set(mojo, "packageName", "com.other");
        mojo.execute();
        assertEquals(2, fake.requests.size(), "the package is part of the fingerprint");
        assertFalse(Files.exists(java("AOffsets")), "outputs no longer produced are deleted");
        assertFalse(Files.exists(genSources.resolve("com/example")), "emptied folders are deleted");
        assertTrue(Files.isRegularFile(genSources.resolve("com/other/AOffsets.java")));
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "packageName", value = "com.example")
    void aDeletedNetworkHasItsOutputsRemovedAndNothingElse(CompileMojo mojo) throws Exception {
        Path foreign = Files.createDirectories(genResources.resolve("com/example")).resolve("README.txt");
        Files.writeString(foreign, "not written by the plugin");
        prepare(mojo).execute();

        Files.delete(networks.resolve("sub/b.lstm.json"));
        log.clear();
        mojo.execute();

        assertFalse(Files.exists(img("b")));
        assertFalse(Files.exists(java("BOffsets")));
        assertTrue(Files.isRegularFile(img("a")));
        assertTrue(Files.isRegularFile(java("AOffsets")));
        assertTrue(Files.isRegularFile(foreign), "only files this plugin wrote are deleted");
        assertTrue(log.level("INFO").contains("1 network up to date"), log.lines::toString);
    }

    @Test
    @InjectMojo(goal = "compile")
    void missingOutputsAreRegenerated(CompileMojo mojo) throws Exception {
        prepare(mojo).execute();
        Files.delete(genResources.resolve("a.img"));
        fake.requests.clear();

        mojo.execute();

        assertEquals(List.of("a.onnx"), fake.compiledNames());
        assertTrue(Files.isRegularFile(genResources.resolve("a.img")));
    }

    @Test
    @InjectMojo(goal = "compile")
    void anInvalidNetworkFailsNamingTheFileAndIsRetriedNextTime(CompileMojo mojo) throws Exception {
        network("bad.onnx", "INVALID");
        prepare(mojo);

        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("bad.onnx"), e.getMessage());
        assertTrue(e.getMessage().contains("unsupported attribute clip"), e.getMessage());
        assertTrue(Files.isRegularFile(genResources.resolve("a.img")), "the other networks were compiled");

        fake.requests.clear();
        assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals(List.of("bad.onnx"), fake.compiledNames(), "the failed network has no saved fingerprint");
    }

    @Test
    @InjectMojo(goal = "compile")
    void anOverflowFailsTheBuildByDefault(CompileMojo mojo) throws Exception {
        network("big.onnx", "needs=" + (600L << 20));
        prepare(mojo);

        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("big.onnx"), e.getMessage());
        assertTrue(e.getMessage().contains(Long.toString(600L << 20)), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "failOnOverflow", value = "false")
    void anOverflowWithFailOnOverflowFalseIsAWarningAndWritesNothing(CompileMojo mojo) throws Exception {
        Path big = network("big.onnx", "needs=" + (600L << 20));
        prepare(mojo).execute();

        assertTrue(log.level("WARN").stream().anyMatch(l -> l.contains("big.onnx") && l.contains("nothing written")),
                log.lines::toString);
        assertFalse(Files.exists(genResources.resolve("big.img")));
        assertFalse(Files.exists(genSources.resolve("BigOffsets.java")));
        assertTrue(Files.isRegularFile(genResources.resolve("a.img")));

        // up to date: not compiled again, but the warning is repeated
        fake.requests.clear();
        log.clear();
        mojo.execute();
        assertTrue(fake.requests.isEmpty());
        assertEquals(1, otherWarnings().size(), log.lines::toString);

        // a network that fitted before and no longer fits loses its stale outputs
        Files.writeString(big, "small now");
        mojo.execute();
        assertTrue(Files.isRegularFile(genResources.resolve("big.img")));
        set(mojo, "memorySize", "1MiB");
        Files.writeString(big, "needs=" + (2L << 20));
        mojo.execute();
        assertFalse(Files.exists(genResources.resolve("big.img")));
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "packageName", value = "com.example.1networks")
    void anInvalidPackageNameFailsNamingTheParameter(CompileMojo mojo) throws Exception {
        MojoFailureException e = assertThrows(MojoFailureException.class, prepare(mojo)::execute);
        assertTrue(e.getMessage().contains("packageName"), e.getMessage());
        assertTrue(e.getMessage().contains("com.example.1networks"), e.getMessage());
        assertTrue(fake.requests.isEmpty());
    }

    @Test
    @InjectMojo(goal = "compile")
    void memorySizeAcceptsTheUsualNotations(CompileMojo mojo) throws Exception {
        prepare(mojo);
        long[] expected = {512L << 20, 1L << 30, 0x20000000L, 4096L * 1024};
        String[] texts = {"512MiB", "1GB", "0x20000000", "4096k"};
        for (int i = 0; i < texts.length; i++) {
            fake.requests.clear();
            set(mojo, "memorySize", texts[i]);
            mojo.execute();
            if (i > 0 && expected[i] == expected[i - 1]) {
                continue;
            }
            assertEquals(expected[i], fake.requests.get(0).config().memorySize(), texts[i]);
        }
        set(mojo, "memorySize", "12 parsecs");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("memorySize"), e.getMessage());
        assertTrue(e.getMessage().contains("12 parsecs"), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "fcThreads", value = "5")
    void aBadProcessorValueNamesTheParameter(CompileMojo mojo) throws Exception {
        MojoFailureException e = assertThrows(MojoFailureException.class, prepare(mojo)::execute);
        assertTrue(e.getMessage().contains("fcThreads"), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "preset", value = "zcu104_double")
    void anUnknownPresetNamesTheParameter(CompileMojo mojo) throws Exception {
        MojoFailureException e = assertThrows(MojoFailureException.class, prepare(mojo)::execute);
        assertTrue(e.getMessage().contains("preset") && e.getMessage().contains("zcu104_double"), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "skip", value = "true")
    void skipDoesNothingButLog(CompileMojo mojo) throws Exception {
        prepare(mojo).execute();
        assertTrue(fake.requests.isEmpty());
        assertFalse(Files.exists(tmp.resolve("target")));
        assertEquals(1, log.level("INFO").size());
        assertFalse(project.getCompileSourceRoots().contains(genSources.toString()), "skip registers nothing");
        assertFalse(project.getResources().stream().anyMatch(r -> r.getDirectory().equals(genResources.toString())));
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "verbose", value = "true")
    void verboseNamesTheMemoryMapOfEachUpToDateNetwork(CompileMojo mojo) throws Exception {
        prepare(mojo).execute();
        log.clear();

        mojo.execute();

        assertEquals(2, fake.requests.size(), "verbose alone recompiles nothing");
        List<String> info = log.level("INFO");
        assertEquals(3, info.size(), info::toString);
        assertTrue(info.get(0).startsWith("Up to date: ") && info.get(0).contains("a.onnx")
                && info.get(0).endsWith("memory map " + genResources.resolve("a.memory-map.json") + ")"), info::toString);
        assertTrue(info.get(1).contains("b.lstm.json")
                && info.get(1).contains(genResources.resolve("b.memory-map.json").toString()), info::toString);
        assertEquals("2 networks up to date", info.get(2));
    }

    @Test
    @InjectMojo(goal = "compile")
    void aNewPluginVersionRecompilesEveryNetwork(CompileMojo mojo) throws Exception {
        prepare(mojo);
        set(mojo, "pluginVersion", "0.1.0");
        mojo.execute();
        fake.requests.clear();
        mojo.execute();
        assertTrue(fake.requests.isEmpty(), "same plugin: up to date");

        set(mojo, "pluginVersion", "0.2.0");
        mojo.execute();
        assertEquals(List.of("a.onnx", "b.lstm.json"), fake.compiledNames());
    }

    @Test
    @InjectMojo(goal = "compile")
    void aFileBlockingTheOutputRootIsAnExecutionErrorNamingThePath(CompileMojo mojo) throws Exception {
        Files.createDirectories(genResources.getParent());
        Files.writeString(genResources, "a file where the plugin needs a folder");
        prepare(mojo);

        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("I/O error"), e.getMessage());
        assertTrue(e.getMessage().contains(genResources + ": already exists and is in the way"), e.getMessage());
        assertTrue(e.getCause() instanceof IOException, String.valueOf(e.getCause()));

        // once the obstacle is gone, the next build compiles everything
        Files.delete(genResources);
        fake.requests.clear();
        mojo.execute();
        assertEquals(List.of("a.onnx", "b.lstm.json"), fake.compiledNames());
        assertTrue(Files.isRegularFile(genResources.resolve("a.img")));
    }

    @Test
    @InjectMojo(goal = "compile")
    void aCompilerBugIsAnInternalErrorNotABuildFailure(CompileMojo mojo) throws Exception {
        network("crash.onnx", "CRASH");
        prepare(mojo);

        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("Internal error of the LSTM compiler"), e.getMessage());
        assertTrue(e.getMessage().contains("index 7 out of bounds"), e.getMessage());
        assertTrue(e.getCause() instanceof IllegalStateException);
        assertTrue(Files.isRegularFile(tmp.resolve("target/lstm-maven-plugin/compile/default/state.properties")),
                "the networks compiled before the crash are recorded, so that their outputs can be cleaned");
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "includes", value = "a.onnx,sub/*.json")
    void commaSeparatedIncludesAreSplit(CompileMojo mojo) throws Exception {
        network("c.onnx", "");
        prepare(mojo).execute();
        assertEquals(List.of("a.onnx", "sub/*.json"), get(mojo, "includes"));
        assertEquals(List.of("a.onnx", "b.lstm.json"), fake.compiledNames());
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "excludes", value = "a.onnx,sub/**")
    void commaSeparatedExcludesAreSplit(CompileMojo mojo) throws Exception {
        network("c.onnx", "");
        prepare(mojo).execute();
        assertEquals(List.of("a.onnx", "sub/**"), get(mojo, "excludes"));
        assertEquals(List.of("c.onnx"), fake.compiledNames());
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "verbose", value = "true")
    void verboseAsksTheCompilerForDetails(CompileMojo mojo) throws Exception {
        prepare(mojo).execute();
        assertTrue(fake.requests.get(0).verbose());
        assertTrue(log.level("INFO").contains("### verbose: every buffer"));
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "excludes", value = "sub/**")
    void excludesLeaveNetworksOut(CompileMojo mojo) throws Exception {
        prepare(mojo).execute();
        assertEquals(List.of("a.onnx"), fake.compiledNames());
    }

    @Test
    @InjectMojo(goal = "compile")
    void aMissingSourceDirectoryIsNotAnError(CompileMojo mojo) throws Exception {
        prepare(mojo);
        set(mojo, "sourceDirectory", tmp.resolve("nowhere").toFile());
        mojo.execute();
        assertTrue(log.level("INFO").stream().anyMatch(l -> l.startsWith("No networks found")), log.lines::toString);
        assertTrue(project.getCompileSourceRoots().contains(genSources.toString()));
    }

    @Test
    @Basedir("/projects/overrides")
    @InjectMojo(goal = "compile", pom = "pom.xml")
    void perNetworkOverridesFromThePom(CompileMojo mojo) throws Exception {
        Path basedir = Path.of(getClass().getResource("/projects/overrides").toURI());
        prepare(mojo);
        set(mojo, "sourceDirectory", basedir.resolve("src/main/networks").toFile());
        mojo.execute();

        assertEquals(List.of("kws.onnx", "plain.onnx"), fake.compiledNames());
        var kws = fake.requests.get(0);
        assertEquals("KeywordSpotter", kws.className().orElseThrow());
        assertEquals(64L << 20, kws.config().memorySize());
        assertFalse(kws.config().gateFusion());
        assertEquals("small_single", kws.config().preset());
        assertEquals(8, kws.config().fcThreads(), "global parameter kept where the override says nothing");
        var plain = fake.requests.get(1);
        assertTrue(plain.className().isEmpty());
        assertEquals(128L << 20, plain.config().memorySize(), "global memorySize");
        assertEquals("zcu102_single", plain.config().preset());
        assertTrue(Files.isRegularFile(genSources.resolve("com/example/networks/KeywordSpotter.java")));
    }

    @Test
    @InjectMojo(goal = "compile")
    void anOverrideForAMissingNetworkFails(CompileMojo mojo) throws Exception {
        prepare(mojo);
        set(mojo, "networks", List.of(new NetworkOverride()));
        assertThrows(MojoFailureException.class, mojo::execute);
        NetworkOverride typo = new NetworkOverride();
        typo.setFile("a.onxx");
        set(mojo, "networks", List.of(typo));
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("a.onxx") && e.getMessage().contains("a.onnx"), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "compile")
    void anInvalidOverrideValueNamesTheNetworkAndField(CompileMojo mojo) throws Exception {
        prepare(mojo);
        NetworkOverride o = new NetworkOverride().set("alignment", "3");
        o.setFile("sub/b.lstm.json");
        set(mojo, "networks", List.of(o));
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("networks/network[sub/b.lstm.json]/alignment"), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "compile")
    void twoNetworksWritingTheSameClassFail(CompileMojo mojo) throws Exception {
        prepare(mojo);
        NetworkOverride a = new NetworkOverride();
        a.setFile("a.onnx");
        a.setClassName("Model");
        NetworkOverride b = new NetworkOverride();
        b.setFile("sub/b.lstm.json");
        b.setClassName("Model");
        set(mojo, "networks", List.of(a, b));
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("Model.java") && e.getMessage().contains("a.onnx"), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "packageName", value = "com.example")
    void mvnLstmCompileSharesTheStateOfTheBoundExecution(CompileMojo mojo) throws Exception {
        set(prepare(mojo), "executionId", "default");
        mojo.execute();
        fake.requests.clear();
        log.clear();
        set(mojo, "executionId", "default-cli");
        mojo.execute();
        assertEquals(List.of(), fake.requests, "mvn lstm:compile after mvn package compiles nothing again");
        assertEquals(List.of("2 networks up to date"), log.level("INFO"));
    }

    /** A network whose file changed but whose outputs come out the same: each output says it is unchanged. */
    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "packageName", value = "com.example")
    void aRecompileWithTheSameBytesSaysUnchanged(CompileMojo mojo) throws Exception {
        Path a = networks.resolve("a.onnx");
        Files.writeString(a, "Aa"); // the fake's outputs depend on the text's hashCode: "Aa" and "BB" share it
        prepare(mojo).execute();
        assertTrue(log.level("INFO").stream().anyMatch(l -> l.startsWith("### Wrote ") && l.endsWith("a.img")),
                log.lines::toString);
        log.lines.clear();
        Files.writeString(a, "BB");
        mojo.execute();
        assertEquals("a.onnx", fake.compiledNames().get(fake.compiledNames().size() - 1));
        assertTrue(log.level("INFO").stream().anyMatch(l -> l.startsWith("### Unchanged ") && l.endsWith("a.img")),
                log.lines::toString);
        assertTrue(log.level("INFO").stream().noneMatch(l -> l.startsWith("### Wrote ")), log.lines::toString);
    }

    /** A deleted network's image also leaves target/classes, where process-resources had copied it. */
    @Test
    @InjectMojo(goal = "compile")
    @MojoParameter(name = "packageName", value = "com.example")
    void aDeletedNetworksCopiesInTheClassesFolderGoToo(CompileMojo mojo) throws Exception {
        Path classes = tmp.resolve("target/classes");
        project.getBuild().setOutputDirectory(classes.toString());
        prepare(mojo).execute();
        Path copyA = Files.createDirectories(classes.resolve("com/example")).resolve("a.img");
        Files.copy(img("a"), copyA);
        Path copyB = classes.resolve("com/example/b.img");
        Files.writeString(copyB, "not what the plugin wrote for b");
        Files.delete(networks.resolve("a.onnx"));
        Files.delete(networks.resolve("sub/b.lstm.json"));
        log.clear();
        mojo.execute();
        assertFalse(Files.exists(copyA), "the copy of a's image is still in target/classes");
        assertTrue(log.level("INFO").stream().anyMatch(l -> l.startsWith("Removed " + copyA)), log.lines::toString);
        assertTrue(Files.isRegularFile(copyB), "a file with other bytes is not the output's copy");
    }

    @Test
    @InjectMojo(goal = "compile")
    void anEmptyPackageNameIsAWarningThatSuggestsOne(CompileMojo mojo) throws Exception {
        prepare(mojo).execute();
        assertTrue(log.level("WARN").stream().anyMatch(l -> l.startsWith("packageName is not set")
                && l.contains("<packageName>") && l.contains(".networks</packageName>")), log.lines::toString);
    }

    @Test
    @InjectMojo(goal = "compile")
    void theStateIsKeptPerExecution(CompileMojo mojo) throws Exception {
        prepare(mojo).execute();
        assertTrue(Files.isRegularFile(tmp.resolve("target/lstm-maven-plugin/compile/default/state.properties")));
        set(mojo, "executionId", "second run");
        fake.requests.clear();
        mojo.execute();
        assertEquals(2, fake.requests.size(), "another execution has its own state");
        assertTrue(Files.isRegularFile(tmp.resolve("target/lstm-maven-plugin/compile/second_run/state.properties")));
        assertTrue(log.level("WARN").stream().anyMatch(l -> l.contains("also recorded by execution 'default'")),
                log.lines::toString);
    }

    @Test
    @InjectMojo(goal = "compile")
    void theDefaultsComeFromTheDescriptor(CompileMojo mojo) throws Exception {
        assertEquals(new File(project.getBasedir(), "src/main/networks").getAbsoluteFile().toPath().normalize(),
                ((File) get(mojo, "sourceDirectory")).getAbsoluteFile().toPath().normalize());
        assertEquals(List.of("**/*.onnx", "**/*.lstm.json"), get(mojo, "includes"));
        assertTrue(((File) get(mojo, "generatedSourcesDirectory")).toPath().endsWith("target/generated-sources/lstm"));
        assertTrue(((File) get(mojo, "generatedResourcesDirectory")).toPath()
                .endsWith("target/generated-resources/lstm"));
        assertEquals(true, get(mojo, "failOnOverflow"));
        assertEquals("zcu102_single", get(mojo, "preset"));
    }

    @Test
    @InjectMojo(goal = "help")
    @MojoParameter(name = "detail", value = "true")
    void theHelpGoalRuns(org.apache.maven.plugin.Mojo help) throws Exception {
        help.setLog(log);
        help.execute();
        String text = String.join("\n", log.lines);
        assertTrue(text.contains("lstm:compile"), text);
        assertTrue(text.contains("memorySize"), text);
    }

    static Object get(Object target, String field) throws Exception {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        return f.get(target);
    }
}
