package io.github.lstmhdl.lower;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.ir.Direction;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.GruLayer;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.ir.StateKind;
import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.memory.SymbolKind;
import java.util.Optional;

/**
 * A GRU layer, decomposed as the toolbox names it: per direction {@code L}, the reset gate is the FC
 * {@code L.rh} and the update gate with the candidate is the FC {@code L.wh}, both over the in-place
 * concatenation [x_t ; h_{t-1}] ({@code L.concat}); then the elementwise parts {@code L.sig_r},
 * {@code L.sig_z} (when the activations are not in the FC write-back), {@code L.reset} (the reset
 * gate applied), {@code L.tanh_h}, {@code L.hidden} (the state update) and the output copy.
 *
 * <p>The weight rows are kept in the order r, z, h (so that {@code L.rh} is the first H rows and
 * {@code L.wh} the 2H after them), each gate padded to Hp rows, D + H columns [input | recurrent].
 * Per step, for the two forms of the layer ({@link GruLayer#resetAfter()}):
 *
 * <pre>
 * r, z   = σ(W·x_t + R·h + b)              FC over [x_t ; h], b = Wb + Rb
 * n      = W_h·x_t + b_n                   FC over x_t only, b_n = Wb_h (reset after) or Wb_h + Rb_h
 * reset after:   q = R_h·h + Rb_h;  q = r ⊙ q;  n = n + q;  n = tanh(n)
 * reset before:  q = r ⊙ h;  n = n + R_h·q;  n = tanh(n)             (the FC accumulates onto n)
 * h      = n + z ⊙ (h − n)                 SUB, MUL, ADD: (1 − z) ⊙ n + z ⊙ h without a constant 1
 * </pre>
 *
 * With {@code gateFusion} the FCs of the input columns of all 3·Hp rows and of the recurrent columns
 * of r and z become one FC each (rows are independent in the FC kernel, so the bits are those of the
 * separate FCs); the candidate's recurrent columns stay an FC of their own, since they need r first.
 * {@code inputProjection} is an LSTM option: a GRU ignores it.
 */
final class GruLowering implements LayerLowering<GruLayer> {
    /** Gate blocks of the weight rows, in this order: r (reset), z (update), h (candidate). */
    private static final int R = 0;
    private static final int Z = 1;
    private static final int N = 2;

    @Override
    public Flow lower(GruLayer layer, Flow in, Placement placement, ProgramBuilder program)
            throws CompilationException {
        return program.eachDirection(layer, placement, (k, out) -> lowerDirection(layer, k, in, out, program));
    }

    private void lowerDirection(GruLayer layer, int k, Flow in, Flow out, ProgramBuilder program)
            throws CompilationException {
        ProcessorConfig config = program.config();
        String p = LstmLowering.directionPrefix(layer.name(), k);
        boolean reverse = layer.direction() == Direction.REVERSE || k == 1;
        GruLayer.Parameters params = layer.directions().get(k);
        boolean after = layer.resetAfter();
        int d = in.features();
        int h = layer.hiddenSize();
        int hp = program.padRows(h);
        int cols = d + h;
        boolean fused = config.gateFusion();
        boolean acts = config.fusedActivations();
        String name = layer.name();

        // units: the state, the gate pre-activations [r | z | n] and two vectors of H
        String hUnit = p + ".h";
        program.addBuffer(hUnit, SymbolKind.STATE, RegionKind.SYSTEM_BUFFER, h);
        program.addBuffer(p + ".gates", SymbolKind.BUFFER, RegionKind.SYSTEM_BUFFER, 3L * hp);
        program.addBuffer(p + ".q", SymbolKind.BUFFER, RegionKind.SYSTEM_BUFFER, h);
        program.addBuffer(p + ".tmp", SymbolKind.BUFFER, RegionKind.SYSTEM_BUFFER, h);
        SymOperand hOp = SymOperand.at(hUnit, 0);
        SymOperand qOp = SymOperand.at(p + ".q", 0);
        SymOperand tmpOp = SymOperand.at(p + ".tmp", 0);
        SymOperand[] gate = {SymOperand.at(p + ".gates", 0), SymOperand.at(p + ".gates", hp),
            SymOperand.at(p + ".gates", 2L * hp)};

        // weights [r ; z ; h] rows and biases [r ; z ; n (; Rb_h)]: one block with gate fusion, else rh and wh
        int biasRows = after ? 4 : 3;
        String rhW = p + ".rh.weights";
        String whW = p + ".wh.weights";
        String rhB = p + ".rh.bias";
        String whB = p + ".wh.bias";
        SymOperand w;
        SymOperand b;
        if (fused) {
            String wb = p + ".gates.weights";
            String bb = p + ".gates.bias";
            program.addWeight(wb, SymbolKind.WEIGHTS, 3L * hp * cols, weightSource(params, R, 3, hp));
            program.addWeight(bb, SymbolKind.BIAS, (long) biasRows * hp, biasSource(params, after, R, biasRows, hp));
            program.addAlias(new SymbolAlias(rhW, SymbolKind.WEIGHTS, wb, 0, (long) hp * cols));
            program.addAlias(new SymbolAlias(whW, SymbolKind.WEIGHTS, wb, (long) hp * cols, 2L * hp * cols));
            program.addAlias(new SymbolAlias(rhB, SymbolKind.BIAS, bb, 0, hp));
            program.addAlias(new SymbolAlias(whB, SymbolKind.BIAS, bb, hp, (long) (biasRows - 1) * hp));
            w = SymOperand.at(wb, 0);
            b = SymOperand.at(bb, 0);
        } else {
            program.addWeight(rhW, SymbolKind.WEIGHTS, (long) hp * cols, weightSource(params, R, 1, hp));
            program.addWeight(rhB, SymbolKind.BIAS, hp, biasSource(params, after, R, 1, hp));
            program.addWeight(whW, SymbolKind.WEIGHTS, 2L * hp * cols, weightSource(params, Z, 2, hp));
            program.addWeight(whB, SymbolKind.BIAS, (long) (biasRows - 1) * hp,
                    biasSource(params, after, Z, biasRows - 1, hp));
            w = null;
            b = null;
        }
        SymOperand[] gw = new SymOperand[3];
        SymOperand[] gb = new SymOperand[4];
        for (int g = 0; g < 3; g++) {
            gw[g] = fused ? w.plus((long) g * hp * cols) : g == R ? SymOperand.at(rhW, 0)
                    : SymOperand.at(whW, (long) (g - 1) * hp * cols);
        }
        for (int g = 0; g < biasRows; g++) {
            gb[g] = fused ? b.plus((long) g * hp) : g == R ? SymOperand.at(rhB, 0)
                    : SymOperand.at(whB, (long) (g - 1) * hp);
        }
        String h0 = initialState(program, p + ".h0", params.initialHidden());
        SymOperand h0Src = h0 == null ? SymOperand.NONE
                : new SymOperand(h0, 0, params.initialHidden().orElseThrow().rank() == 2 ? h : 0);
        program.stateInit(name, k, StateKind.HIDDEN, hOp, h0Src, h, hUnit);

        int loop = program.beginLoop(reverse);
        program.addComponent(new Component(p + ".concat", name, ComponentKernel.IN_PLACE, ComponentKind.CONCAT,
                cols, 0, ActivationCode.NONE, ""));
        String fusionKey = fused ? p : "";
        ActivationCode gateAct = acts ? ActivationCode.SIGMOID : ActivationCode.NONE;
        // listed as the toolbox lists them (gru_1.wh, then gru_1.rh), although r is computed first
        program.addComponent(new Component(p + ".wh", name, ComponentKernel.FC, ComponentKind.FULLY_CONNECTED,
                2 * h, cols, ActivationCode.NONE, fusionKey));
        program.addComponent(new Component(p + ".rh", name, ComponentKernel.FC, ComponentKind.FULLY_CONNECTED, h,
                cols, gateAct, fusionKey));
        String rh = p + ".rh";
        String wh = p + ".wh";
        if (fused) {
            // one FC over the input columns of all 3·Hp rows, one over the recurrent columns of r and z
            String both = wh + ">>" + rh;
            program.requireFitsKernel(both, 3 * hp, cols);
            program.emitFc(both, gate[R], w, cols, in.operand(), b, 3 * hp, d, ActivationCode.NONE, 0);
            program.emitRecurrentColumns(both, gate[R], w, 2 * hp, d, hOp, h, gateAct, 0);
        } else {
            program.emitGateFc(rh, gate[R], gw[R], gb[R], h, in.operand(), d, hOp, h, gateAct, 0);
            program.emitGateFc(wh, gate[Z], gw[Z], gb[Z], h, in.operand(), d, hOp, h, gateAct, 0);
            program.emitFc(wh, gate[N], gw[N], cols, in.operand(), gb[N], h, d, ActivationCode.NONE, 0);
        }
        if (!acts) {
            act(program, name, p + ".sig_r", ActivationCode.SIGMOID, gate[R], h);
            act(program, name, p + ".sig_z", ActivationCode.SIGMOID, gate[Z], h);
        }
        String reset = p + ".reset";
        program.addComponent(new Component(reset, name, ComponentKernel.ELEMENTWISE, ComponentKind.RESET_GATE, h, 0,
                ActivationCode.NONE, ""));
        boolean tanhDone;
        if (after) {
            // q = R_h·h_{t-1} + Rb_h; n = n + r ⊙ q
            program.requireFitsKernel(wh, h, h);
            program.emitFc(wh, qOp, gw[N].plus(d), cols, hOp, gb[3], h, h, ActivationCode.NONE, 0);
            program.emit(SymInstruction.elementwise(Opcode.MUL, qOp, gate[R], qOp, h, 0, reset));
            program.emit(SymInstruction.elementwise(Opcode.ADD, gate[N], gate[N], qOp, h, 0, reset));
            tanhDone = false;
        } else {
            // q = r ⊙ h_{t-1}; n = n + R_h·q (accumulated, with tanh in the write-back when fused)
            program.emit(SymInstruction.elementwise(Opcode.MUL, qOp, gate[R], hOp, h, 0, reset));
            ActivationCode candidateAct = acts ? ActivationCode.TANH : ActivationCode.NONE;
            program.emitRecurrentColumns(wh, gate[N], gw[N], h, d, qOp, h, candidateAct, 0);
            tanhDone = acts;
        }
        if (!tanhDone) {
            act(program, name, p + ".tanh_h", ActivationCode.TANH, gate[N], h);
        }
        // h_t = n + z ⊙ (h_{t-1} − n), written straight into the state L.h
        String hidden = p + ".hidden";
        program.addComponent(new Component(hidden, name, ComponentKernel.ELEMENTWISE, ComponentKind.GRU_UPDATE, h, 0,
                ActivationCode.NONE, ""));
        program.emit(SymInstruction.elementwise(Opcode.SUB, tmpOp, hOp, gate[N], h, 0, hidden));
        program.emit(SymInstruction.elementwise(Opcode.MUL, tmpOp, gate[Z], tmpOp, h, 0, hidden));
        program.emit(SymInstruction.elementwise(Opcode.ADD, hOp, gate[N], tmpOp, h, 0, hidden));

        SymOperand dst = new SymOperand(out.unit(), out.offset() + (long) k * h, out.stride());
        OutputMode mode = layer.outputMode();
        String copyH = p + ".copy_h";
        program.copyStateInLoop(name, copyH, dst, hOp, h, mode, reverse);
        program.endLoop(loop);
        program.copyStateAfterLoop(name, copyH, dst, hOp, h, mode, reverse);
        program.copyFinalState(name, k, StateKind.HIDDEN, p, hOp, h);
    }

    private static void act(ProgramBuilder program, String layer, String name, ActivationCode act, SymOperand v,
            int h) throws CompilationException {
        ComponentKind kind = act == ActivationCode.TANH ? ComponentKind.TANH : ComponentKind.SIGMOID;
        program.addComponent(new Component(name, layer, ComponentKernel.ELEMENTWISE, kind, h, 0, ActivationCode.NONE,
                ""));
        program.emit(SymInstruction.activation(act, v, v, h, name));
    }

    /** The initial state's unit ([H] shared, or [B, H] one row per sequence), or null when it is zero. */
    private static String initialState(ProgramBuilder program, String name, Optional<FloatTensor> state)
            throws CompilationException {
        if (state.isEmpty()) {
            return null;
        }
        FloatTensor s = state.get();
        program.addWeight(name, SymbolKind.INITIAL_STATE, s.size(), WeightSources.vector(s, s.size()));
        return name;
    }

    // ---------------------------------------------------------------- weight sources

    /** The ONNX block (z, r, h) of gate block g of this lowering's order (r, z, h). */
    private static int onnxBlock(int g) {
        return g == R ? 1 : g == Z ? 0 : 2;
    }

    /** {@code count} gate blocks from {@code first} (order r, z, h), each padded to hp rows of [W | R]. */
    private static WeightSource weightSource(GruLayer.Parameters p, int first, int count, int hp) {
        return sink -> {
            int h = p.hiddenSize();
            int d = p.inputSize();
            float[] row = new float[d + h];
            for (int g = first; g < first + count; g++) {
                for (int r = 0; r < hp; r++) {
                    if (r < h) {
                        int src = onnxBlock(g) * h + r;
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

    /**
     * {@code count} bias blocks from {@code first}, each padded to hp: block r and z are Wb + Rb, block
     * n is Wb_h (reset after) or Wb_h + Rb_h (reset before), block 3 (reset after only) is Rb_h.
     */
    private static WeightSource biasSource(GruLayer.Parameters p, boolean after, int first, int count, int hp) {
        return sink -> {
            int h = p.hiddenSize();
            float[] wb = new float[3 * h];
            float[] rb = new float[3 * h];
            p.inputBias().copyTo(0, wb, 0, 3 * h);
            p.recurrentBias().copyTo(0, rb, 0, 3 * h);
            float[] slice = new float[h];
            for (int g = first; g < first + count; g++) {
                int src = g == 3 ? 2 * h : onnxBlock(g) * h;
                for (int j = 0; j < h; j++) {
                    slice[j] = g == 3 ? rb[src + j] : g == N && after ? wb[src + j] : wb[src + j] + rb[src + j];
                }
                sink.put(slice, 0, h);
                sink.zeros(hp - h);
            }
        };
    }
}
