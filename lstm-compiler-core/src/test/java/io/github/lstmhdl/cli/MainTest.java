package io.github.lstmhdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.json.JsonNetworkWriter;
import io.github.lstmhdl.npy.Npy;
import io.github.lstmhdl.npy.NpyArray;
import io.github.lstmhdl.testing.RandomNetworks;
import io.github.lstmhdl.testing.ReferenceLstm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    private Network network;
    private Path json;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void writeNetwork() throws Exception {
        network = RandomNetworks.builder(7, 3, 0)
                .lstm("lstm_1", 5, Direction.FORWARD, OutputMode.SEQUENCE, false, false)
                .lstm("lstm_2", 4, Direction.BIDIRECTIONAL, OutputMode.SEQUENCE, true, true)
                .fc("fc_1", 2).build("demo");
        json = dir.resolve("demo.lstm.json");
        JsonNetworkWriter.write(network, json);
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void compileInspectAndRunMatchTheReference() throws Exception {
        Path o = dir.resolve("out");
        assertEquals(0, run("compile", json.toString(), "-o", o.toString(), "--package", "com.example",
                "--max-sequence-length", "12"), stderr());
        assertTrue(stdout().contains("\"FCWeightDataOffset\""), stdout());
        assertTrue(stdout().contains("Compiling layer group: lstm_1.wi>>lstm_1.wo"), stdout());
        for (String f : List.of("demo.elf", "DemoOffsets.java", "demo.h", "demo.memory-map.json")) {
            assertTrue(Files.isRegularFile(o.resolve(f)), f);
        }
        String java = Files.readString(o.resolve("DemoOffsets.java"));
        assertTrue(java.startsWith("// ") || java.contains("do not edit"), java);
        assertTrue(java.contains("package com.example;"));

        assertEquals(0, run("inspect", o.resolve("demo.elf").toString(), "-v"), stderr());
        assertTrue(stdout().contains("lstm_2_b.wi.weights") || stdout().contains("lstm_2_b"), stdout());
        assertTrue(stdout().contains("LOOP"), stdout());
        assertTrue(stdout().contains("reverse"), stdout());

        float[][] x = RandomNetworks.sequence(3, 9, 3);
        float[] flat = new float[9 * 3];
        for (int t = 0; t < 9; t++) {
            System.arraycopy(x[t], 0, flat, t * 3, 3);
        }
        Path in = dir.resolve("in.npy");
        Npy.write(in, new int[] {9, 3}, flat);
        Path result = dir.resolve("y.npy");
        assertEquals(0, run("run", o.resolve("demo.elf").toString(), "--input", in.toString(), "--output",
                result.toString()), stderr());
        NpyArray y = Npy.read(result);
        double[][] expected = ReferenceLstm.run(network, x);
        assertEquals(List.of(9, 2), List.of(y.shape()[0], y.shape()[1]));
        for (int t = 0; t < 9; t++) {
            for (int k = 0; k < 2; k++) {
                assertEquals(expected[t][k], y.data()[t * 2 + k], 1e-5, "t=" + t + " k=" + k);
            }
        }
    }

    @Test
    void anOverflowExitsWithOneAndTheFiguresAndWritesNothing() {
        Path o = dir.resolve("small");
        assertEquals(1, run("compile", json.toString(), "-o", o.toString(), "--memory-size", "16KiB"));
        String e = stderr();
        assertTrue(e.startsWith("error: " + json), e);
        assertEquals(1, e.strip().lines().count(), e);
        assertTrue(e.contains("16384"), e);
        assertTrue(!Files.exists(o) || isEmpty(o), "nothing may be written");
    }

    @Test
    void aMissingOrInvalidNetworkExitsWithOne() throws Exception {
        assertEquals(1, run("compile", dir.resolve("nope.onnx").toString()));
        assertTrue(stderr().startsWith("error: "), stderr());
        Path bad = dir.resolve("bad.lstm.json");
        Files.writeString(bad, "{ \"format\": ");
        assertEquals(1, run("compile", bad.toString(), "-o", dir.resolve("o2").toString()));
        assertTrue(stderr().contains("bad.lstm.json"), stderr());
    }

    @Test
    void aCorruptImageExitsWithOne() throws Exception {
        Path o = dir.resolve("out");
        assertEquals(0, run("compile", json.toString(), "-o", o.toString()));
        Path image = o.resolve("demo.elf");
        byte[] bytes = Files.readAllBytes(image);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(image, bytes);
        assertEquals(1, run("inspect", image.toString()));
        assertTrue(stderr().startsWith("error: " + image), stderr());
    }

    @Test
    void badUsageExitsWithTwo() {
        assertEquals(2, run());
        assertEquals(2, run("frobnicate"));
        assertEquals(2, run("compile"));
        assertEquals(2, run("compile", json.toString(), "--no-such-flag"));
        assertEquals(2, run("compile", json.toString(), "--memory-size", "lots"));
        assertEquals(2, run("run", "x.elf", "--input"));
        assertEquals(0, run("--help"));
        assertEquals(0, run("--version"));
        assertTrue(stdout().startsWith("lstm-hdl "), stdout());
    }

    private static boolean isEmpty(Path p) {
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
