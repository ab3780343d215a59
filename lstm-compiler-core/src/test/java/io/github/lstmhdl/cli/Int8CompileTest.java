package io.github.lstmhdl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.image.ImageReader;
import io.github.lstmhdl.image.LoadedImage;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.json.JsonNetworkWriter;
import io.github.lstmhdl.npy.Npy;
import io.github.lstmhdl.sim.Simulator;
import io.github.lstmhdl.testing.RandomNetworks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compile --data-type int8 --calibration DIR}: the int8 image is written with the other outputs,
 * the log reports the accuracy, the image runs (float in, float out), the same calibration gives the same
 * bytes, and int8 without calibration data is one line saying what to provide.
 */
class Int8CompileTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int main(String... args) {
        out.reset();
        err.reset();
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path network() throws Exception {
        Path json = dir.resolve("tiny.lstm.json");
        JsonNetworkWriter.write(RandomNetworks.builder(3, 2, 0)
                .lstm("lstm_1", 6, Direction.FORWARD, OutputMode.SEQUENCE, false, false).fc("fc_1", 2)
                .build("tiny"), json);
        return json;
    }

    private Path calibration() throws Exception {
        Path cal = Files.createDirectories(dir.resolve("tiny.calibration"));
        Random rnd = new Random(4);
        for (int f = 0; f < 3; f++) {
            float[] x = new float[2 * 5 * 2];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextFloat() * 2 - 1;
            }
            Npy.write(cal.resolve("s" + f + ".npy"), new int[] {2, 5, 2}, x);
        }
        return cal;
    }

    @Test
    void int8CompilesRunsAndIsDeterministic() throws Exception {
        Path json = network();
        Path cal = calibration();
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        assertEquals(0, main("compile", json.toString(), "-o", a.toString(), "--data-type", "int8", "--calibration",
                cal.toString()), err.toString(StandardCharsets.UTF_8));
        String log = out.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("### Quantization accuracy on 6 calibration samples"), log);
        assertTrue(log.contains("### Estimated performance at 220 MHz: "), "the int8 log has the estimate too: " + log);
        assertEquals(0, main("compile", json.toString(), "-o", b.toString(), "--set", "dataType=int8",
                "--calibration", cal.toString()), err.toString(StandardCharsets.UTF_8));
        for (String name : new String[] {"tiny.elf", "TinyOffsets.java", "tiny.h", "tiny.memory-map.json"}) {
            assertTrue(Files.isRegularFile(a.resolve(name)), name);
            assertArrayEquals(Files.readAllBytes(a.resolve(name)), Files.readAllBytes(b.resolve(name)), name);
        }
        String java = Files.readString(a.resolve("TinyOffsets.java"));
        String header = Files.readString(a.resolve("tiny.h"));
        String map = Files.readString(a.resolve("tiny.memory-map.json"));
        LoadedImage image = ImageReader.read(a.resolve("tiny.elf"));
        io.github.lstmhdl.quant.Int8Boundary boundary = io.github.lstmhdl.quant.Int8Boundary.decode(
                image.contents().get(io.github.lstmhdl.memory.RegionKind.FC_WEIGHT_DATA));
        assertTrue(java.contains("public static final float INPUT_SCALE = " + boundary.inputScale() + "f;"), java);
        assertTrue(java.contains("public static final int OUTPUT_ZERO_POINT = " + boundary.outputZero() + ";"), java);
        assertTrue(java.contains("top-1") || java.contains("max |error|"), java);
        assertTrue(header.contains("INPUT_SCALE") && header.contains(boundary.outputScale() + "f"), header);
        assertTrue(map.contains("\"quantization\"") && map.contains("\"rmsError\""), map);
        assertEquals("int8", image.metadata().dataType());
        float[] y = Simulator.load(image).predict(new float[] {0.5f, -0.5f, 0.25f, 0f}, 2);
        assertEquals(4, y.length);
        Path x = dir.resolve("x.npy");
        Npy.write(x, new int[] {2, 2}, new float[] {0.5f, -0.5f, 0.25f, 0f});
        assertEquals(0, main("run", a.resolve("tiny.elf").toString(), "--input", x.toString(), "--output",
                dir.resolve("y.npy").toString()), err.toString(StandardCharsets.UTF_8));
        assertArrayEquals(y, Npy.read(dir.resolve("y.npy")).toArray());
    }

    @Test
    void int8WithoutCalibrationSaysWhatToProvide() throws Exception {
        Path json = network();
        assertEquals(1, main("compile", json.toString(), "-o", dir.toString(), "--data-type", "int8"));
        assertEquals("error: " + json + ": dataType int8: an int8 image is quantized from the float network with"
                + " calibration data, sample inputs that this compile did not get: provide .npy files of shape [T, D]"
                + " or [N, T, D] (D = the input's features per step) in a directory, on the command line with"
                + " --calibration DIR, in the Maven plugin as the folder <name>.calibration beside the network file or"
                + " the network's calibration setting\n", err.toString(StandardCharsets.UTF_8));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(1, main("compile", json.toString(), "-o", dir.toString(), "--data-type", "int8",
                "--calibration", empty.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(empty + ": calibration: the calibration directory"
                + " holds no .npy files"), err.toString(StandardCharsets.UTF_8));
    }

    /** maxQuantizationError fails the compile when the measured error is larger, and nothing is written. */
    @Test
    void maxQuantizationErrorFailsAWorseNetwork() throws Exception {
        Path json = network();
        Path cal = calibration();
        Path o = Files.createDirectories(dir.resolve("o"));
        assertEquals(0, main("compile", json.toString(), "-o", o.toString(), "--data-type", "int8", "--calibration",
                cal.toString(), "--max-quantization-error", "50%"), err.toString(StandardCharsets.UTF_8));
        Path p = Files.createDirectories(dir.resolve("p"));
        assertEquals(1, main("compile", json.toString(), "-o", p.toString(), "--data-type", "int8", "--calibration",
                cal.toString(), "--max-quantization-error", "0.0"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("error: " + json + ": maxQuantizationError: the int8 network's max |error| on the 6"
                + " calibration samples is "), e);
        assertTrue(e.contains("more than maxQuantizationError 0%"), e);
        assertEquals(0, Files.list(p).count(), "nothing written");
        assertEquals(2, main("compile", json.toString(), "--max-quantization-error", "x"));
    }

    /** The int8 presets compile int8; inspect shows an int8 image with its disassembly. */
    @Test
    void theInt8PresetAndInspect() throws Exception {
        Path json = network();
        Path cal = calibration();
        Path o = Files.createDirectories(dir.resolve("preset"));
        assertEquals(0, main("compile", json.toString(), "-o", o.toString(), "--preset", "zcu102_int8",
                "--calibration", cal.toString()), err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("### Targeting processor configuration zcu102_int8"
                + " with dataType int8."), out.toString(StandardCharsets.UTF_8));
        assertEquals(0, main("inspect", o.resolve("tiny.elf").toString(), "-v"), err.toString(StandardCharsets.UTF_8));
        String shown = out.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("int8") && shown.contains("LSTM_GATES") && shown.contains("HALT"), shown);
    }
}
