package io.github.lstmhdl.isa;

/**
 * The processor's operations. FC runs on the FC kernel; the others on the elementwise/activation
 * kernel, except LOOP and HALT, which the scheduler executes. See {@code docs/isa.md}.
 */
public enum Opcode {
    /** Does nothing. */
    NOP(0x00, Kernel.SCHEDULER),
    /** dst[r] = act(sum_c W[r][c]·x[c] + bias[r]) for r in [0, n): W at a, x at b, bias at c. */
    FC(0x01, Kernel.FC),
    /** dst = a + b, n elements. */
    ADD(0x02, Kernel.ELEMENTWISE),
    /** dst = a ⊙ b, n elements. */
    MUL(0x03, Kernel.ELEMENTWISE),
    /** dst = act(a), n elements; the activation field picks sigmoid, tanh or ReLU. */
    ACT(0x04, Kernel.ELEMENTWISE),
    /** dst = a, n elements. */
    COPY(0x05, Kernel.ELEMENTWISE),
    /** dst = softmax(a) (log-softmax with {@link Instruction#FLAG_LOG}), n elements. */
    SOFTMAX(0x06, Kernel.ELEMENTWISE),
    /**
     * When the run's reset flag is set: dst = a (or zeros with {@link Instruction#FLAG_ZERO}), n elements.
     * The stride of a multiplies the run's sequence index ({@link SchedulerData#SEQUENCE_INDEX}), not the
     * time step: a is read at a.offset + a.stride × n, so one instruction picks the initial state of
     * sequence n of a batch (stride 0: one state shared by every sequence).
     */
    STATE_INIT(0x07, Kernel.ELEMENTWISE),
    /** Runs the next aux instructions once per time step of the run's sequence length. */
    LOOP(0x08, Kernel.SCHEDULER),
    /** Ends the program: the output is complete. */
    HALT(0x09, Kernel.SCHEDULER),
    /**
     * dst = a − b, n elements: one IEEE 754 float32 subtraction per element, rounded to nearest even
     * (a GRU's h_t = h~ + z ⊙ (h_{t-1} − h~)).
     */
    SUB(0x0A, Kernel.ELEMENTWISE),
    /**
     * Layer normalization of the n elements at a: (a − mean) / sqrt(variance + epsilon) · scale + offset,
     * with the parameters at b (scale[n], offset[n], epsilon), in the float32 order docs/isa.md gives.
     */
    NORM(0x0B, Kernel.ELEMENTWISE),
    /**
     * dst = max(a, b), n elements, as Java's {@code Math.max} on float32 (a NaN operand gives that NaN,
     * +0 is larger than −0): a max-pooling window's running maximum.
     */
    MAX(0x0C, Kernel.ELEMENTWISE);

    /** The unit of the processor that executes an opcode. */
    public enum Kernel {
        FC,
        ELEMENTWISE,
        SCHEDULER
    }

    private final int code;
    private final Kernel kernel;

    Opcode(int code, Kernel kernel) {
        this.code = code;
        this.kernel = kernel;
    }

    /** The opcode byte. */
    public int code() {
        return code;
    }

    /** The kernel that executes it. */
    public Kernel kernel() {
        return kernel;
    }

    /** The opcode of a code byte, or null when no opcode has that code. */
    public static Opcode ofCode(int code) {
        for (Opcode op : values()) {
            if (op.code == code) {
                return op;
            }
        }
        return null;
    }
}
