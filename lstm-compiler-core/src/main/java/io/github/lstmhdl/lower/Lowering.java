package io.github.lstmhdl.lower;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.ir.ActivationLayer;
import io.github.lstmhdl.ir.ConvolutionLayer;
import io.github.lstmhdl.ir.FullyConnectedLayer;
import io.github.lstmhdl.ir.GruLayer;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.LayerNormLayer;
import io.github.lstmhdl.ir.LstmLayer;
import io.github.lstmhdl.ir.MaxPoolLayer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.SoftmaxLayer;
import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.memory.SymbolKind;
import java.util.List;
import java.util.Objects;

/**
 * Decomposes a network into components and a symbolic program (see the package documentation and
 * {@code docs/isa.md}). Layers execute one after the other, each lowered by the {@link LayerLowering}
 * of its kind over one shared {@link ProgramBuilder}; the layers after a sequence-producing layer run
 * once per step inside a loop of their own. Weights are not copied: the weight units stream from the
 * network's tensors. This class only walks the layers: it places the input and output regions,
 * picks each kind's lowering ({@link #LOWERINGS}, exhaustive over the sealed layer type) and copies
 * the last result into the output region when no layer wrote it there.
 */
public final class Lowering {

    /** A layer with the lowering of its kind, so that both keep the same type parameter. */
    private record Step<L extends Layer>(L layer, LayerLowering<L> lowering) {
        Flow lower(Flow in, Placement placement, ProgramBuilder program) throws CompilationException {
            return lowering.lower(layer, in, placement, program);
        }

        boolean runsOnHost(ProcessorConfig config) {
            return lowering.runsOnHost(layer, config);
        }
    }

    private static final LstmLowering LSTM = new LstmLowering();
    private static final GruLowering GRU = new GruLowering();
    private static final FullyConnectedLowering FULLY_CONNECTED = new FullyConnectedLowering();
    private static final ActivationLowering ACTIVATION = new ActivationLowering();
    private static final SoftmaxLowering SOFTMAX = new SoftmaxLowering();
    private static final ConvolutionLowering CONVOLUTION = new ConvolutionLowering();
    private static final MaxPoolLowering MAX_POOL = new MaxPoolLowering();
    private static final LayerNormLowering LAYER_NORM = new LayerNormLowering();

    /** The lowering of each layer kind: one case per kind, so a kind without a lowering does not build. */
    private static final Layer.Cases<Step<?>, RuntimeException> LOWERINGS = new Layer.Cases<>() {
        @Override
        public Step<?> lstm(LstmLayer layer) {
            return new Step<>(layer, LSTM);
        }

        @Override
        public Step<?> gru(GruLayer layer) {
            return new Step<>(layer, GRU);
        }

        @Override
        public Step<?> fullyConnected(FullyConnectedLayer layer) {
            return new Step<>(layer, FULLY_CONNECTED);
        }

        @Override
        public Step<?> activation(ActivationLayer layer) {
            return new Step<>(layer, ACTIVATION);
        }

        @Override
        public Step<?> softmax(SoftmaxLayer layer) {
            return new Step<>(layer, SOFTMAX);
        }

        @Override
        public Step<?> convolution(ConvolutionLayer layer) {
            return new Step<>(layer, CONVOLUTION);
        }

        @Override
        public Step<?> maxPool(MaxPoolLayer layer) {
            return new Step<>(layer, MAX_POOL);
        }

        @Override
        public Step<?> layerNorm(LayerNormLayer layer) {
            return new Step<>(layer, LAYER_NORM);
        }
    };

    private Lowering() {
    }

    /** The component prefix of direction {@code k} of a layer: {@code L}, or {@code L_b} for the backward one. */
    public static String directionPrefix(String layer, int k) {
        return LstmLowering.directionPrefix(layer, k);
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
        ProgramBuilder program = new ProgramBuilder(config, frameLimit,
                Objects.requireNonNullElse(sourceFile, ""));
        List<Layer> layers = network.layers();
        int last = layers.size() - 1;
        List<Step<?>> steps = layers.stream().<Step<?>>map(l -> l.accept(LOWERINGS)).toList();
        int lastOnProcessor = steps.get(last).runsOnHost(config) ? last - 1 : last;
        int d = network.input().featureSize();
        int k = network.outputSize();
        StateWiring wiring = StateWiring.of(network, frameLimit, (long) frameLimit * d,
                (long) (network.outputIsSequence() ? frameLimit : 1) * k);
        program.wire(wiring);
        program.addBuffer(LoweredNetwork.INPUT_UNIT, SymbolKind.REGION, RegionKind.INPUT_DATA, wiring.inputElements());
        program.addBuffer(LoweredNetwork.OUTPUT_UNIT, SymbolKind.REGION, RegionKind.OUTPUT_RESULT,
                wiring.outputElements());
        for (StateWiring.Area area : wiring.inputAreas()) {
            program.addAlias(new SymbolAlias(area.symbol(), SymbolKind.PORT, LoweredNetwork.INPUT_UNIT, area.offset(),
                    area.elements()));
        }
        for (StateWiring.Area area : wiring.outputAreas()) {
            program.addAlias(new SymbolAlias(area.symbol(), SymbolKind.PORT, LoweredNetwork.OUTPUT_UNIT,
                    area.offset(), area.elements()));
        }
        Flow flow = Flow.of(LoweredNetwork.INPUT_UNIT, d, true);
        long[] lengths = network.stepsPerLayer();
        for (int i = 0; i < steps.size(); i++) {
            // each layer's loops run over its own sequence length (the run's T without convolutions)
            program.loopSteps(lengths[i]);
            flow = steps.get(i).lower(flow, new Placement(i == last, i == lastOnProcessor), program);
            for (StateWiring.Area area : wiring.layerOutputAreas(i)) {
                copyLayerOutput(flow, area, program);
            }
        }
        if (!flow.unit().equals(LoweredNetwork.OUTPUT_UNIT)) {
            copyToOutput(flow, program);
        }
        return program.build(network);
    }

    /**
     * Copies what a layer before the last handed on into its output area ({@code <symbol>.copy}), step by
     * step for a sequence, right after the layer: a graph output of an earlier layer.
     */
    private static void copyLayerOutput(Flow flow, StateWiring.Area area, ProgramBuilder program)
            throws CompilationException {
        String name = area.symbol() + ".copy";
        program.addComponent(new Component(name, "", ComponentKernel.ELEMENTWISE, ComponentKind.OUTPUT_COPY,
                flow.features(), 0, ActivationCode.NONE, ""));
        SymOperand dst = new SymOperand(LoweredNetwork.OUTPUT_UNIT, area.offset(), flow.sequence() ? flow.features() : 0);
        int loop = program.beginLoopOver(flow);
        program.emit(SymInstruction.elementwise(Opcode.COPY, dst, flow.operand(), SymOperand.NONE, flow.features(), 0,
                name));
        program.endLoop(loop);
    }

    /** Copies the last result into the output region (when the layer that made it cannot write there). */
    private static void copyToOutput(Flow flow, ProgramBuilder program) throws CompilationException {
        Flow out = Flow.of(LoweredNetwork.OUTPUT_UNIT, flow.features(), flow.sequence());
        String name = "output.copy";
        program.addComponent(new Component(name, "", ComponentKernel.ELEMENTWISE, ComponentKind.OUTPUT_COPY,
                flow.features(), 0, ActivationCode.NONE, ""));
        int loop = program.beginLoopOver(flow);
        program.emit(SymInstruction.elementwise(Opcode.COPY, out.operand(), flow.operand(), SymOperand.NONE,
                flow.features(), 0, name));
        program.endLoop(loop);
    }
}
