package io.github.lstmhdl.lower;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.ir.RecurrentLayer;
import io.github.lstmhdl.ir.StateKind;
import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.memory.SymbolKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What every layer lowering builds on: it collects the components, data buffers, weight blocks,
 * aliases and the symbolic program of one network, claims every generated name once (a clash is an
 * error, not a silent overwrite), emits FC instructions (tiled when a vector exceeds the FC kernel's
 * memories) and time loops. A {@link LayerLowering} says what its layer computes in these terms;
 * nothing here knows a layer kind.
 */
final class ProgramBuilder {
    private final ProcessorConfig config;
    private final int frameLimit;
    private final String sourceFile;

    private final List<Component> components = new ArrayList<>();
    private final List<DataBuffer> buffers = new ArrayList<>();
    private final List<WeightBlock> weights = new ArrayList<>();
    private final List<SymbolAlias> aliases = new ArrayList<>();
    private final List<SymInstruction> program = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Set<String> symbolNames = new HashSet<>();
    private final Set<String> componentNames = new HashSet<>();
    private String hostLayer = "none";
    private StateWiring wiring;
    /** The trip count of the loops opened from now on: 0 for the run's T (docs/isa.md §3, LOOP). */
    private int loopSteps;

    ProgramBuilder(ProcessorConfig config, int frameLimit, String sourceFile) {
        this.config = config;
        this.frameLimit = frameLimit;
        this.sourceFile = sourceFile;
    }

    ProcessorConfig config() {
        return config;
    }

    /** The time steps that the input, output and sequence buffers hold. */
    int frameLimit() {
        return frameLimit;
    }

    // ---------------------------------------------------------------- result

    /** The lowered network of everything built so far. */
    LoweredNetwork build(Network network) {
        return new LoweredNetwork(network, frameLimit, components, buffers, weights, aliases, program, hostLayer,
                notes);
    }

    /** Sets where the state ports sit (before any layer is lowered). */
    void wire(StateWiring stateWiring) {
        wiring = stateWiring;
    }

    /**
     * STATE_INIT of a recurrent direction's state {@code state} (n elements): from the state input that
     * gives it, else from the constant initial state {@code constant}, else zeros.
     */
    void stateInit(String layer, int direction, StateKind kind, SymOperand state, SymOperand constant, int n,
            String name) {
        Optional<SymOperand> port = wiring.initialSource(layer, direction, kind);
        SymOperand src = port.orElse(constant);
        emit(SymInstruction.elementwise(Opcode.STATE_INIT, state, src, SymOperand.NONE, n,
                src.isNone() ? Instruction.FLAG_ZERO : 0, name));
    }

    /**
     * After a recurrent direction's loop: copies its state {@code kind} (n elements at {@code state}) into
     * every state output area that holds it, as components {@code <prefix>.state_h} (or {@code _c}, with
     * {@code _2}, … for further copies of the same state).
     */
    void copyFinalState(String layer, int direction, StateKind kind, String prefix, SymOperand state, int n)
            throws CompilationException {
        List<SymOperand> destinations = wiring.finalDestinations(layer, direction, kind);
        for (int i = 0; i < destinations.size(); i++) {
            String name = prefix + (kind == StateKind.HIDDEN ? ".state_h" : ".state_c") + (i == 0 ? "" : "_" + (i + 1));
            copy(layer, name, destinations.get(i), state, n, 0);
        }
    }

    /** A notice for the compile log. */
    void note(String line) {
        notes.add(line);
    }

    /** What the host applies to the output after a run: {@code softmax} or {@code logsoftmax}. */
    void hostLayer(String layer) {
        hostLayer = layer;
    }

    // ---------------------------------------------------------------- units and names

    /**
     * Where a layer writes its output: the output region when it is the last layer on the processor,
     * else a buffer {@code <layer>.out} of one vector, or of one vector per step for a sequence.
     */
    Flow destination(String layer, int features, boolean sequence, boolean toOutput) throws CompilationException {
        return destination(layer, features, sequence ? frameLimit : 0, toOutput);
    }

    /**
     * Where a layer writes {@code frames} vectors (0: one vector, not a sequence): the output region when
     * it is the last layer on the processor, else a buffer {@code <layer>.out}.
     */
    Flow destination(String layer, int features, long frames, boolean toOutput) throws CompilationException {
        boolean sequence = frames > 0;
        if (toOutput) {
            return Flow.of(LoweredNetwork.OUTPUT_UNIT, features, sequence);
        }
        String name = layer + ".out";
        addBuffer(name, SymbolKind.BUFFER, RegionKind.SYSTEM_BUFFER, (sequence ? frames : 1) * features);
        return Flow.of(name, features, sequence);
    }

    /** Fails unless the processor has the elementwise kernel's {@code block} that {@code layer} needs. */
    void requireBlock(boolean present, String block, String layer) throws CompilationException {
        if (!present) {
            throw new CompilationException(sourceFile, layer, "layer '" + layer + "' needs the elementwise kernel's "
                    + block + ", which this processor configuration disables");
        }
    }

    /** How one direction k (0 forward, 1 backward) of a recurrent layer is lowered, writing to {@code out}. */
    @FunctionalInterface
    interface DirectionLowering {
        void lower(int k, Flow out) throws CompilationException;
    }

    /**
     * Lowers a recurrent layer direction by direction into where it writes its output
     * ({@link #destination}), after checking that the processor has the elementwise blocks that every
     * recurrent cell needs (addition, multiplication, sigmoid, tanh); returns that output.
     */
    Flow eachDirection(RecurrentLayer layer, Placement placement, DirectionLowering direction)
            throws CompilationException {
        requireBlock(config.addBlock(), "addition block (addBlock)", layer.name());
        requireBlock(config.multiplyBlock(), "multiplication block (multiplyBlock)", layer.name());
        requireBlock(config.sigmoidBlock(), "sigmoid block (sigmoidBlock)", layer.name());
        requireBlock(config.tanhBlock(), "tanh block (tanhBlock)", layer.name());
        Flow out = destination(layer.name(), layer.outputSize(), layer.outputMode().isSequence(), placement.toOutput());
        for (int k = 0; k < layer.direction().count(); k++) {
            direction.lower(k, out);
        }
        return out;
    }

    /**
     * Inside a recurrent direction's loop: the copy {@code name} of the state {@code h} (n elements) to
     * {@code dst} that the output mode needs every step ({@code SEQUENCE}), or, for a reverse direction
     * of {@code LAST_STEP}, at its first iteration (time step T − 1).
     */
    void copyStateInLoop(String layer, String name, SymOperand dst, SymOperand h, int n, OutputMode mode,
            boolean reverse) throws CompilationException {
        if (mode == OutputMode.SEQUENCE) {
            copy(layer, name, dst, h, n, 0);
        } else if (mode == OutputMode.LAST_STEP && reverse) {
            copy(layer, name, dst, h, n, Instruction.FLAG_FIRST_ITERATION);
        }
    }

    /**
     * After a recurrent direction's loop: the copy of its final state for {@code LAST_STATE} (and for a
     * forward direction's {@code LAST_STEP}, which is the same state).
     */
    void copyStateAfterLoop(String layer, String name, SymOperand dst, SymOperand h, int n, OutputMode mode,
            boolean reverse) throws CompilationException {
        if (mode == OutputMode.LAST_STATE || (mode == OutputMode.LAST_STEP && !reverse)) {
            copy(layer, name, dst, h, n, 0);
        }
    }

    /** An output copy component {@code name} of layer {@code layer}: COPY of n elements with {@code flags}. */
    void copy(String layer, String name, SymOperand dst, SymOperand src, int n, int flags) throws CompilationException {
        addComponent(new Component(name, layer, ComponentKernel.ELEMENTWISE, ComponentKind.OUTPUT_COPY, n, 0,
                ActivationCode.NONE, ""));
        emit(SymInstruction.elementwise(Opcode.COPY, dst, src, SymOperand.NONE, n, flags, name));
    }

    void addComponent(Component component) throws CompilationException {
        if (!componentNames.add(component.name())) {
            throw clash(component.name());
        }
        components.add(component);
    }

    void addBuffer(String name, SymbolKind kind, RegionKind region, long elements) throws CompilationException {
        claim(name);
        buffers.add(new DataBuffer(name, kind, region, elements));
    }

    void addWeight(String name, SymbolKind kind, long elements, WeightSource source) throws CompilationException {
        claim(name);
        weights.add(new WeightBlock(name, kind, elements, source));
    }

    void addAlias(SymbolAlias alias) throws CompilationException {
        claim(alias.name());
        aliases.add(alias);
    }

    private void claim(String name) throws CompilationException {
        if (!symbolNames.add(name)) {
            throw clash(name);
        }
    }

    private CompilationException clash(String name) {
        return new CompilationException(sourceFile, name, "the generated name '" + name
                + "' is produced twice (a layer name collides with a generated one, such as 'L_b' for the backward"
                + " direction of a bidirectional layer 'L'); rename the layer");
    }

    // ---------------------------------------------------------------- instructions and loops

    /**
     * Sets the trip count of the loops opened from now on: the sequence length of the layer being
     * lowered, 0 for the run's T (a network without a convolution over time).
     */
    void loopSteps(long steps) {
        loopSteps = Math.toIntExact(steps);
    }

    /** The trip count of the loops opened now (0: the run's T). */
    int loopSteps() {
        return loopSteps;
    }

    /** Appends one instruction to the program. */
    void emit(SymInstruction instruction) {
        program.add(instruction);
    }

    /**
     * Opens a time loop (walking the steps backwards when {@code reverse}) of the current trip count
     * ({@link #loopSteps(long)}); returns its index for {@link #endLoop}.
     */
    int beginLoop(boolean reverse) {
        program.add(new SymInstruction(Opcode.LOOP, reverse ? Instruction.FLAG_REVERSE : 0, ActivationCode.NONE, 0,
                loopSteps,
                SymOperand.NONE, SymOperand.NONE, SymOperand.NONE, SymOperand.NONE, 0, 0, ""));
        return program.size() - 1;
    }

    /** Closes the loop opened at {@code loopIndex} (a negative index: no loop) over the instructions since. */
    void endLoop(int loopIndex) {
        if (loopIndex >= 0) {
            program.set(loopIndex, program.get(loopIndex).withAux(program.size() - loopIndex - 1));
        }
    }

    /** Opens a time loop when the layer works on a sequence, else nothing (-1). */
    int beginLoopOver(Flow in) {
        return in.sequence() ? beginLoop(false) : -1;
    }

    // ---------------------------------------------------------------- FC emission and tiling

    /** The FC output rows one FC instruction may produce: the output memory in whole rows of the FC threads. */
    int rowLimit() {
        return config.fcOutputMemorySize() / config.fcThreads() * config.fcThreads();
    }

    /** {@code rows} rounded up to whole rows of the FC threads: weight blocks are padded to it. */
    int padRows(int rows) {
        int t = config.fcThreads();
        return (rows + t - 1) / t * t;
    }

    /** Emits one FC over a dense weight matrix (row stride = cols); see the general form below. */
    void emitFc(String component, SymOperand dst, SymOperand w, SymOperand x, SymOperand bias, int rows,
            int cols, ActivationCode act, int gateRows) throws CompilationException {
        emitFc(component, dst, w, cols, x, bias, rows, cols, act, gateRows);
    }

    /**
     * Emits a gate FC of a recurrent layer over the depth concatenation [x_t ; h_{t-1}] without
     * building it: the input-weight columns read x_t where it is (the input or the previous layer's
     * output, time-strided), then the recurrent columns accumulate h_{t-1} from its state. The weights
     * keep their rows of D + H columns; with tiling off the kernel's input memory must hold the whole
     * concatenation, as for one FC.
     */
    void emitGateFc(String component, SymOperand dst, SymOperand w, SymOperand bias, int rows, SymOperand x, int d,
            SymOperand hOp, int h, ActivationCode act, int gateRows) throws CompilationException {
        requireFitsKernel(component, rows, d + h);
        emitFc(component, dst, w, d + h, x, bias, rows, d, ActivationCode.NONE, 0);
        emitRecurrentColumns(component, dst, w, rows, d, hOp, h, act, gateRows);
    }

    /**
     * The recurrent part of a gate FC: the H columns after the D input-weight columns of each
     * (D + H)-column row, over h_{t-1}, accumulated onto dst (which holds the input part or the
     * projection).
     */
    void emitRecurrentColumns(String component, SymOperand dst, SymOperand w, int rows, int d, SymOperand hOp, int h,
            ActivationCode act, int gateRows) throws CompilationException {
        emitFc(component, dst, w.plus(d), d + h, hOp, SymOperand.NONE, rows, h, act, gateRows);
    }

    /**
     * Emits one FC, tiled when its input or output vector exceeds the FC kernel's memories: column
     * tiles accumulate into dst ({@link Instruction#FLAG_ACCUMULATE}; the activation applies in the last
     * tile), row tiles are separate FCs.
     *
     * @param rowStride elements between the starts of two weight rows (≥ cols: the FC may use a column
     *                  slice of a wider matrix)
     * @param bias      the bias; {@link SymOperand#NONE} makes every tile accumulate onto dst
     */
    void emitFc(String component, SymOperand dst, SymOperand w, int rowStride, SymOperand x, SymOperand bias,
            int rows, int cols, ActivationCode act, int gateRows) throws CompilationException {
        requireFitsKernel(component, rows, cols);
        int colLimit = config.fcInputMemorySize();
        int rowLimit = rowLimit();
        if (act == ActivationCode.LSTM_GATES && rows > rowLimit) {
            throw new IllegalStateException("LSTM_GATES cannot be row-tiled");
        }
        for (int r0 = 0; r0 < rows; r0 += rowLimit) {
            int rn = Math.min(rowLimit, rows - r0);
            for (int c0 = 0; c0 < cols; c0 += colLimit) {
                int cn = Math.min(colLimit, cols - c0);
                boolean withBias = c0 == 0 && !bias.isNone();
                boolean lastTile = c0 + cn == cols;
                ActivationCode a = lastTile ? act : ActivationCode.NONE;
                program.add(new SymInstruction(Opcode.FC, withBias ? 0 : Instruction.FLAG_ACCUMULATE, a, rn, cn,
                        dst.plus(r0), w.plus((long) r0 * rowStride + c0), x.plus(c0),
                        withBias ? bias.plus(r0) : SymOperand.NONE, a == ActivationCode.LSTM_GATES ? gateRows : 0,
                        rowStride, component));
            }
        }
    }

    /** With tiling off, an FC's input and output vectors must fit the FC kernel's memories. */
    void requireFitsKernel(String component, int rows, int cols) throws CompilationException {
        int colLimit = config.fcInputMemorySize();
        int rowLimit = rowLimit();
        if (!config.fcTiling()) {
            if (cols > colLimit) {
                throw vectorTooLong(component, "input", cols, colLimit, "fcInputMemorySize", cols);
            }
            if (rows > rowLimit) {
                throw vectorTooLong(component, "output", rows, rowLimit, "fcOutputMemorySize", padRows(rows));
            }
        }
    }

    /**
     * A vector longer than the FC kernel's memory with tiling off: the required and available elements,
     * the excess in elements and bytes, and what would make it fit.
     *
     * @param side     {@code input} or {@code output}
     * @param fitting  the smallest memory size setting that holds the vector
     */
    private CompilationException vectorTooLong(String component, String side, int required, int available,
            String setting, int fitting) {
        long excess = (long) required - available;
        int elementBytes = config.dataType().bytes();
        String held = setting.equals("fcOutputMemorySize") && available != config.fcOutputMemorySize()
                ? available + " elements (fcOutputMemorySize " + config.fcOutputMemorySize() + ", in whole rows of "
                        + config.fcThreads() + " FC threads)"
                : available + " elements (" + setting + ")";
        return new CompilationException(sourceFile, component, "component '" + component + "' has an " + side
                + " vector of " + required + " elements but the FC kernel's " + side + " memory holds " + held
                + " and fcTiling is off: " + excess + " elements (" + excess * elementBytes + " bytes) too many. To"
                + " make it fit: enable fcTiling (fcTiling=true; on the command line --set fcTiling=true), or use a"
                + " processor with a larger FC " + side + " memory (" + setting + " of at least " + fitting + ")");
    }
}
