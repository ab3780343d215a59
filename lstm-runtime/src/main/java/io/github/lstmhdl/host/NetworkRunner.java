package io.github.lstmhdl.host;

import io.github.lstmhdl.config.DataType;
import io.github.lstmhdl.image.ImageMetadata;
import io.github.lstmhdl.image.LoadedImage;
import io.github.lstmhdl.isa.SchedulerData;
import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.quant.Int8Boundary;
import io.github.lstmhdl.sim.HostLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Drives a compiled network on a processor through its memory ({@link ProcessorMemory}) and the
 * control interface of docs/isa.md §5: {@link #load} copies the image's initialized regions into the
 * memory; each {@link #run} writes the input frames and the scheduler fields, sets {@code CONTROL_START}
 * last, waits until {@code STATUS} reads {@code STATUS_DONE} (or the timeout passes), checks
 * {@code STEPS_DONE}, reads the output and applies the image's host layer. For an int8 image it
 * quantizes the input and dequantizes the output with the metadata's scales and zero points, with the
 * rounding the simulator uses. The main input and output only (state ports are read and written by the
 * host with the constants, docs/image-format.md). Not thread-safe: one run at a time per processor.
 */
public final class NetworkRunner {
    private static final long POLL_NANOS = 20_000;

    private final String device;
    private final ImageMetadata metadata;
    private final ProcessorMemory memory;
    private final long scheduler;
    private final long inputOffset;
    private final long outputOffset;
    private final int inputFeatures;
    private final int outputFeatures;
    private final Int8Boundary int8;

    private NetworkRunner(String device, ImageMetadata metadata, ProcessorMemory memory) {
        this.device = device;
        this.metadata = metadata;
        this.memory = memory;
        MemoryMap map = metadata.memoryMap();
        this.scheduler = map.region(RegionKind.SCHEDULER_DATA).offset();
        this.inputOffset = map.region(RegionKind.INPUT_DATA).offset();
        this.outputOffset = map.region(RegionKind.OUTPUT_RESULT).offset();
        this.inputFeatures = metadata.input().featureSize();
        this.outputFeatures = metadata.output().featureSize();
        this.int8 = DataType.byId(metadata.dataType()).orElseThrow() == DataType.INT8 ? new Int8Boundary(
                metadata.input().scale(), metadata.input().zeroPoint(), metadata.output().scale(),
                metadata.output().zeroPoint()) : null;
    }

    /**
     * Copies the image's initialized regions (scheduler data, instructions, weights) into {@code memory}.
     *
     * @param device a name for messages (the device file, such as {@code /dev/uio0})
     * @throws DeviceException when the window is smaller than the image's EndOffset, the data type or the
     *                         host layer is unknown, or the memory cannot be written
     */
    public static NetworkRunner load(LoadedImage image, ProcessorMemory memory, String device)
            throws DeviceException {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(memory, "memory");
        ImageMetadata md = image.metadata();
        if (DataType.byId(md.dataType()).isEmpty()) {
            throw new DeviceException(device, "metadata", "data type '" + md.dataType() + "' is not one this host"
                    + " knows (" + DataType.ids() + ")");
        }
        if (!HostLayer.known(md.hostLayer())) {
            throw new DeviceException(device, "metadata", "unknown host layer '" + md.hostLayer() + "'");
        }
        long end = md.memoryMap().endOffset();
        if (memory.size() < end) {
            throw new DeviceException(device, "memory", "the window has " + memory.size() + " bytes but the image"
                    + " needs " + end + " (EndOffset)");
        }
        try {
            for (Map.Entry<RegionKind, byte[]> e : image.contents().entrySet()) {
                memory.write(md.memoryMap().region(e.getKey()).offset(), e.getValue());
            }
        } catch (IOException | RuntimeException e) {
            throw new DeviceException(device, "memory", "cannot load the image: " + e.getMessage(), e);
        }
        return new NetworkRunner(device, md, memory);
    }

    /** A run from the initial states (the toolbox's {@code predict}). */
    public float[] predict(float[] input, int timeSteps, Duration timeout) throws DeviceException {
        return run(input, timeSteps, true, 0, timeout);
    }

    /** A run that continues from the states the previous run left (the toolbox's {@code predictAndUpdateState}). */
    public float[] predictAndUpdateState(float[] input, int timeSteps, Duration timeout) throws DeviceException {
        return run(input, timeSteps, false, 0, timeout);
    }

    /**
     * One run of sequence {@code sequenceIndex}.
     *
     * @param input     T × D values, row-major [T][D]
     * @param timeSteps T, from 1 to the image's frame limit
     * @param reset     whether the states start from their initial values
     * @return (sequence output ? T : 1) × K values, after the host layer
     * @throws DeviceException for a bad T, input length or index, a processor that does not finish in time
     *                         or reports other steps, or memory that cannot be accessed
     */
    public float[] run(float[] input, int timeSteps, boolean reset, int sequenceIndex, Duration timeout)
            throws DeviceException {
        Objects.requireNonNull(input, "input");
        if (timeSteps < 1 || timeSteps > metadata.frameLimit()) {
            throw new DeviceException(device, "run", "sequence length " + timeSteps + " is outside 1 to the frame"
                    + " limit " + metadata.frameLimit());
        }
        if (input.length != (long) timeSteps * inputFeatures) {
            throw new DeviceException(device, "run", "the input has " + input.length + " values, not " + timeSteps
                    + " × " + inputFeatures);
        }
        if (sequenceIndex < 0) {
            throw new DeviceException(device, "run", "sequence index " + sequenceIndex + " is negative");
        }
        int outputs = (metadata.output().sequence() ? timeSteps : 1) * outputFeatures;
        try {
            memory.write(inputOffset, encode(input));
            memory.writeWord(scheduler + SchedulerData.SEQUENCE_LENGTH, timeSteps);
            memory.writeWord(scheduler + SchedulerData.SEQUENCE_INDEX, sequenceIndex);
            memory.writeWord(scheduler + SchedulerData.STATUS, 0);
            memory.writeWord(scheduler + SchedulerData.CONTROL,
                    (reset ? SchedulerData.CONTROL_RESET : 0) | SchedulerData.CONTROL_START);
            await(timeout);
            int steps = memory.readWord(scheduler + SchedulerData.STEPS_DONE);
            if (steps != timeSteps) {
                throw new DeviceException(device, "scheduler data", "the processor reports " + steps + " steps done"
                        + " for a run of " + timeSteps);
            }
            byte[] raw = new byte[outputs * (int8 == null ? 4 : 1)];
            memory.read(outputOffset, raw);
            float[] output = decode(raw, outputs);
            HostLayer.apply(metadata.hostLayer(), output, outputFeatures);
            return output;
        } catch (IOException | RuntimeException e) {
            throw new DeviceException(device, "memory", "cannot access the processor's memory: " + e.getMessage(), e);
        }
    }

    /** Polls STATUS until STATUS_DONE. */
    private void await(Duration timeout) throws IOException, DeviceException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (memory.readWord(scheduler + SchedulerData.STATUS) != SchedulerData.STATUS_DONE) {
            if (System.nanoTime() - deadline > 0) {
                throw new DeviceException(device, "scheduler data", "the processor did not report STATUS_DONE"
                        + " within " + timeout.toMillis() + " ms");
            }
            if (Thread.interrupted()) {
                throw new DeviceException(device, "run", "interrupted while waiting for the processor");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private byte[] encode(float[] values) {
        if (int8 != null) {
            byte[] q = new byte[values.length];
            for (int i = 0; i < values.length; i++) {
                q[i] = int8.quantizeInput(values[i]);
            }
            return q;
        }
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private float[] decode(byte[] raw, int count) {
        float[] out = new float[count];
        if (int8 != null) {
            for (int i = 0; i < count; i++) {
                out[i] = int8.dequantizeOutput(raw[i]);
            }
            return out;
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            out[i] = b.getFloat();
        }
        return out;
    }
}
