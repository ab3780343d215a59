package io.github.lstmhdl.sim;

import io.github.lstmhdl.isa.ActivationCode;

/**
 * The arithmetic of one element type: what each computing opcode does to the elements of the memory it
 * was made for ({@link SimulatedMemory#kernels}). The {@link Processor} keeps the control: it decodes the
 * instruction, walks the loops, checks every operand's byte range and the instruction's fields, and then
 * calls one method here with element indices into the memory (an operand's byte address divided by the
 * element size). Every range passed lies inside the memory; ranges may overlap, and every kernel reads
 * all its sources before it writes the destination, so the result is that of reading first. Every method
 * gets the instruction's index {@code pc}, so that a kernel set whose arithmetic needs more than the
 * operands (the int8 kernels' parameter records, docs/isa.md §4a) finds the instruction; a kernel set that
 * checks what it reads beyond the operands the processor checked reports it as a {@link SimulationException}.
 *
 * <p>A new opcode that computes is one method here, its implementation in every kernel set, and one case
 * in {@link Processor}'s dispatch.
 */
interface KernelSet {

    /**
     * FC: dst[r] = act(Σ_c W[r][c] · x[c] + start[r]) for r in [0, rows), where start is bias[r], the old
     * dst[r] ({@code accumulate}) or 0.
     *
     * @param pc         the instruction's index (a kernel set may keep per-instruction state, such as a copy
     *                   of read-only weights)
     * @param w          index of W[0][0]
     * @param rowStride  elements between rows of W (at least {@code cols})
     * @param x          index of x[0]
     * @param bias       index of bias[0], or {@link #NO_BIAS}; not read when {@code accumulate}
     * @param dst        index of dst[0]
     * @param rows       n
     * @param cols       m
     * @param accumulate whether the old destination values start the sums (FLAG_ACCUMULATE)
     * @param act        the activation applied to each result
     * @param gateRows   rows per gate for {@link ActivationCode#LSTM_GATES} (checked to cover every row)
     * @param ahead      which of the executions prepared by the last {@link #computeAhead} of this FC this
     *                   one is (its products are taken from there, x is not read again), or
     *                   {@link #NOT_AHEAD}
     */
    void fc(int pc, int w, int rowStride, int x, int bias, int dst, int rows, int cols, boolean accumulate,
            ActivationCode act, int gateRows, int ahead) throws SimulationException;

    /** The {@code bias} of an FC that has none. */
    int NO_BIAS = -1;

    /** The {@code ahead} of an FC whose products were not computed ahead. */
    int NOT_AHEAD = -1;

    /**
     * Computes the products Σ_c W[r][c] · x_i[c], r in [0, rows), of the FC at {@code pc} for the inputs
     * x_i of its next {@code steps} executions at once, where this kernel set can do that with the same
     * bits as one execution at a time (the float32 fast path: it reads each tile of the weights once for
     * all of them). The processor calls it only for an FC in a loop whose weights and inputs no
     * instruction of the loop writes, with ranges it has checked; {@link #fc} with {@code ahead} = i then
     * uses the products of x_i.
     *
     * @param x     x[i] is the index of x_i[0], for i in [0, steps)
     * @return whether it computed them; if not, {@link #fc} must be called with {@link #NOT_AHEAD}
     */
    boolean computeAhead(int pc, int[] x, int steps, int rows, int cols);

    /** ADD: dst[i] = a[i] + b[i] for i in [0, n). */
    void add(int pc, int a, int b, int dst, int n) throws SimulationException;

    /** MUL: dst[i] = a[i] · b[i] for i in [0, n). */
    void mul(int pc, int a, int b, int dst, int n) throws SimulationException;

    /** SUB: dst[i] = a[i] − b[i] for i in [0, n). */
    void sub(int pc, int a, int b, int dst, int n) throws SimulationException;

    /** MAX: dst[i] = max(a[i], b[i]) for i in [0, n) (docs/isa.md §3, Arithmetic). */
    void max(int pc, int a, int b, int dst, int n) throws SimulationException;

    /**
     * ACT: dst[i] = act(a[i]) for i in [0, n); with {@link ActivationCode#LSTM_GATES} element i is row i of a
     * fused gate block of {@code gateRows} rows per gate (checked to cover every row); a {@linkplain
     * ActivationCode#parameterized() parameterized} activation reads its n parameters at {@code params}
     * ({@link #NO_PARAMS} for the others).
     */
    void activate(int pc, ActivationCode act, int gateRows, int a, int params, int dst, int n)
            throws SimulationException;

    /** The {@code params} of an ACT whose activation takes none. */
    int NO_PARAMS = -1;

    /**
     * NORM: dst = layer normalization of the n elements at a with the parameters at {@code params}
     * (scale[n], offset[n], epsilon).
     */
    void layerNorm(int pc, int a, int params, int dst, int n) throws SimulationException;

    /** SOFTMAX: dst = softmax(a) (or log-softmax) over the n elements. */
    void softmax(int pc, int a, int dst, int n, boolean log) throws SimulationException;

    /** COPY, and STATE_INIT from a stored initial state: dst[i] = a[i] for i in [0, n). */
    void copy(int pc, int a, int dst, int n) throws SimulationException;

    /** STATE_INIT with FLAG_ZERO: dst[i] = 0 for i in [0, n). */
    void zero(int pc, int dst, int n) throws SimulationException;

    /** Whether the FC at instruction {@code pc} runs on a prepared fast path (tests; the result is the same). */
    boolean fastPath(int pc);
}
