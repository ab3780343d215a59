package io.github.lstmhdl.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.ImageReader;
import io.github.lstmhdl.image.LoadedImage;
import io.github.lstmhdl.image.writer.ElfImageWriter;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.isa.SchedulerData;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.pipeline.NetworkCompiler;
import io.github.lstmhdl.sim.Simulator;
import io.github.lstmhdl.testing.RandomNetworks;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host API on a memory-mapped file driven by an emulated processor (a simulator thread): the runner
 * loads the image into the window, drives runs through the control interface, and reads exactly the
 * simulator's bits; its errors name the device.
 */
class NetworkRunnerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private static LoadedImage image() throws Exception {
        Network n = RandomNetworks.builder(8, 3, 0).lstm("lstm_1", 5, Direction.FORWARD, OutputMode.SEQUENCE, false,
                false).fc("fc_1", 2).build("host");
        ProcessorConfig config = ProcessorConfig.defaults().with("memorySize", "4MiB").with("maxSequenceLength", "8");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ElfImageWriter.write(NetworkCompiler.compile(n, config, "host.json", "t", false), out);
        return ImageReader.read(out.toByteArray(), "host.elf");
    }

    private static float[] flat(float[][] x) {
        float[] f = new float[x.length * x[0].length];
        for (int t = 0; t < x.length; t++) {
            System.arraycopy(x[t], 0, f, t * x[t].length, x[t].length);
        }
        return f;
    }

    private Path deviceFile(long size) throws Exception {
        Path file = tmp.resolve("uio0");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
        return file;
    }

    @Test
    void runsOnTheDeviceGiveTheSimulatorsBits() throws Exception {
        LoadedImage image = image();
        long size = image.metadata().memoryMap().endOffset();
        Simulator reference = Simulator.load(image);
        try (MappedProcessorMemory memory = MappedProcessorMemory.open(deviceFile(size), 0, size)) {
            NetworkRunner runner = NetworkRunner.load(image, memory, "uio0");
            try (EmulatedDevice device = new EmulatedDevice(image, memory)) {
                float[] a = flat(RandomNetworks.sequence(1, 6, 3));
                float[] b = flat(RandomNetworks.sequence(2, 4, 3));
                assertArrayEquals(reference.predict(a, 6), runner.predict(a, 6, TIMEOUT));
                assertArrayEquals(reference.predictAndUpdateState(b, 4), runner.predictAndUpdateState(b, 4, TIMEOUT),
                        "continuing from the kept states");
                assertArrayEquals(reference.predict(b, 4), runner.predict(b, 4, TIMEOUT));
                assertEquals(0, memory.readWord(image.metadata().memoryMap().region(RegionKind.SCHEDULER_DATA)
                        .offset() + SchedulerData.CONTROL) & SchedulerData.CONTROL_START, "the processor cleared START");
                assertNull(device.failure());
            }
        }
    }

    /** An int8 image: the runner quantizes and dequantizes at the edges exactly as the simulator does. */
    @Test
    void anInt8ImageOnTheDeviceGivesTheSimulatorsBits() throws Exception {
        Network n = RandomNetworks.builder(9, 3, 0).lstm("lstm_1", 5, Direction.FORWARD, OutputMode.SEQUENCE, false,
                false).fc("fc_1", 2).build("host8");
        ProcessorConfig config = ProcessorConfig.defaults().with("dataType", "int8").with("maxSequenceLength", "8");
        java.util.List<float[]> samples = new java.util.ArrayList<>();
        for (int k = 0; k < 6; k++) {
            samples.add(flat(RandomNetworks.sequence(100 + k, 6, 3)));
        }
        LoadedImage image = io.github.lstmhdl.ptq.Int8Compilation.compile(n, config,
                new io.github.lstmhdl.ptq.Calibration(3, samples), "host8.json", "t").image();
        long size = image.metadata().memoryMap().endOffset();
        Simulator reference = Simulator.load(image);
        try (MappedProcessorMemory memory = MappedProcessorMemory.open(deviceFile(size), 0, size)) {
            NetworkRunner runner = NetworkRunner.load(image, memory, "uio0");
            try (EmulatedDevice device = new EmulatedDevice(image, memory)) {
                float[] a = flat(RandomNetworks.sequence(4, 6, 3));
                assertArrayEquals(reference.predict(a, 6), runner.predict(a, 6, TIMEOUT));
                assertNull(device.failure());
            }
        }
    }

    @Test
    void aProcessorThatDoesNotAnswerIsATimeoutNamingTheDevice() throws Exception {
        LoadedImage image = image();
        long size = image.metadata().memoryMap().endOffset();
        try (MappedProcessorMemory memory = MappedProcessorMemory.open(deviceFile(size), 0, size)) {
            NetworkRunner runner = NetworkRunner.load(image, memory, "uio0");
            DeviceException e = assertThrows(DeviceException.class,
                    () -> runner.predict(new float[3], 1, Duration.ofMillis(50)));
            assertEquals("uio0: scheduler data: the processor did not report STATUS_DONE within 50 ms", e.getMessage());
            DeviceException length = assertThrows(DeviceException.class,
                    () -> runner.predict(new float[4], 1, TIMEOUT));
            assertTrue(length.getMessage().startsWith("uio0: run: the input has 4 values, not 1 × 3"), length.getMessage());
        }
    }

    @Test
    void aWindowSmallerThanTheImageIsRefused() throws Exception {
        LoadedImage image = image();
        long size = image.metadata().memoryMap().endOffset() / 2;
        try (MappedProcessorMemory memory = MappedProcessorMemory.open(deviceFile(size), 0, size)) {
            DeviceException e = assertThrows(DeviceException.class, () -> NetworkRunner.load(image, memory, "uio0"));
            assertTrue(e.getMessage().startsWith("uio0: memory: the window has " + size + " bytes but the image needs"),
                    e.getMessage());
        }
    }
}
