package io.github.lstmhdl.sim;

import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import java.util.Arrays;

/**
 * The float32 kernels (docs/isa.md §4): float32 storage and arithmetic on the words of a
 * {@link Float32Memory}. FC sums with {@link FcKernel}, on the column-major copies of
 * {@link TransposedWeights} where the weights cannot change (the fast path) and row by row elsewhere,
 * both in the same order (on the fast path also for a block of steps ahead, {@link #computeAhead}); the activations and softmax are {@link Activations}. A source that overlaps
 * the destination without being it is read through a scratch buffer first. Not thread-safe.
 */
final class Float32Kernels implements KernelSet {
    private final float[] mem;
    /** Per instruction: the column-major weights of an FC on the fast path, else null. */
    private final float[][][] columns;
    /** Per instruction: the FC products computed ahead for its next executions ({@link #computeAhead}), or null. */
    private final float[][][] ahead;
    /** Reused for FC results and overlapping elementwise operands; grows, never per instruction. */
    private float[] scratch = new float[256];
    /** Work buffer of the activations (chunks of this length). */
    private final double[] work = new double[1024];

    /**
     * @param mem           the memory words, already holding the image
     * @param program       the decoded program
     * @param readOnlyStart first byte of the range the host never writes (the FC weight region)
     * @param readOnlyEnd   end (exclusive) of that range
     * @param maxSteps      the largest sequence length a run may have (the frame limit)
     */
    Float32Kernels(float[] mem, Instruction[] program, long readOnlyStart, long readOnlyEnd, int maxSteps) {
        this.mem = mem;
        this.columns = fastPath(program, readOnlyStart, readOnlyEnd, maxSteps);
        this.ahead = new float[program.length][][];
    }

    /** Column-major weight copies within a quarter of the heap; none if the JVM cannot allocate them. */
    private float[][][] fastPath(Instruction[] program, long readOnlyStart, long readOnlyEnd, int maxSteps) {
        long budgetWords = Runtime.getRuntime().maxMemory() / 16;
        try {
            return TransposedWeights.build(program, mem, readOnlyStart, readOnlyEnd, maxSteps, budgetWords);
        } catch (OutOfMemoryError e) {
            return new float[program.length][][];
        }
    }

    @Override
    public boolean fastPath(int pc) {
        return columns[pc] != null;
    }

    /** On the fast path only; a buffer of steps × rows floats per FC, kept for the next blocks. */
    @Override
    public boolean computeAhead(int pc, int[] x, int steps, int rows, int cols) {
        float[][] cached = columns[pc];
        if (cached == null) {
            return false;
        }
        float[][] out = ahead[pc];
        if (out == null || out.length < steps || out[0].length < rows) {
            try {
                out = new float[steps][rows];
            } catch (OutOfMemoryError e) {
                return false;
            }
            ahead[pc] = out;
        }
        FcKernel.matMatColumns(cached, mem, x, steps, rows, cols, out);
        return true;
    }

    @Override
    public void fc(int pc, int w, int rowStride, int x, int bias, int dst, int rows, int cols, boolean accumulate,
            ActivationCode act, int gateRows, int ahead) {
        float[] s;
        float[][] cached = columns[pc];
        if (ahead != NOT_AHEAD) {
            s = this.ahead[pc][ahead];
        } else if (cached != null) {
            s = scratch(rows);
            FcKernel.matVecColumns(cached, mem, x, rows, cols, s);
        } else {
            s = scratch(rows);
            FcKernel.matVec(mem, w, rowStride, x, rows, cols, s);
        }
        if (accumulate) {
            for (int r = 0; r < rows; r++) {
                s[r] = mem[dst + r] + s[r];
            }
        } else if (bias != NO_BIAS) {
            for (int r = 0; r < rows; r++) {
                s[r] = s[r] + mem[bias + r];
            }
        }
        Activations.apply(act, gateRows, s, 0, mem, dst, rows, 0, work);
    }

    @Override
    public void add(int pc, int a, int b, int dst, int n) {
        binary(Binary.SUM, a, b, dst, n);
    }

    @Override
    public void mul(int pc, int a, int b, int dst, int n) {
        binary(Binary.PRODUCT, a, b, dst, n);
    }

    @Override
    public void sub(int pc, int a, int b, int dst, int n) {
        binary(Binary.DIFFERENCE, a, b, dst, n);
    }

    @Override
    public void max(int pc, int a, int b, int dst, int n) {
        binary(Binary.MAXIMUM, a, b, dst, n);
    }

    /** The two-source elementwise operations: one loop each, the choice made once per instruction. */
    private enum Binary {
        SUM, PRODUCT, DIFFERENCE, MAXIMUM
    }

    private void binary(Binary op, int a, int b, int dst, int n) {
        boolean viaScratch = dst != a && overlaps(dst, a, n) || dst != b && overlaps(dst, b, n);
        float[] out = viaScratch ? scratch(n) : mem;
        int o = viaScratch ? 0 : dst;
        switch (op) {
            case SUM -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = mem[a + i] + mem[b + i];
                }
            }
            case PRODUCT -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = mem[a + i] * mem[b + i];
                }
            }
            case DIFFERENCE -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = mem[a + i] - mem[b + i];
                }
            }
            case MAXIMUM -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = Math.max(mem[a + i], mem[b + i]);
                }
            }
        }
        if (viaScratch) {
            System.arraycopy(out, 0, mem, dst, n);
        }
    }

    @Override
    public void activate(int pc, ActivationCode act, int gateRows, int a, int params, int dst, int n) {
        if (act.parameterized()) {
            boolean viaScratch = dst != a && overlaps(dst, a, n) || dst != params && overlaps(dst, params, n);
            float[] out = viaScratch ? scratch(n) : mem;
            int o = viaScratch ? 0 : dst;
            Activations.applyParameterized(act, mem, a, mem, params, out, o, n);
            if (viaScratch) {
                System.arraycopy(out, 0, mem, dst, n);
            }
        } else if (dst != a && overlaps(dst, a, n)) {
            float[] s = scratch(n);
            System.arraycopy(mem, a, s, 0, n);
            Activations.apply(act, gateRows, s, 0, mem, dst, n, 0, work);
        } else {
            Activations.apply(act, gateRows, mem, a, mem, dst, n, 0, work);
        }
    }

    @Override
    public void layerNorm(int pc, int a, int params, int dst, int n) {
        float[] s = scratch(2 * n);
        Normalization.layerNorm(mem, a, mem, params, mem, dst, n, s);
    }

    @Override
    public void softmax(int pc, int a, int dst, int n, boolean log) {
        if (dst != a && overlaps(dst, a, n)) {
            float[] s = scratch(n);
            System.arraycopy(mem, a, s, 0, n);
            Activations.softmax(s, 0, mem, dst, n, log);
        } else {
            Activations.softmax(mem, a, mem, dst, n, log);
        }
    }

    @Override
    public void copy(int pc, int a, int dst, int n) {
        System.arraycopy(mem, a, mem, dst, n);
    }

    @Override
    public void zero(int pc, int dst, int n) {
        Arrays.fill(mem, dst, dst + n, 0f);
    }

    private static boolean overlaps(int p, int q, int n) {
        return p < q + n && q < p + n;
    }

    private float[] scratch(int n) {
        if (scratch.length < n) {
            scratch = new float[Math.max(n, scratch.length * 2)];
        }
        return scratch;
    }
}
