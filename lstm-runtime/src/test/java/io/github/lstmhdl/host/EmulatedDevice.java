package io.github.lstmhdl.host;

import io.github.lstmhdl.image.LoadedImage;
import io.github.lstmhdl.isa.SchedulerData;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.sim.Simulator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A processor emulated on a thread, for the host API's tests: it watches the scheduler data of a memory
 * window for {@code CONTROL_START}, runs the reference simulator on the run's fields and input frames
 * (read from the window), writes the output frames, {@code STEPS_DONE} and {@code STATUS_DONE} back and
 * clears {@code CONTROL_START}, as docs/isa.md §5 asks of a processor. For images without a host layer
 * (the simulator's output is then the output region's): float32 values, or int8 values for an int8 image.
 */
final class EmulatedDevice implements AutoCloseable {
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stop;

    EmulatedDevice(LoadedImage image, ProcessorMemory memory) throws Exception {
        if (!image.metadata().hostLayer().equals("none")) {
            throw new IllegalArgumentException("the emulated device runs images without a host layer");
        }
        boolean int8 = image.metadata().dataType().equals("int8");
        Simulator sim = Simulator.load(image);
        long scheduler = image.metadata().memoryMap().region(RegionKind.SCHEDULER_DATA).offset();
        long in = image.metadata().memoryMap().region(RegionKind.INPUT_DATA).offset();
        long out = image.metadata().memoryMap().region(RegionKind.OUTPUT_RESULT).offset();
        int d = sim.inputFeatureSize();
        thread = new Thread(() -> {
            try {
                while (!stop) {
                    int control = memory.readWord(scheduler + SchedulerData.CONTROL);
                    if ((control & SchedulerData.CONTROL_START) == 0) {
                        Thread.onSpinWait();
                        continue;
                    }
                    int t = memory.readWord(scheduler + SchedulerData.SEQUENCE_LENGTH);
                    int n = memory.readWord(scheduler + SchedulerData.SEQUENCE_INDEX);
                    boolean reset = (control & SchedulerData.CONTROL_RESET) != 0;
                    byte[] raw = new byte[t * d * (int8 ? 1 : 4)];
                    memory.read(in, raw);
                    if (int8) { // the int8 values as the processor would read them from the input region
                        memory.write(out, sim.runRaw(raw, t, reset));
                    } else {
                        float[] x = new float[t * d];
                        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(x);
                        float[] y = sim.run(x, t, reset, n);
                        ByteBuffer b = ByteBuffer.allocate(y.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                        b.asFloatBuffer().put(y);
                        memory.write(out, b.array());
                    }
                    memory.writeWord(scheduler + SchedulerData.STEPS_DONE, t);
                    memory.writeWord(scheduler + SchedulerData.CONTROL, control & ~SchedulerData.CONTROL_START);
                    memory.writeWord(scheduler + SchedulerData.STATUS, SchedulerData.STATUS_DONE);
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "emulated-lstm-processor");
        thread.setDaemon(true);
        thread.start();
    }

    /** What went wrong on the device thread, if anything. */
    Throwable failure() {
        return failure.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(10_000);
    }
}
