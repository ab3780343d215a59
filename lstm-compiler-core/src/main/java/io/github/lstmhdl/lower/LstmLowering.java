package io.github.lstmhdl.lower;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.ir.Activation;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.LstmDirection;
import io.github.lstmhdl.ir.LstmLayer;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.ir.StateKind;
import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.memory.SymbolKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An LSTM layer: per direction, the states h and c, the gate FCs over [x_t ; h_{t-1}] (fused into one
 * FC of 4·Hp rows with {@code gateFusion}, over a precomputed input projection with
 * {@code inputProjection}), the gate activations (in the FC's write-back with
 * {@code fusedActivations}), optional peepholes, the cell and hidden updates, and the copies that
 * the output mode asks for, in one time loop per direction (a reverse loop for the backward one).
 */
final class LstmLowering implements LayerLowering<LstmLayer> {
    @Override
    public Flow lower(LstmLayer layer, Flow in, Placement placement, ProgramBuilder program)
            throws CompilationException {
        return program.eachDirection(layer, placement, (k, out) -> lowerDirection(layer, k, in, out, program));
    }

    /** The component prefix of direction {@code k} of a layer: {@code L}, or {@code L_b} for the backward one. */
    static String directionPrefix(String layer, int k) {
        return k == 0 ? layer : layer + "_b";
    }

    private void lowerDirection(LstmLayer layer, int k, Flow in, Flow out, ProgramBuilder program)
            throws CompilationException {
        ProcessorConfig config = program.config();
        int frameLimit = program.frameLimit();
        String p = directionPrefix(layer.name(), k);
        boolean reverse = layer.direction() == Direction.REVERSE || k == 1;
        LstmDirection params = layer.directions().get(k);
        int d = in.features();
        int h = layer.hiddenSize();
        int hp = program.padRows(h);
        int cols = d + h;
        boolean peep = params.peepholes().isPresent();
        boolean fused = config.gateFusion();
        String fusedName = p + ".wi>>" + p + ".wo";
        // the activations f (gates i, f, o), g (cell candidate) and h (cell output) of this direction
        List<Activation> acts = layer.activations(k);
        boolean defaults = acts.equals(LstmLayer.DEFAULT_ACTIVATIONS);
        ActivationCode[] gateAct = new ActivationCode[4];
        for (LstmGate g : LstmGate.values()) {
            gateAct[g.ordinal()] = code(g == LstmGate.CELL ? acts.get(1) : acts.get(0));
        }
        ActivationCode cellAct = code(acts.get(2));
        int rowLimit = program.rowLimit();

        // units
        boolean projected = fused && config.inputProjection();
        String concat = p + ".concat";
        String c = p + ".c";
        String gates = p + ".gates";
        String tmp = p + ".tmp";
        String gx = p + ".gx";
        // h is a state of its own: the gate FCs read [x_t ; h_{t-1}] from where each part already is
        program.addBuffer(p + ".h", SymbolKind.STATE, RegionKind.SYSTEM_BUFFER, h);
        SymOperand hOp = SymOperand.at(p + ".h", 0);
        program.addBuffer(c, SymbolKind.STATE, RegionKind.SYSTEM_BUFFER, h);
        program.addBuffer(gates, SymbolKind.BUFFER, RegionKind.SYSTEM_BUFFER, 4L * hp);
        program.addBuffer(tmp, SymbolKind.BUFFER, RegionKind.SYSTEM_BUFFER, h);
        if (projected) {
            program.addBuffer(gx, SymbolKind.BUFFER, RegionKind.SYSTEM_BUFFER, (long) frameLimit * 4 * hp);
        }
        SymOperand cOp = SymOperand.at(c, 0);
        SymOperand tmpOp = SymOperand.at(tmp, 0);
        SymOperand[] gate = new SymOperand[4];
        for (LstmGate g : LstmGate.values()) {
            gate[g.ordinal()] = SymOperand.at(gates, (long) g.ordinal() * hp);
        }

        // weights
        GateWeights w = gateWeights(program, p, params, hp, cols, fused);
        String peepUnit = p + ".peephole";
        if (peep) {
            program.addWeight(peepUnit, SymbolKind.PEEPHOLE, 3L * h, WeightSources.vector(params.peepholes().get(),
                    3 * h));
        }
        Optional<String> h0 = initialState(program, p + ".h0", params.initialHidden(), h);
        Optional<String> c0 = initialState(program, p + ".c0", params.initialCell(), h);

        if (projected) {
            // gx[t] = W_x·x_t + b for every step at once, before the recurrence (forward order suffices)
            String proj = p + ".proj";
            program.addComponent(new Component(proj, layer.name(), ComponentKernel.FC, ComponentKind.FULLY_CONNECTED,
                    4 * h, d, ActivationCode.NONE, ""));
            int projLoop = program.beginLoop(false);
            program.emitFc(proj, new SymOperand(gx, 0, 4 * hp), w.weights(0), cols, in.operand(),
                    w.bias(0), 4 * hp, d, ActivationCode.NONE, 0);
            program.endLoop(projLoop);
        }
        // state initialization (only when the run's reset flag is set)
        // a per-sequence state [B, H] is read at row n (the run's sequence index): stride H over n
        SymOperand h0Src = h0.map(u -> stateSource(u, params.initialHidden(), h)).orElse(SymOperand.NONE);
        SymOperand c0Src = c0.map(u -> stateSource(u, params.initialCell(), h)).orElse(SymOperand.NONE);
        // a state input, where the network has one, takes the place of the constant (or zero) initial state
        program.stateInit(layer.name(), k, StateKind.HIDDEN, hOp, h0Src, h, p + ".h");
        program.stateInit(layer.name(), k, StateKind.CELL, cOp, c0Src, h, p + ".c");

        int loop = program.beginLoop(reverse);
        if (projected) {
            // the step's precomputed projection, to which the FC adds the recurrent part
            String load = p + ".load_gx";
            program.addComponent(new Component(load, layer.name(), ComponentKernel.ELEMENTWISE,
                    ComponentKind.PROJECTION_LOAD, 4 * h, 0, ActivationCode.NONE, ""));
            program.emit(SymInstruction.elementwise(Opcode.COPY, SymOperand.at(gates, 0), new SymOperand(gx, 0, 4 * hp),
                    SymOperand.NONE, 4 * hp, 0, load));
        } else {
            // concat: no copy, the gate FCs read x_t and h_{t-1} in place (ProgramBuilder.emitGateFc)
            program.addComponent(new Component(concat, layer.name(), ComponentKernel.IN_PLACE, ComponentKind.CONCAT,
                    cols, 0, ActivationCode.NONE, ""));
        }

        // gate FCs
        boolean actsDone;
        if (fused) {
            // LSTM_GATES applies the default activations only; other ones are separate ACTs per gate slice
            boolean gatesAct = config.fusedActivations() && !peep && 4L * hp <= rowLimit && defaults;
            int stepCols = projected ? h : cols;
            for (LstmGate g : LstmGate.values()) {
                program.addComponent(new Component(p + "." + g.suffix(), layer.name(), ComponentKernel.FC,
                        ComponentKind.FULLY_CONNECTED, h, stepCols, gatesAct ? gateAct[g.ordinal()] : ActivationCode.NONE,
                        p));
            }
            ActivationCode gateCode = gatesAct ? ActivationCode.LSTM_GATES : ActivationCode.NONE;
            if (projected) {
                // recurrent columns only, accumulated onto the loaded projection (no bias: it is in gx)
                program.emitRecurrentColumns(fusedName, SymOperand.at(gates, 0), w.weights(0), 4 * hp, d,
                        hOp, h, gateCode, hp);
            } else {
                program.emitGateFc(fusedName, SymOperand.at(gates, 0), w.weights(0),
                        w.bias(0), 4 * hp, in.operand(), d, hOp, h, gateCode, hp);
            }
            actsDone = gatesAct;
        } else {
            boolean gateWriteBack = config.fusedActivations() && !peep;
            for (LstmGate g : LstmGate.values()) {
                int i = g.ordinal();
                ActivationCode act = gateWriteBack ? gateAct[i] : ActivationCode.NONE;
                String name = p + "." + g.suffix();
                program.addComponent(new Component(name, layer.name(), ComponentKernel.FC,
                        ComponentKind.FULLY_CONNECTED, h, cols, act, ""));
                program.emitGateFc(name, gate[i], w.weights(i), w.bias(i), h, in.operand(), d, hOp, h, act, 0);
            }
            actsDone = gateWriteBack;
        }
        int gi = LstmGate.INPUT.ordinal();
        int gf = LstmGate.FORGET.ordinal();
        int gg = LstmGate.CELL.ordinal();
        int go = LstmGate.OUTPUT.ordinal();
        if (!actsDone) {
            if (peep) {
                peephole(program, layer, p + ".peep_i", gate[gi], SymOperand.at(peepUnit, 0), cOp, tmpOp, h);
                peephole(program, layer, p + ".peep_f", gate[gf], SymOperand.at(peepUnit, h), cOp, tmpOp, h);
            }
            act(program, layer, p + "." + actName(gateAct[gi]) + "_i", gateAct[gi], gate[gi], gate[gi], h);
            act(program, layer, p + "." + actName(gateAct[gf]) + "_f", gateAct[gf], gate[gf], gate[gf], h);
            act(program, layer, p + "." + actName(gateAct[gg]) + "_g", gateAct[gg], gate[gg], gate[gg], h);
            if (!peep) {
                act(program, layer, p + "." + actName(gateAct[go]) + "_o", gateAct[go], gate[go], gate[go], h);
            }
        }
        // c_t = f ⊙ c_{t-1} + i ⊙ g
        String cell = p + ".cell";
        program.addComponent(new Component(cell, layer.name(), ComponentKernel.ELEMENTWISE,
                ComponentKind.CELL_UPDATE, h, 0, ActivationCode.NONE, ""));
        program.emit(SymInstruction.elementwise(Opcode.MUL, cOp, gate[gf], cOp, h, 0, cell));
        program.emit(SymInstruction.elementwise(Opcode.MUL, tmpOp, gate[gi], gate[gg], h, 0, cell));
        program.emit(SymInstruction.elementwise(Opcode.ADD, cOp, cOp, tmpOp, h, 0, cell));
        if (!actsDone && peep) {
            peephole(program, layer, p + ".peep_o", gate[go], SymOperand.at(peepUnit, 2L * h), cOp, tmpOp, h);
            act(program, layer, p + "." + actName(gateAct[go]) + "_o", gateAct[go], gate[go], gate[go], h);
        }
        // h_t = o ⊙ h(c_t) (tanh by default), written straight into the state L.h
        act(program, layer, p + "." + actName(cellAct) + "_c", cellAct, tmpOp, cOp, h);
        String hidden = p + ".hidden";
        program.addComponent(new Component(hidden, layer.name(), ComponentKernel.ELEMENTWISE,
                ComponentKind.HIDDEN_UPDATE, h, 0, ActivationCode.NONE, ""));
        program.emit(SymInstruction.elementwise(Opcode.MUL, hOp, gate[go], tmpOp, h, 0, hidden));

        long dirOffset = (long) k * h;
        SymOperand dst = new SymOperand(out.unit(), out.offset() + dirOffset, out.stride());
        OutputMode mode = layer.outputMode();
        String copyH = p + ".copy_h";
        program.copyStateInLoop(layer.name(), copyH, dst, hOp, h, mode, reverse);
        program.endLoop(loop);
        program.copyStateAfterLoop(layer.name(), copyH, dst, hOp, h, mode, reverse);
        if (mode == OutputMode.LAST_CELL) {
            program.copy(layer.name(), p + ".copy_c", dst, cOp, h, 0);
        }
        program.copyFinalState(layer.name(), k, StateKind.HIDDEN, p, hOp, h);
        program.copyFinalState(layer.name(), k, StateKind.CELL, p, cOp, h);
    }

    /**
     * Where each gate's weights and bias start: one block per gate, or with {@code gateFusion} one
     * block for the four gates (so that one FC covers them) with a symbol alias per gate.
     */
    private record GateWeights(List<SymOperand> weights, List<SymOperand> bias) {
        SymOperand weights(int gate) {
            return weights.get(gate);
        }

        SymOperand bias(int gate) {
            return bias.get(gate);
        }
    }

    private static GateWeights gateWeights(ProgramBuilder program, String p, LstmDirection params, int hp, int cols,
            boolean fused) throws CompilationException {
        List<SymOperand> weights = new ArrayList<>();
        List<SymOperand> bias = new ArrayList<>();
        if (fused) {
            String wb = p + ".gates.weights";
            String bb = p + ".gates.bias";
            program.addWeight(wb, SymbolKind.WEIGHTS, 4L * hp * cols, gateWeightSource(params,
                    List.of(LstmGate.values()), hp));
            program.addWeight(bb, SymbolKind.BIAS, 4L * hp, gateBiasSource(params, List.of(LstmGate.values()), hp));
            for (LstmGate g : LstmGate.values()) {
                long wOff = (long) g.ordinal() * hp * cols;
                long bOff = (long) g.ordinal() * hp;
                weights.add(SymOperand.at(wb, wOff));
                bias.add(SymOperand.at(bb, bOff));
                program.addAlias(new SymbolAlias(p + "." + g.suffix() + ".weights", SymbolKind.WEIGHTS, wb, wOff,
                        (long) hp * cols));
                program.addAlias(new SymbolAlias(p + "." + g.suffix() + ".bias", SymbolKind.BIAS, bb, bOff, hp));
            }
        } else {
            for (LstmGate g : LstmGate.values()) {
                String wUnit = p + "." + g.suffix() + ".weights";
                String bUnit = p + "." + g.suffix() + ".bias";
                program.addWeight(wUnit, SymbolKind.WEIGHTS, (long) hp * cols, gateWeightSource(params,
                        List.of(g), hp));
                program.addWeight(bUnit, SymbolKind.BIAS, hp, gateBiasSource(params, List.of(g), hp));
                weights.add(SymOperand.at(wUnit, 0));
                bias.add(SymOperand.at(bUnit, 0));
            }
        }
        return new GateWeights(List.copyOf(weights), List.copyOf(bias));
    }

    private static void peephole(ProgramBuilder program, LstmLayer layer, String name, SymOperand gate, SymOperand p,
            SymOperand c, SymOperand tmp, int h) throws CompilationException {
        program.addComponent(new Component(name, layer.name(), ComponentKernel.ELEMENTWISE, ComponentKind.PEEPHOLE,
                h, 0, ActivationCode.NONE, ""));
        program.emit(SymInstruction.elementwise(Opcode.MUL, tmp, p, c, h, 0, name));
        program.emit(SymInstruction.elementwise(Opcode.ADD, gate, gate, tmp, h, 0, name));
    }

    private static ActivationCode code(Activation a) {
        return switch (a) {
            case SIGMOID -> ActivationCode.SIGMOID;
            case TANH -> ActivationCode.TANH;
            case RELU -> ActivationCode.RELU;
            default -> throw new IllegalStateException("LstmLayer admits no LSTM activation " + a);
        };
    }

    /** The component name of an activation: {@code sig}, {@code tanh} or {@code relu}. */
    private static String actName(ActivationCode act) {
        return switch (act) {
            case SIGMOID -> "sig";
            case TANH -> "tanh";
            default -> "relu";
        };
    }

    private static void act(ProgramBuilder program, LstmLayer layer, String name, ActivationCode act, SymOperand dst,
            SymOperand src, int h) throws CompilationException {
        ComponentKind kind = switch (act) {
            case TANH -> ComponentKind.TANH;
            case RELU -> ComponentKind.RELU;
            default -> ComponentKind.SIGMOID;
        };
        program.addComponent(new Component(name, layer.name(), ComponentKernel.ELEMENTWISE, kind, h, 0,
                ActivationCode.NONE, ""));
        program.emit(SymInstruction.activation(act, dst, src, h, name));
    }

    private static Optional<String> initialState(ProgramBuilder program, String name, Optional<FloatTensor> state,
            int h) throws CompilationException {
        if (state.isEmpty()) {
            return Optional.empty();
        }
        // [H] shared by every sequence, or [B, H]: B rows, one per sequence of the batch
        program.addWeight(name, SymbolKind.INITIAL_STATE, state.get().size(), WeightSources.vector(state.get(),
                state.get().size()));
        return Optional.of(name);
    }

    /** STATE_INIT's source: a fixed [H] state, or a [B, H] one strided by H over the sequence index. */
    private static SymOperand stateSource(String unit, Optional<FloatTensor> state, int h) {
        return new SymOperand(unit, 0, state.orElseThrow().rank() == 2 ? h : 0);
    }

    // ---------------------------------------------------------------- weight sources

    /** Rows of the given gates, each gate padded to {@code hp} rows: [input weights | recurrent weights]. */
    static WeightSource gateWeightSource(LstmDirection p, List<LstmGate> gates, int hp) {
        return sink -> {
            int h = p.hiddenSize();
            int d = p.inputSize();
            float[] row = new float[d + h];
            for (LstmGate g : gates) {
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
    static WeightSource gateBiasSource(LstmDirection p, List<LstmGate> gates, int hp) {
        return sink -> {
            int h = p.hiddenSize();
            float[] slice = new float[h];
            for (LstmGate g : gates) {
                p.bias().copyTo(g.ordinal() * h, slice, 0, h);
                sink.put(slice, 0, h);
                sink.zeros(hp - h);
            }
        };
    }
}
