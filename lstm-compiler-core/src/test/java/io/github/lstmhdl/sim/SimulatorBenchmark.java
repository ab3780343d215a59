package io.github.lstmhdl.sim;

import java.util.Locale;
import java.util.Random;

/**
 * Times the simulator on a one-layer LSTM (one fused-gate FC per step plus the elementwise ops,
 * hand-assembled by {@link LstmProgram}), T = 100, batch 1, and prints steps per second. Not a unit
 * test; run it after {@code ./mvnw -q -o -pl lstm-compiler-core test-compile} with
 * <pre>
 * java -cp lstm-compiler-core/target/classes:lstm-compiler-core/target/test-classes \
 *      io.github.lstmhdl.sim.SimulatorBenchmark [H ...]
 * </pre>
 * Hidden sizes default to 256 and 1024; the input size D equals H unless {@code -Dbench.inputSize=D}.
 */
public final class SimulatorBenchmark {
    private static final int T = 100;

    private SimulatorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {256, 1024} : new int[args.length];
        for (int i = 0; i < args.length; i++) {
            sizes[i] = Integer.parseInt(args[i]);
        }
        for (int h : sizes) {
            int d = Integer.getInteger("bench.inputSize", h);
            bench(d, h);
        }
    }

    private static void bench(int d, int h) throws Exception {
        LstmProgram lstm = new LstmProgram(d, h, T, false, false, false, 1);
        Simulator sim = Simulator.load(lstm.image.image(lstm.program));
        float[] x = new float[T * d];
        Random rnd = new Random(2);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        double macsPerStep = 4.0 * h * (d + h);
        long warmupEnd = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < warmupEnd) {
            sim.predict(x, T);
        }
        int runs = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            sim.predict(x, T);
            runs++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < 3_000_000_000L || runs < 3);
        double seconds = elapsed / 1e9;
        double stepsPerSecond = runs * (double) T / seconds;
        System.out.printf(Locale.ROOT,
                "LSTM D=%d H=%d T=%d batch 1: %.1f steps/s, %.3f ms per run of %d steps, %.2f GMAC/s (%d runs)%n",
                d, h, T, stepsPerSecond, seconds * 1e3 / runs, T, stepsPerSecond * macsPerStep / 1e9, runs);
    }
}
