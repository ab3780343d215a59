package io.github.lstmhdl.lower;

import io.github.lstmhdl.CompilationException;
import io.github.lstmhdl.alloc.RegionKind;
import io.github.lstmhdl.alloc.SymbolKind;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.ir.ActivationLayer;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.FullyConnectedLayer;
import io.github.lstmhdl.ir.Gate;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.LstmDirection;
import io.github.lstmhdl.ir.LstmLayer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.ir.SoftmaxLayer;
import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decomposes a network into components and a symbolic program (see the package documentation and
 * {@code docs/isa.md}). Layers execute one after the other; each LSTM direction is one time loop
 * (a reverse loop for the reverse direction), and the layers after a sequence-producing layer run
 * once per step inside a loop of their own. Weights are not copied: the weight units stream from
 * the network's tensors.
 */
public final class Lowering {
    private final Network network;
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

    /** Where a layer's data lives: a unit, an element offset, features per step and the step stride. */
    private record Flow(String unit, long offset, int features, int stride, boolean sequence) {
        SymOperand operand() {
            return new SymOperand(unit, offset, stride);
        }
    }

    private Lowering(Network network, ProcessorConfig config, int frameLimit, String sourceFile) {
        this.network = network;
        this.config = config;
        this.frameLimit = frameLimit;
        this.sourceFile = sourceFile;
    }

    /**
     * Lowers a network.
     *
     * @param frameLimit the time steps that the input, output and sequence buffers hold (≥ 1)
     * @param sourceFile the network file's name, for error messages
     * @throws CompilationException when the processor lacks a kernel block a layer needs, a vector does
     *                              not fit the FC memories with tiling off, or two generated names clash
     */
    public static LoweredNetwork lower(Network network, ProcessorConfig config, int frameLimit, String sourceFile)
            throws CompilationException {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(config, "config");
        if (frameLimit < 1) {
            throw new IllegalArgumentException("frame limit must be positive, not " + frameLimit);
        }
        Lowering l = new Lowering(network, config, frameLimit, Objects.requireNonNullElse(sourceFile, ""));
        l.run();
        return new LoweredNetwork(network, frameLimit, l.components, l.buffers, l.weights, l.aliases, l.program,
                l.hostLayer, l.notes);
    }

    private void run() throws CompilationException {
        List<Layer> layers = network.layers();
        int last = layers.size() - 1;
        boolean hostSoftmax = config.softmaxOnHost() && layers.get(last) instanceof SoftmaxLayer;
        int lastOnProcessor = hostSoftmax ? last - 1 : last;
        int d = network.input().featureSize();
        addBuffer(LoweredNetwork.INPUT_UNIT, SymbolKind.REGION, RegionKind.INPUT_DATA, (long) frameLimit * d);
        int k = network.outputSize();
        boolean outSeq = network.outputIsSequence();
        addBuffer(LoweredNetwork.OUTPUT_UNIT, SymbolKind.REGION, RegionKind.OUTPUT_RESULT,
                (long) (outSeq ? frameLimit : 1) * k);
        Flow flow = new Flow(LoweredNetwork.INPUT_UNIT, 0, d, d, true);
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            boolean toOutput = i == lastOnProcessor;
            if (layer instanceof SoftmaxLayer sm && i == last && hostSoftmax) {
                addComponent(new Component(sm.name(), sm.name(), ComponentKernel.HOST,
                        sm.logarithmic() ? ComponentKind.LOG_SOFTMAX : ComponentKind.SOFTMAX, sm.size(), 0,
                        ActivationCode.NONE, ""));
                hostLayer = sm.logarithmic() ? "logsoftmax" : "softmax";
                notes.add("### Notice: The layer '" + sm.name() + "' with type '" + sm.typeName()
                        + "' is implemented in software: the host applies it to the output after each run.");
                continue;
            }
            if (layer instanceof SoftmaxLayer sm && config.softmaxOnHost()) {
                notes.add("### Notice: The layer '" + sm.name() + "' with type '" + sm.typeName()
                        + "' is not the last layer, so it runs on the processor although softmaxOnHost is set.");
            }
            if (layer instanceof LstmLayer lstm) {
                flow = lowerLstm(lstm, flow, toOutput);
            } else if (layer instanceof FullyConnectedLayer fc) {
                flow = lowerFc(fc, flow, toOutput);
            } else if (layer instanceof ActivationLayer act) {
                flow = lowerActivation(act, flow, toOutput);
            } else {
                flow = lowerSoftmax((SoftmaxLayer) layer, flow, toOutput);
            }
        }
        if (!flow.unit().equals(LoweredNetwork.OUTPUT_UNIT)) {
            Flow out = new Flow(LoweredNetwork.OUTPUT_UNIT, 0, flow.features(), flow.sequence() ? flow.features() : 0,
                    flow.sequence());
            String name = "output.copy";
            addComponent(new Component(name, "", ComponentKernel.ELEMENTWISE, ComponentKind.OUTPUT_COPY,
                    flow.features(), 0, ActivationCode.NONE, ""));
            int loop = flow.sequence() ? beginLoop(false) : -1;
            program.add(SymInstruction.elementwise(Opcode.COPY, out.operand(), flow.operand(), SymOperand.NONE,
                    flow.features(), 0, name));
            endLoop(loop);
        }
    }

    // ---------------------------------------------------------------- layers

    private Flow destination(String layer, int features, boolean sequence, boolean toOutput) throws CompilationException {
        if (toOutput) {
            return new Flow(LoweredNetwork.OUTPUT_UNIT, 0, features, sequence ? features : 0, sequence);
        }
        String name = layer + ".out";
        addBuffer(name, SymbolKind.BUFFER, RegionKind.SYSTEM_BUFFER, (long) (sequence ? frameLimit : 1) * features);
        return new Flow(name, 0, features, sequence ? features : 0, sequence);
    }

    private Flow lowerFc(FullyConnectedLayer fc, Flow in, boolean toOutput) throws CompilationException {
        int rows = fc.outputSize();
        int cols = fc.inputSize();
        int padded = padRows(rows);
        String w = fc.name() + ".weights";
        String b = fc.name() + ".bias";
        addWeight(w, SymbolKind.WEIGHTS, (long) padded * cols, matrixSource(fc.weights(), padded));
        addWeight(b, SymbolKind.BIAS, padded, vectorSource(fc.bias(), padded));
        addComponent(new Component(fc.name(), fc.name(), ComponentKernel.FC, ComponentKind.FULLY_CONNECTED, rows, cols,
                ActivationCode.NONE, ""));
        Flow out = destination(fc.name(), rows, in.sequence(), toOutput);
        int loop = in.sequence() ? beginLoop(false) : -1;
        emitFc(fc.name(), out.operand(), SymOperand.at(w, 0), in.operand(), SymOperand.at(b, 0), rows, cols,
                ActivationCode.NONE, 0);
        endLoop(loop);
        return out;
    }

    private Flow lowerActivation(ActivationLayer layer, Flow in, boolean toOutput) throws CompilationException {
        ActivationCode act;
        ComponentKind kind;
        switch (layer.activation()) {
            case SIGMOID -> {
                requireBlock(config.sigmoidBlock(), "sigmoid block (sigmoidBlock)", layer.name());
                act = ActivationCode.SIGMOID;
                kind = ComponentKind.SIGMOID;
            }
            case TANH -> {
                requireBlock(config.tanhBlock(), "tanh block (tanhBlock)", layer.name());
                act = ActivationCode.TANH;
                kind = ComponentKind.TANH;
            }
            default -> {
                act = ActivationCode.RELU;
                kind = ComponentKind.RELU;
            }
        }
        addComponent(new Component(layer.name(), layer.name(), ComponentKernel.ELEMENTWISE, kind, layer.size(), 0,
                ActivationCode.NONE, ""));
        Flow out = destination(layer.name(), layer.size(), in.sequence(), toOutput);
        int loop = in.sequence() ? beginLoop(false) : -1;
        program.add(SymInstruction.activation(act, out.operand(), in.operand(), layer.size(), layer.name()));
        endLoop(loop);
        return out;
    }

    private Flow lowerSoftmax(SoftmaxLayer layer, Flow in, boolean toOutput) throws CompilationException {
        addComponent(new Component(layer.name(), layer.name(), ComponentKernel.ELEMENTWISE,
                layer.logarithmic() ? ComponentKind.LOG_SOFTMAX : ComponentKind.SOFTMAX, layer.size(), 0,
                ActivationCode.NONE, ""));
        Flow out = destination(layer.name(), layer.size(), in.sequence(), toOutput);
        int loop = in.sequence() ? beginLoop(false) : -1;
        program.add(SymInstruction.elementwise(Opcode.SOFTMAX, out.operand(), in.operand(), SymOperand.NONE,
                layer.size(), layer.logarithmic() ? Instruction.FLAG_LOG : 0, layer.name()));
        endLoop(loop);
        return out;
    }

    private Flow lowerLstm(LstmLayer layer, Flow in, boolean toOutput) throws CompilationException {
        requireBlock(config.addBlock(), "addition block (addBlock)", layer.name());
        requireBlock(config.multiplyBlock(), "multiplication block (multiplyBlock)", layer.name());
        requireBlock(config.sigmoidBlock(), "sigmoid block (sigmoidBlock)", layer.name());
        requireBlock(config.tanhBlock(), "tanh block (tanhBlock)", layer.name());
        Flow out = destination(layer.name(), layer.outputSize(), layer.outputMode().isSequence(), toOutput);
        for (int k = 0; k < layer.direction().count(); k++) {
            lowerDirection(layer, k, in, out);
        }
        return out;
    }

    /** The component prefix of direction {@code k} of a layer: {@code L}, or {@code L_b} for the backward one. */
    public static String directionPrefix(String layer, int k) {
        return k == 0 ? layer : layer + "_b";
    }

    private void lowerDirection(LstmLayer layer, int k, Flow in, Flow out) throws CompilationException {
        String p = directionPrefix(layer.name(), k);
        boolean reverse = layer.direction() == Direction.REVERSE || k == 1;
        LstmDirection params = layer.directions().get(k);
        int d = in.features();
        int h = layer.hiddenSize();
        int hp = padRows(h);
        int cols = d + h;
        boolean peep = params.peepholes().isPresent();
        boolean fused = config.gateFusion();
        String fusedName = p + ".wi>>" + p + ".wo";
        int rowLimit = rowLimit();

        // units
        boolean projected = fused && config.inputProjection();
        String concat = p + ".concat";
        String c = p + ".c";
        String gates = p + ".gates";
        String tmp = p + ".tmp";
        String gx = p + ".gx";
        // h is a state of its own: the gate FCs read [x_t ; h_{t-1}] from where each part already is
        addBuffer(p + ".h", SymbolKind.STATE, RegionKind.SYSTEM_BUFFER, h);
        SymOperand hOp = SymOperand.at(p + ".h", 0);
        addBuffer(c, SymbolKind.STATE, RegionKind.SYSTEM_BUFFER, h);
        addBuffer(gates, SymbolKind.BUFFER, RegionKind.SYSTEM_BUFFER, 4L * hp);
        addBuffer(tmp, SymbolKind.BUFFER, RegionKind.SYSTEM_BUFFER, h);
        if (projected) {
            addBuffer(gx, SymbolKind.BUFFER, RegionKind.SYSTEM_BUFFER, (long) frameLimit * 4 * hp);
        }
        SymOperand cOp = SymOperand.at(c, 0);
        SymOperand tmpOp = SymOperand.at(tmp, 0);
        SymOperand[] gate = new SymOperand[4];
        for (Gate g : Gate.values()) {
            gate[g.ordinal()] = SymOperand.at(gates, (long) g.ordinal() * hp);
        }

        // weights
        String[] wUnit = new String[4];
        long[] wOff = new long[4];
        String[] bUnit = new String[4];
        long[] bOff = new long[4];
        if (fused) {
            String wb = p + ".gates.weights";
            String bb = p + ".gates.bias";
            addWeight(wb, SymbolKind.WEIGHTS, 4L * hp * cols, gateWeightSource(params, List.of(Gate.values()), hp));
            addWeight(bb, SymbolKind.BIAS, 4L * hp, gateBiasSource(params, List.of(Gate.values()), hp));
            for (Gate g : Gate.values()) {
                int i = g.ordinal();
                wUnit[i] = wb;
                wOff[i] = (long) i * hp * cols;
                bUnit[i] = bb;
                bOff[i] = (long) i * hp;
                addAlias(new SymbolAlias(p + "." + g.suffix() + ".weights", SymbolKind.WEIGHTS, wb, wOff[i],
                        (long) hp * cols));
                addAlias(new SymbolAlias(p + "." + g.suffix() + ".bias", SymbolKind.BIAS, bb, bOff[i], hp));
            }
        } else {
            for (Gate g : Gate.values()) {
                int i = g.ordinal();
                wUnit[i] = p + "." + g.suffix() + ".weights";
                bUnit[i] = p + "." + g.suffix() + ".bias";
                addWeight(wUnit[i], SymbolKind.WEIGHTS, (long) hp * cols, gateWeightSource(params, List.of(g), hp));
                addWeight(bUnit[i], SymbolKind.BIAS, hp, gateBiasSource(params, List.of(g), hp));
            }
        }
        String peepUnit = p + ".peephole";
        if (peep) {
            addWeight(peepUnit, SymbolKind.PEEPHOLE, 3L * h, vectorSource(params.peepholes().get(), 3 * h));
        }
        Optional<String> h0 = initialState(p + ".h0", params.initialHidden(), h);
        Optional<String> c0 = initialState(p + ".c0", params.initialCell(), h);

        if (projected) {
            // gx[t] = W_x·x_t + b for every step at once, before the recurrence (forward order suffices)
            String proj = p + ".proj";
            addComponent(new Component(proj, layer.name(), ComponentKernel.FC, ComponentKind.FULLY_CONNECTED, 4 * h, d,
                    ActivationCode.NONE, ""));
            int projLoop = beginLoop(false);
            emitFc(proj, new SymOperand(gx, 0, 4 * hp), SymOperand.at(wUnit[0], 0), cols, in.operand(),
                    SymOperand.at(bUnit[0], 0), 4 * hp, d, ActivationCode.NONE, 0);
            endLoop(projLoop);
        }
        // state initialization (only when the run's reset flag is set)
        // a per-sequence state [B, H] is read at row n (the run's sequence index): stride H over n
        SymOperand h0Src = h0.map(u -> stateSource(u, params.initialHidden(), h)).orElse(SymOperand.NONE);
        SymOperand c0Src = c0.map(u -> stateSource(u, params.initialCell(), h)).orElse(SymOperand.NONE);
        program.add(SymInstruction.elementwise(Opcode.STATE_INIT, hOp, h0Src, SymOperand.NONE, h,
                h0.isPresent() ? 0 : Instruction.FLAG_ZERO, p + ".h"));
        program.add(SymInstruction.elementwise(Opcode.STATE_INIT, cOp, c0Src, SymOperand.NONE, h,
                c0.isPresent() ? 0 : Instruction.FLAG_ZERO, p + ".c"));

        int loop = beginLoop(reverse);
        if (projected) {
            // the step's precomputed projection, to which the FC adds the recurrent part
            String load = p + ".load_gx";
            addComponent(new Component(load, layer.name(), ComponentKernel.ELEMENTWISE, ComponentKind.PROJECTION_LOAD,
                    4 * h, 0, ActivationCode.NONE, ""));
            program.add(SymInstruction.elementwise(Opcode.COPY, SymOperand.at(gates, 0), new SymOperand(gx, 0, 4 * hp),
                    SymOperand.NONE, 4 * hp, 0, load));
        } else {
            // concat: no copy, the gate FCs read x_t and h_{t-1} in place (emitGateFc)
            addComponent(new Component(concat, layer.name(), ComponentKernel.IN_PLACE, ComponentKind.CONCAT, cols,
                    0, ActivationCode.NONE, ""));
        }

        // gate FCs
        boolean actsDone;
        if (fused) {
            boolean gatesAct = config.fusedActivations() && !peep && 4L * hp <= rowLimit;
            int stepCols = projected ? h : cols;
            for (Gate g : Gate.values()) {
                addComponent(new Component(p + "." + g.suffix(), layer.name(), ComponentKernel.FC,
                        ComponentKind.FULLY_CONNECTED, h, stepCols, gatesAct ? gateActivation(g) : ActivationCode.NONE,
                        p));
            }
            ActivationCode gateCode = gatesAct ? ActivationCode.LSTM_GATES : ActivationCode.NONE;
            if (projected) {
                // recurrent columns only, accumulated onto the loaded projection (no bias: it is in gx)
                emitRecurrentColumns(fusedName, SymOperand.at(gates, 0), SymOperand.at(wUnit[0], 0), 4 * hp, d,
                        hOp, h, gateCode, hp);
            } else {
                emitGateFc(fusedName, SymOperand.at(gates, 0), SymOperand.at(wUnit[0], 0), SymOperand.at(bUnit[0], 0),
                        4 * hp, in.operand(), d, hOp, h, gateCode, hp);
            }
            actsDone = gatesAct;
        } else {
            boolean gateAct = config.fusedActivations() && !peep;
            for (Gate g : Gate.values()) {
                int i = g.ordinal();
                ActivationCode act = gateAct ? gateActivation(g) : ActivationCode.NONE;
                String name = p + "." + g.suffix();
                addComponent(new Component(name, layer.name(), ComponentKernel.FC, ComponentKind.FULLY_CONNECTED, h,
                        cols, act, ""));
                emitGateFc(name, gate[i], SymOperand.at(wUnit[i], wOff[i]), SymOperand.at(bUnit[i], bOff[i]), h,
                        in.operand(), d, hOp, h, act, 0);
            }
            actsDone = gateAct;
        }
        int gi = Gate.INPUT.ordinal();
        int gf = Gate.FORGET.ordinal();
        int gg = Gate.CELL.ordinal();
        int go = Gate.OUTPUT.ordinal();
        if (!actsDone) {
            if (peep) {
                peephole(layer, p + ".peep_i", gate[gi], SymOperand.at(peepUnit, 0), cOp, tmpOp, h);
                peephole(layer, p + ".peep_f", gate[gf], SymOperand.at(peepUnit, h), cOp, tmpOp, h);
            }
            act(layer, p + ".sig_i", ActivationCode.SIGMOID, gate[gi], gate[gi], h);
            act(layer, p + ".sig_f", ActivationCode.SIGMOID, gate[gf], gate[gf], h);
            act(layer, p + ".tanh_g", ActivationCode.TANH, gate[gg], gate[gg], h);
            if (!peep) {
                act(layer, p + ".sig_o", ActivationCode.SIGMOID, gate[go], gate[go], h);
            }
        }
        // c_t = f ⊙ c_{t-1} + i ⊙ g
        String cell = p + ".cell";
        addComponent(new Component(cell, layer.name(), ComponentKernel.ELEMENTWISE, ComponentKind.CELL_UPDATE, h, 0,
                ActivationCode.NONE, ""));
        program.add(SymInstruction.elementwise(Opcode.MUL, cOp, gate[gf], cOp, h, 0, cell));
        program.add(SymInstruction.elementwise(Opcode.MUL, tmpOp, gate[gi], gate[gg], h, 0, cell));
        program.add(SymInstruction.elementwise(Opcode.ADD, cOp, cOp, tmpOp, h, 0, cell));
        if (!actsDone && peep) {
            peephole(layer, p + ".peep_o", gate[go], SymOperand.at(peepUnit, 2L * h), cOp, tmpOp, h);
            act(layer, p + ".sig_o", ActivationCode.SIGMOID, gate[go], gate[go], h);
        }
        // h_t = o ⊙ tanh(c_t), written straight into the state L.h
        act(layer, p + ".tanh_c", ActivationCode.TANH, tmpOp, cOp, h);
        String hidden = p + ".hidden";
        addComponent(new Component(hidden, layer.name(), ComponentKernel.ELEMENTWISE, ComponentKind.HIDDEN_UPDATE, h,
                0, ActivationCode.NONE, ""));
        program.add(SymInstruction.elementwise(Opcode.MUL, hOp, gate[go], tmpOp, h, 0, hidden));

        long dirOffset = (long) k * h;
        SymOperand dst = new SymOperand(out.unit(), out.offset() + dirOffset, out.stride());
        OutputMode mode = layer.outputMode();
        String copyH = p + ".copy_h";
        if (mode == OutputMode.SEQUENCE) {
            copy(layer, copyH, dst, hOp, h, 0);
        } else if (mode == OutputMode.LAST_STEP && reverse) {
            copy(layer, copyH, dst, hOp, h, Instruction.FLAG_FIRST_ITERATION);
        }
        endLoop(loop);
        if (mode == OutputMode.LAST_STATE || (mode == OutputMode.LAST_STEP && !reverse)) {
            copy(layer, copyH, dst, hOp, h, 0);
        } else if (mode == OutputMode.LAST_CELL) {
            copy(layer, p + ".copy_c", dst, cOp, h, 0);
        }
    }

    private static ActivationCode gateActivation(Gate g) {
        return g == Gate.CELL ? ActivationCode.TANH : ActivationCode.SIGMOID;
    }

    private void peephole(LstmLayer layer, String name, SymOperand gate, SymOperand p, SymOperand c, SymOperand tmp,
            int h) throws CompilationException {
        addComponent(new Component(name, layer.name(), ComponentKernel.ELEMENTWISE, ComponentKind.PEEPHOLE, h, 0,
                ActivationCode.NONE, ""));
        program.add(SymInstruction.elementwise(Opcode.MUL, tmp, p, c, h, 0, name));
        program.add(SymInstruction.elementwise(Opcode.ADD, gate, gate, tmp, h, 0, name));
    }

    private void act(LstmLayer layer, String name, ActivationCode act, SymOperand dst, SymOperand src, int h)
            throws CompilationException {
        addComponent(new Component(name, layer.name(), ComponentKernel.ELEMENTWISE,
                act == ActivationCode.TANH ? ComponentKind.TANH : ComponentKind.SIGMOID, h, 0, ActivationCode.NONE, ""));
        program.add(SymInstruction.activation(act, dst, src, h, name));
    }

    private void copy(LstmLayer layer, String name, SymOperand dst, SymOperand src, int h, int flags)
            throws CompilationException {
        addComponent(new Component(name, layer.name(), ComponentKernel.ELEMENTWISE, ComponentKind.OUTPUT_COPY, h, 0,
                ActivationCode.NONE, ""));
        program.add(SymInstruction.elementwise(Opcode.COPY, dst, src, SymOperand.NONE, h, flags, name));
    }

    private Optional<String> initialState(String name, Optional<FloatTensor> state, int h) throws CompilationException {
        if (state.isEmpty()) {
            return Optional.empty();
        }
        // [H] shared by every sequence, or [B, H]: B rows, one per sequence of the batch
        addWeight(name, SymbolKind.INITIAL_STATE, state.get().size(), vectorSource(state.get(), state.get().size()));
        return Optional.of(name);
    }

    /** STATE_INIT's source: a fixed [H] state, or a [B, H] one strided by H over the sequence index. */
    private static SymOperand stateSource(String unit, Optional<FloatTensor> state, int h) {
        return new SymOperand(unit, 0, state.orElseThrow().rank() == 2 ? h : 0);
    }

    // ---------------------------------------------------------------- FC emission and tiling

    private int rowLimit() {
        return config.fcOutputMemorySize() / config.fcThreads() * config.fcThreads();
    }

    private int padRows(int rows) {
        int t = config.fcThreads();
        return (rows + t - 1) / t * t;
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

    /** Emits one FC over a dense weight matrix (row stride = cols); see the general form below. */
    private void emitFc(String component, SymOperand dst, SymOperand w, SymOperand x, SymOperand bias, int rows,
            int cols, ActivationCode act, int gateRows) throws CompilationException {
        emitFc(component, dst, w, cols, x, bias, rows, cols, act, gateRows);
    }

    /**
     * Emits a gate FC over the depth concatenation [x_t ; h_{t-1}] without building it: the input-weight
     * columns read x_t where it is (the input or the previous layer's output, time-strided), then the
     * recurrent columns accumulate h_{t-1} from its state. The weights keep their H × (D + H) rows; with
     * tiling off the kernel's input memory must hold the whole concatenation, as for one FC.
     */
    private void emitGateFc(String component, SymOperand dst, SymOperand w, SymOperand bias, int rows, SymOperand x,
            int d, SymOperand hOp, int h, ActivationCode act, int gateRows) throws CompilationException {
        requireFitsKernel(component, rows, d + h);
        emitFc(component, dst, w, d + h, x, bias, rows, d, ActivationCode.NONE, 0);
        emitRecurrentColumns(component, dst, w, rows, d, hOp, h, act, gateRows);
    }

    /**
     * The recurrent part of a gate FC: the H columns after the D input-weight columns of each
     * H × (D + H) row, over h_{t-1}, accumulated onto dst (which holds the input part or the projection).
     */
    private void emitRecurrentColumns(String component, SymOperand dst, SymOperand w, int rows, int d, SymOperand hOp,
            int h, ActivationCode act, int gateRows) throws CompilationException {
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
    private void emitFc(String component, SymOperand dst, SymOperand w, int rowStride, SymOperand x, SymOperand bias,
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
    private void requireFitsKernel(String component, int rows, int cols) throws CompilationException {
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

    // ---------------------------------------------------------------- loops

    private int beginLoop(boolean reverse) {
        program.add(new SymInstruction(Opcode.LOOP, reverse ? Instruction.FLAG_REVERSE : 0, ActivationCode.NONE, 0, 0,
                SymOperand.NONE, SymOperand.NONE, SymOperand.NONE, SymOperand.NONE, 0, 0, ""));
        return program.size() - 1;
    }

    private void endLoop(int loopIndex) {
        if (loopIndex >= 0) {
            program.set(loopIndex, program.get(loopIndex).withAux(program.size() - loopIndex - 1));
        }
    }

    // ---------------------------------------------------------------- units and names

    private void requireBlock(boolean present, String block, String layer) throws CompilationException {
        if (!present) {
            throw new CompilationException(sourceFile, layer, "layer '" + layer + "' needs the elementwise kernel's "
                    + block + ", which this processor configuration disables");
        }
    }

    private void addComponent(Component component) throws CompilationException {
        if (!componentNames.add(component.name())) {
            throw clash(component.name());
        }
        components.add(component);
    }

    private void addBuffer(String name, SymbolKind kind, RegionKind region, long elements) throws CompilationException {
        claim(name);
        buffers.add(new DataBuffer(name, kind, region, elements));
    }

    private void addWeight(String name, SymbolKind kind, long elements, WeightSource source) throws CompilationException {
        claim(name);
        weights.add(new WeightBlock(name, kind, elements, source));
    }

    private void addAlias(SymbolAlias alias) throws CompilationException {
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

    // ---------------------------------------------------------------- weight sources

    /** Rows of the given gates, each gate padded to {@code hp} rows: [input weights | recurrent weights]. */
    static WeightSource gateWeightSource(LstmDirection p, List<Gate> gates, int hp) {
        return sink -> {
            int h = p.hiddenSize();
            int d = p.inputSize();
            float[] row = new float[d + h];
            for (Gate g : gates) {
                for (int r = 0; r < hp; r++) {
                    if (r < h) {
                        int src = g.ordinal() * h + r;
                        p.inputWeights().copyTo(src * d, row, 0, d);
                        p.recurrentWeights().copyTo(src * h, row, d, h);
                        sink.put(row, 0, d + h);
                    } else {
                        sink.zeros(d + h);
                    }
                }
            }
        };
    }

    /** Bias slices of the given gates, each padded to {@code hp} elements. */
    static WeightSource gateBiasSource(LstmDirection p, List<Gate> gates, int hp) {
        return sink -> {
            int h = p.hiddenSize();
            float[] slice = new float[h];
            for (Gate g : gates) {
                p.bias().copyTo(g.ordinal() * h, slice, 0, h);
                sink.put(slice, 0, h);
                sink.zeros(hp - h);
            }
        };
    }

    /** A [rows × cols] matrix padded with zero rows to {@code paddedRows}. */
    static WeightSource matrixSource(FloatTensor m, int paddedRows) {
        return sink -> {
            int rows = m.dim(0);
            int cols = m.dim(1);
            float[] row = new float[cols];
            for (int r = 0; r < rows; r++) {
                m.copyTo(r * cols, row, 0, cols);
                sink.put(row, 0, cols);
            }
            sink.zeros((long) (paddedRows - rows) * cols);
        };
    }

    /** A vector padded with zeros to {@code length}. */
    static WeightSource vectorSource(FloatTensor v, int length) {
        return sink -> {
            float[] a = new float[v.size()];
            v.copyTo(0, a, 0, a.length);
            sink.put(a, 0, a.length);
            sink.zeros(length - a.length);
        };
    }
}
