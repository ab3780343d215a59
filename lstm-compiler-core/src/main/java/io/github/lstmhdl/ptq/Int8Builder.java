package io.github.lstmhdl.ptq;

import io.github.lstmhdl.config.DataType;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.image.ContentChecksum;
import io.github.lstmhdl.image.ImageMetadata;
import io.github.lstmhdl.image.LoadedImage;
import io.github.lstmhdl.ir.ActivationLayer;
import io.github.lstmhdl.ir.ConvolutionLayer;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.ir.FullyConnectedLayer;
import io.github.lstmhdl.ir.GruLayer;
import io.github.lstmhdl.ir.Layer;
import io.github.lstmhdl.ir.LayerNormLayer;
import io.github.lstmhdl.ir.LstmDirection;
import io.github.lstmhdl.ir.LstmLayer;
import io.github.lstmhdl.ir.MaxPoolLayer;
import io.github.lstmhdl.ir.Network;
import io.github.lstmhdl.ir.OutputMode;
import io.github.lstmhdl.ir.SoftmaxLayer;
import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.InstructionCodec;
import io.github.lstmhdl.isa.Int8Params;
import io.github.lstmhdl.isa.Int8Params.Format;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.isa.Operand;
import io.github.lstmhdl.isa.SchedulerData;
import io.github.lstmhdl.layout.Axis;
import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.Region;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.quant.FixedPoint;
import io.github.lstmhdl.quant.FixedPoint.Multiplier;
import io.github.lstmhdl.quant.Int8Boundary;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quantizes a network (LSTM, GRU, fully connected, ReLU/sigmoid/tanh layers, a last softmax on the host)
 * with the ranges a calibration recorded and builds its int8 program and image
 * (docs/isa.md §4a), TensorFlow Lite's integer LSTM scheme ("8x8_16"): int8 weights, symmetric per output
 * row (each gate row its own scale, max |w| / 127); int32 biases in the scale weight × input; int8
 * activations between layers, asymmetric with the calibrated min and max (0 included); LSTM hidden states
 * int8 with the fixed scale 2^−7 (|h| &lt; 1); gate pre-activations Q3.12 and gate outputs Q0.15 in int16
 * (when the calibrated pre-activations exceed ±8, they are accumulated in a coarser power-of-two scale that
 * holds them and rescaled to Q3.12 by a separate ACT, so that the input part's saturation cannot flip the
 * sum's sign);
 * the cell state int16 with a power-of-two scale 2^−k, the largest k whose range holds the calibrated
 * max |c| (5% headroom). Requantization multipliers are {@link FixedPoint#quantize} of the real ratios.
 *
 * <p>The memory layout is sequential (every unit at a multiple of 64 bytes, regions at the configured
 * alignment; no liveness reuse), the weight region starting with the boundary record. What the int8
 * datapath does not cover is one clear error: peepholes, initial states, {@code LAST_CELL}
 * outputs, and a softmax that is not the last layer (a last softmax runs on the host). Deterministic: the
 * same network and ranges give the same bytes.
 */
final class Int8Builder {
    private static final int UNIT_ALIGN = 64;
    private static final double HIDDEN_SCALE = 1.0 / 128;

    /** A tensor's quantization: real = scale · (q − zero). */
    record Quant(double scale, int zero) {
        /** Asymmetric int8 over [min, max] widened to include 0. */
        static Quant of(double[] range) {
            double lo = Math.min(range[0], 0);
            double hi = Math.max(range[1], 0);
            double scale = hi > lo ? (hi - lo) / 255 : 1.0 / 128;
            long zero = Math.round(-128 - lo / scale);
            return new Quant((float) scale, (int) Math.max(-128, Math.min(127, zero)));
        }
    }

    /** Where a layer's data is: its first byte, features per step, whether one vector per step. */
    private record Flow(long offset, int features, boolean sequence, Quant quant) {
    }

    private final Network network;
    private final ProcessorConfig config;
    private final FloatEvaluator ranges;
    private final String sourceFile;
    private final int frameLimit;

    private final List<Instruction> program = new ArrayList<>();
    private final ByteArrayOutputStream weights = new ByteArrayOutputStream();
    private long weightBase;
    private long systemBase;
    private long systemNext;
    private Int8Boundary boundary;

    Int8Builder(Network network, ProcessorConfig config, FloatEvaluator ranges, String sourceFile, int frameLimit) {
        this.network = network;
        this.config = config;
        this.ranges = ranges;
        this.sourceFile = sourceFile;
        this.frameLimit = frameLimit;
    }

    /**
     * Fails on anything the int8 datapath does not cover, before calibration runs.
     *
     * @throws CompilationException {@code file: layer: reason}
     */
    static void requireSupported(Network network, String sourceFile) throws CompilationException {
        List<Layer> layers = network.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            boolean last = i == layers.size() - 1;
            String problem = layer.accept(new Layer.Cases<String, RuntimeException>() {
                @Override
                public String lstm(LstmLayer l) {
                    return lstmProblem(l);
                }

                @Override
                public String gru(GruLayer g) {
                    return g.directions().stream().anyMatch(d -> d.initialHidden().isPresent())
                            ? "GRU initial states are not supported in int8 (zero states are)" : null;
                }

                @Override
                public String fullyConnected(FullyConnectedLayer f) {
                    return null;
                }

                @Override
                public String activation(ActivationLayer a) {
                    boolean floatOnly = switch (a.activation()) {
                        case ELU, PRELU, GELU, GELU_TANH -> true;
                        case RELU, SIGMOID, TANH -> false;
                    };
                    return floatOnly ? "an " + a.typeName() + " activation has no int8 kernel (docs/isa.md §4a:"
                            + " ELU, PReLU and GELU are float32 only); compile with dataType single" : null;
                }

                @Override
                public String layerNorm(LayerNormLayer l) {
                    return "a layer normalization has no int8 kernel (docs/isa.md §4a: NORM is float32 only);"
                            + " compile with dataType single";
                }

                @Override
                public String softmax(SoftmaxLayer s) {
                    return last ? null : "a softmax that is not the last layer has no int8 kernel (a last softmax"
                            + " runs on the host, on the dequantized output)";
                }

                @Override
                public String convolution(ConvolutionLayer c) {
                    return "a 1-D convolution has no int8 program yet (compile the network with dataType single)";
                }

                @Override
                public String maxPool(MaxPoolLayer m) {
                    return "max pooling has no int8 program (the int8 datapath has no MAX; compile the network with"
                            + " dataType single)";
                }
            });
            if (problem != null) {
                throw new CompilationException(sourceFile, layer.name(), "dataType int8: " + problem);
            }
        }
    }

    private static String lstmProblem(LstmLayer l) {
        if (l.outputMode() == OutputMode.LAST_CELL) {
            return "an LSTM output of the last cell state (LAST_CELL) is not supported in int8";
        }
        if (!l.defaultActivations()) {
            return "LSTM activations " + l.activations() + " are not supported in int8: only the default ones"
                    + " (sigmoid, tanh, tanh) are (compile the network with dataType single)";
        }
        for (LstmDirection d : l.directions()) {
            if (d.peepholes().isPresent()) {
                return "LSTM peepholes are not supported in int8";
            }
            if (d.initialHidden().isPresent() || d.initialCell().isPresent()) {
                return "LSTM initial states are not supported in int8 (zero states are)";
            }
        }
        return null;
    }

    /** The image: quantized, laid out, encoded. */
    Built build(String compilerVersion) throws CompilationException {
        emit(0, 0); // a first pass counts the instructions and sizes the system buffer
        int count = program.size();
        long align = config.alignment();
        int d = network.input().featureSize();
        List<Layer> layers = network.layers();
        boolean hostSoftmax = layers.get(layers.size() - 1) instanceof SoftmaxLayer;
        int k = network.outputSize();
        long outputRows = network.outputIsSequence() ? frameLimit : 1;
        long input = 0;
        long output = align(input + (long) frameLimit * d, align);
        long scheduler = align(output + outputRows * k, align);
        long system = align(scheduler + 64, align);
        long systemBytes = systemNext;
        long instructions = align(system + systemBytes, align);
        long weightsAt = align(instructions + InstructionCodec.programBytes(count), align);
        emit(system, weightsAt);
        long weightBytes = weights.size();
        long end = align(weightsAt + weightBytes, align);
        if (end > config.memorySize()) {
            throw new CompilationException(sourceFile, "memory", "the int8 network needs " + end + " bytes of"
                    + " external memory but the processor has " + config.memorySize() + " bytes");
        }
        List<Region> regions = List.of(new Region(RegionKind.INPUT_DATA, input, output - input),
                new Region(RegionKind.OUTPUT_RESULT, output, scheduler - output),
                new Region(RegionKind.SCHEDULER_DATA, scheduler, system - scheduler),
                new Region(RegionKind.SYSTEM_BUFFER, system, instructions - system),
                new Region(RegionKind.INSTRUCTION_DATA, instructions, weightsAt - instructions),
                new Region(RegionKind.FC_WEIGHT_DATA, weightsAt, end - weightsAt));
        MemoryMap map = new MemoryMap(config.baseAddress(), config.memorySize(), align, regions, List.of(), end);
        String host = hostSoftmax ? (((SoftmaxLayer) layers.get(layers.size() - 1)).logarithmic() ? "logsoftmax"
                : "softmax") : "none";
        Map<RegionKind, byte[]> contents = new EnumMap<>(RegionKind.class);
        contents.put(RegionKind.SCHEDULER_DATA, schedulerData());
        contents.put(RegionKind.INSTRUCTION_DATA, InstructionCodec.encode(program, DataType.INT8.code()));
        contents.put(RegionKind.FC_WEIGHT_DATA, weights.toByteArray());
        String sha = ContentChecksum.sha256OfBytes(map, contents);
        // the host's scales and zero points, also in the metadata (the boundary record holds the same)
        ImageMetadata md = new ImageMetadata(ImageMetadata.FORMAT_VERSION, compilerVersion, network.name(),
                DataType.INT8.id(), frameLimit, inputSpec().quantized(boundary.inputScale(), boundary.inputZero()),
                outputSpec().quantized(boundary.outputScale(), boundary.outputZero()), host, processorMap(), map, sha);
        return new Built(md, List.copyOf(program), contents);
    }

    /**
     * What {@link #build} makes: the metadata (with the content checksum), the program and the initial
     * bytes of the scheduler data, instruction and weight regions.
     */
    record Built(ImageMetadata metadata, List<Instruction> program, Map<RegionKind, byte[]> contents) {
        /** The image as a reader would load it. */
        LoadedImage image() {
            return new LoadedImage(metadata, contents);
        }
    }

    /** The scheduler data a float image starts with too: a run of the frame limit with the reset bit. */
    private byte[] schedulerData() {
        ByteBuffer b = ByteBuffer.allocate(SchedulerData.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(SchedulerData.SEQUENCE_LENGTH, frameLimit);
        b.putInt(SchedulerData.CONTROL, SchedulerData.CONTROL_RESET);
        return b.array();
    }

    /** The boundary record of the last build. */
    Int8Boundary boundary() {
        return boundary;
    }

    /** Emits the whole program and weight region for a system buffer and weight region at these offsets. */
    private void emit(long system, long weightsAt) throws CompilationException {
        program.clear();
        weights.reset();
        systemBase = system;
        systemNext = 0;
        weightBase = weightsAt;
        Quant in = Quant.of(ranges.range(FloatEvaluator.INPUT));
        weights.writeBytes(new byte[Int8Boundary.BYTES]); // filled in below, once the output's quant is known
        Flow flow = new Flow(0, network.input().featureSize(), true, in);
        List<Layer> layers = network.layers();
        int last = layers.get(layers.size() - 1) instanceof SoftmaxLayer ? layers.size() - 2 : layers.size() - 1;
        for (int i = 0; i <= last; i++) {
            boolean toOutput = i == last;
            flow = layer(layers.get(i), flow, toOutput);
        }
        program.add(Instruction.halt());
        boundary = new Int8Boundary((float) in.scale(), in.zero(), (float) flow.quant().scale(), flow.quant().zero());
        byte[] all = weights.toByteArray();
        System.arraycopy(boundary.encode(), 0, all, 0, Int8Boundary.BYTES);
        weights.reset();
        weights.writeBytes(all);
    }

    private long outputOffset() {
        long align = config.alignment();
        return align((long) frameLimit * network.input().featureSize(), align);
    }

    private Flow layer(Layer layer, Flow in, boolean toOutput) throws CompilationException {
        return layer.accept(new Layer.Cases<Flow, CompilationException>() {
            @Override
            public Flow lstm(LstmLayer l) throws CompilationException {
                return Int8Builder.this.lstm(l, in, toOutput);
            }

            @Override
            public Flow gru(GruLayer g) throws CompilationException {
                return Int8Builder.this.gru(g, in, toOutput);
            }

            @Override
            public Flow fullyConnected(FullyConnectedLayer f) throws CompilationException {
                return fc(f, in, toOutput);
            }

            @Override
            public Flow activation(ActivationLayer a) {
                return Int8Builder.this.activation(a, in, toOutput);
            }

            @Override
            public Flow softmax(SoftmaxLayer s) {
                throw new IllegalStateException("a softmax runs on the host");
            }

            @Override
            public Flow convolution(ConvolutionLayer c) {
                throw new IllegalStateException("requireSupported rejects convolutions in int8");
            }

            @Override
            public Flow maxPool(MaxPoolLayer m) {
                throw new IllegalStateException("requireSupported rejects max pooling in int8");
            }

            @Override
            public Flow layerNorm(LayerNormLayer l) {
                throw new IllegalStateException("requireSupported rejects " + l.typeName());
            }
        });
    }

    /** The destination of a layer's output: the output region, or a new system buffer. */
    private Flow destination(int features, boolean sequence, Quant quant, boolean toOutput) {
        long bytes = (long) (sequence ? frameLimit : 1) * features;
        return new Flow(toOutput ? outputOffset() : buffer(bytes), features, sequence, quant);
    }

    private long buffer(long bytes) {
        long at = systemBase + systemNext;
        systemNext += align(Math.max(bytes, 1), UNIT_ALIGN);
        return at;
    }

    private long unit(byte[] bytes) {
        while (weights.size() % UNIT_ALIGN != 0) {
            weights.write(0);
        }
        long at = weightBase + weights.size();
        weights.writeBytes(bytes);
        return at;
    }

    private Flow lstm(LstmLayer layer, Flow in, boolean toOutput) throws CompilationException {
        if (!in.sequence()) {
            throw new CompilationException(sourceFile, layer.name(), "dataType int8: an LSTM needs a sequence input");
        }
        int h = layer.directions().get(0).hiddenSize();
        int dirs = layer.directions().size();
        OutputMode mode = layer.outputMode();
        Flow out = destination(dirs * h, mode.isSequence(), new Quant(HIDDEN_SCALE, 0), toOutput);
        for (int k = 0; k < dirs; k++) {
            direction(layer, k, in, out);
        }
        return out;
    }

    private void direction(LstmLayer layer, int k, Flow in, Flow out) throws CompilationException {
        LstmDirection p = layer.directions().get(k);
        boolean reverse = layer.direction() == io.github.lstmhdl.ir.Direction.REVERSE || k == 1;
        int h = p.hiddenSize();
        int d = in.features();
        int rows = 4 * h;
        int cols = d + h;
        long hAt = buffer(h);
        long cAt = buffer(2L * h);
        long gates = buffer(8L * h);
        long tmp = buffer(2L * h);
        int gateBits = gateBits(layer.name(), k);
        Rows q = Rows.of(p.inputWeights(), p.recurrentWeights());
        byte[] w = q.weights();
        int[] bias = new int[rows];
        Multiplier[] mx = new Multiplier[rows];
        Multiplier[] mh = new Multiplier[rows];
        for (int r = 0; r < rows; r++) {
            double sw = q.scales()[r];
            bias[r] = int32(p.bias().get(r) / (sw * in.quant().scale()));
            mx[r] = multiplier(sw * in.quant().scale() * (1 << gateBits));
            mh[r] = multiplier(sw * HIDDEN_SCALE * (1 << gateBits));
        }
        double maxCell = ranges.range(FloatEvaluator.cell(layer.name(), k))[1];
        int cellBits = maxCell > 0 ? (int) Math.max(0, Math.min(15, 15 - Math.ceil(Math.log(maxCell * 1.05)
                / Math.log(2)))) : 15;
        long wAt = unit(w);
        Int8Params.Fc recX = new Int8Params.Fc(Format.I16, in.quant().zero(), 0, bias, mx);
        Int8Params.Fc recH = new Int8Params.Fc(Format.I16, 0, 0, new int[rows], mh);
        long recFc = unit(elementwise(Format.I16, new Multiplier(1 << 30, -14)));
        long recIg = unit(elementwise(Format.I16, new Multiplier(1 << 30, cellBits - 29)));
        long recAdd = unit(elementwise(Format.I16, Int8Params.IDENTITY));
        long recTanh = unit(elementwise(Format.I16, new Multiplier(1 << 30, 13 - cellBits)));
        long recH8 = unit(elementwise(Format.I8, new Multiplier(1 << 30, -22)));
        long recGates = unit(elementwise(Format.I16, new Multiplier(1 << 30, 13 - gateBits)));
        program.add(new Instruction(Opcode.STATE_INIT, Instruction.FLAG_ZERO, ActivationCode.NONE, h, 0, at(hAt),
                Operand.NONE, Operand.NONE, Operand.NONE, 0, 0));
        program.add(new Instruction(Opcode.STATE_INIT, Instruction.FLAG_ZERO, ActivationCode.NONE, 2 * h, 0, at(cAt),
                Operand.NONE, Operand.NONE, Operand.NONE, 0, 0));
        int loop = program.size();
        program.add(Instruction.loop(0, reverse));
        String name = layer.name() + (k == 1 ? "_b" : "");
        emitFc(name, 0, ActivationCode.NONE, 0, gates, 0, wAt, cols, new Operand(in.offset(), d), rows, d, recX);
        // LSTM_GATES picks the gate by the row inside its instruction: only an FC that is not row-tiled has it
        boolean fused = gateBits == 12 && rows <= rowLimit();
        emitFc(name, Instruction.FLAG_ACCUMULATE, fused ? ActivationCode.LSTM_GATES : ActivationCode.NONE,
                fused ? h : 0, gates, 0, wAt + d, cols, at(hAt), rows, h, recH);
        if (!fused) {
            program.add(new Instruction(Opcode.ACT, 0, ActivationCode.LSTM_GATES, rows, 0, at(gates), at(gates),
                    Operand.NONE, at(recGates), h, 0));
        }
        program.add(binary(Opcode.MUL, h, cAt, gates + 2L * h, cAt, recFc));
        program.add(binary(Opcode.MUL, h, tmp, gates, gates + 4L * h, recIg));
        program.add(binary(Opcode.ADD, h, cAt, cAt, tmp, recAdd));
        program.add(new Instruction(Opcode.ACT, 0, ActivationCode.TANH, h, 0, at(tmp), at(cAt), Operand.NONE,
                at(recTanh), 0, 0));
        program.add(binary(Opcode.MUL, h, hAt, gates + 6L * h, tmp, recH8));
        endLoop(loop, reverse, layer.outputMode(), out.offset() + (long) k * h, out.features(), hAt, h);
    }

    private Flow gru(GruLayer layer, Flow in, boolean toOutput) throws CompilationException {
        if (!in.sequence()) {
            throw new CompilationException(sourceFile, layer.name(), "dataType int8: a GRU needs a sequence input");
        }
        int h = layer.directions().get(0).hiddenSize();
        int dirs = layer.directions().size();
        Flow out = destination(dirs * h, layer.outputMode().isSequence(), new Quant(HIDDEN_SCALE, 0), toOutput);
        for (int k = 0; k < dirs; k++) {
            gruDirection(layer, k, in, out);
        }
        return out;
    }

    /**
     * One GRU direction: gates z, r, n (int16, rows of [W_x | R] in that order, one scale per row), the
     * hidden state int8 at 2^−7, the update h' = n + z ⊙ (h − n) with h − n in Q1.14 (it spans (−2, 2)).
     */
    private void gruDirection(GruLayer layer, int k, Flow in, Flow out) throws CompilationException {
        GruLayer.Parameters p = layer.directions().get(k);
        boolean reverse = layer.direction() == io.github.lstmhdl.ir.Direction.REVERSE || k == 1;
        int h = p.hiddenSize();
        int d = in.features();
        int rows = 3 * h;
        int cols = d + h;
        long hAt = buffer(h);
        long gates = buffer(6L * h); // z at +0, r at +2H, n at +4H bytes
        long q = buffer(2L * h);
        long tmp = buffer(2L * h);
        long rh = buffer(h);
        int gateBits = gateBits(layer.name(), k);
        Rows weights = Rows.of(p.inputWeights(), p.recurrentWeights());
        int[] bias = new int[rows];
        int[] recurrentBias = new int[rows];
        Multiplier[] mx = new Multiplier[rows];
        Multiplier[] mh = new Multiplier[rows];
        for (int r = 0; r < rows; r++) {
            double sw = weights.scales()[r];
            // z and r, and the candidate without the reset-after form, take both biases in the input part
            boolean both = r < 2 * h || !layer.resetAfter();
            double b = p.inputBias().get(r) + (both ? p.recurrentBias().get(r) : 0);
            bias[r] = int32(b / (sw * in.quant().scale()));
            recurrentBias[r] = int32(p.recurrentBias().get(r) / (sw * HIDDEN_SCALE));
            mx[r] = multiplier(sw * in.quant().scale() * (1 << gateBits));
            mh[r] = multiplier(sw * HIDDEN_SCALE * (1 << gateBits));
        }
        long wAt = unit(weights.weights());
        Int8Params.Fc recX = new Int8Params.Fc(Format.I16, in.quant().zero(), 0, bias, mx);
        Int8Params.Fc recZr = new Int8Params.Fc(Format.I16, 0, 0, new int[2 * h],
                java.util.Arrays.copyOfRange(mh, 0, 2 * h));
        Int8Params.Fc recN = new Int8Params.Fc(Format.I16, 0, 0,
                java.util.Arrays.copyOfRange(recurrentBias, 2 * h, rows), java.util.Arrays.copyOfRange(mh, 2 * h, rows));
        Multiplier toQ312 = new Multiplier(1 << 30, 13 - gateBits);
        long recToQ312 = unit(elementwise(Format.I16, toQ312)); // the ACTs' rescale to Q3.12
        long recRq = unit(elementwise(Format.I16, new Multiplier(1 << 30, -14)));
        long recRh = unit(new Int8Params.Elementwise(Format.I16, Format.I8, Format.I8, 0, 0, 0,
                new Multiplier(1 << 30, -14), Int8Params.IDENTITY).encode());
        long recAdd = unit(elementwise(Format.I16, Int8Params.IDENTITY));
        long recSub = unit(new Int8Params.Elementwise(Format.I8, Format.I16, Format.I16, 0, 0, 0,
                new Multiplier(1 << 30, 8), new Multiplier(1 << 30, 0)).encode());
        long recZt = unit(elementwise(Format.I16, new Multiplier(1 << 30, -14)));
        long recH = unit(new Int8Params.Elementwise(Format.I16, Format.I16, Format.I8, 0, 0, 0,
                new Multiplier(1 << 30, -7), new Multiplier(1 << 30, -6)).encode());
        long nAt = gates + 4L * h;
        long rAt = gates + 2L * h;
        boolean fused = gateBits == 12;
        program.add(new Instruction(Opcode.STATE_INIT, Instruction.FLAG_ZERO, ActivationCode.NONE, h, 0, at(hAt),
                Operand.NONE, Operand.NONE, Operand.NONE, 0, 0));
        int loop = program.size();
        program.add(Instruction.loop(0, reverse));
        String name = layer.name() + (k == 1 ? "_b" : "");
        emitFc(name, 0, ActivationCode.NONE, 0, gates, 0, wAt, cols, new Operand(in.offset(), d), rows, d, recX);
        emitFc(name, Instruction.FLAG_ACCUMULATE, fused ? ActivationCode.SIGMOID : ActivationCode.NONE, 0, gates, 0,
                wAt + d, cols, at(hAt), 2 * h, h, recZr);
        if (!fused) {
            program.add(new Instruction(Opcode.ACT, 0, ActivationCode.SIGMOID, 2 * h, 0, at(gates), at(gates),
                    Operand.NONE, at(recToQ312), 0, 0));
        }
        long wN = wAt + (long) 2 * h * cols + d;
        if (layer.resetAfter()) {
            // q = R_n h + Rb_n, then n += r ⊙ q
            emitFc(name, 0, ActivationCode.NONE, 0, q, 0, wN, cols, at(hAt), h, h, recN);
            program.add(binary(Opcode.MUL, h, q, rAt, q, recRq));
            program.add(binary(Opcode.ADD, h, nAt, nAt, q, recAdd));
        } else {
            // rh = r ⊙ h (int8 at 2^-7), then n += R_n rh
            program.add(binary(Opcode.MUL, h, rh, rAt, hAt, recRh));
            emitFc(name, Instruction.FLAG_ACCUMULATE, ActivationCode.NONE, 0, nAt, 0, wN, cols, at(rh), h, h, recN);
        }
        program.add(new Instruction(Opcode.ACT, 0, ActivationCode.TANH, h, 0, at(nAt), at(nAt), Operand.NONE,
                at(recToQ312), 0, 0));
        program.add(binary(Opcode.SUB, h, tmp, hAt, nAt, recSub));
        program.add(binary(Opcode.MUL, h, tmp, gates, tmp, recZt));
        program.add(binary(Opcode.ADD, h, hAt, nAt, tmp, recH));
        endLoop(loop, reverse, layer.outputMode(), out.offset() + (long) k * h, out.features(), hAt, h);
    }

    /**
     * Ends a recurrent direction's loop opened at {@code loop}: the copies of its int8 state h (n bytes) to
     * the layer's output at {@code dst} that the output mode needs, inside the loop (every step for
     * SEQUENCE, at the first iteration for a reverse LAST_STEP) or after it (LAST_STATE, a forward LAST_STEP).
     */
    private void endLoop(int loop, boolean reverse, OutputMode mode, long dst, int stride, long hAt, int n) {
        if (mode.isSequence()) {
            program.add(copy(new Operand(dst, stride), hAt, n, 0));
        } else if (mode == OutputMode.LAST_STEP && reverse) {
            program.add(copy(at(dst), hAt, n, Instruction.FLAG_FIRST_ITERATION));
        }
        program.set(loop, Instruction.loop(program.size() - loop - 1, reverse));
        if (mode == OutputMode.LAST_STATE || mode == OutputMode.LAST_STEP && !reverse) {
            program.add(copy(at(dst), hAt, n, 0));
        }
    }

    /**
     * The gate pre-activations' scale 2^-gateBits of direction k: Q3.12 when the calibrated sums stay inside
     * ±8, else coarser, so that neither an input part nor a sum saturates (an ACT then rescales to Q3.12).
     */
    private int gateBits(String layer, int k) {
        double maxPre = ranges.range(FloatEvaluator.gates(layer, k))[1];
        return maxPre > 0 ? (int) Math.max(0, Math.min(12, 15 - Math.ceil(Math.log(maxPre * 1.05) / Math.log(2))))
                : 12;
    }

    /**
     * A recurrent direction's weight rows [W_x | W_h] (D + H columns) in int8, symmetric per row: scale_r
     * = max |row r| / 127 (1 for a zero row).
     */
    private record Rows(byte[] weights, double[] scales) {
        static Rows of(FloatTensor wx, FloatTensor wh) {
            int rows = wx.dim(0);
            int d = wx.dim(1);
            int h = wh.dim(1);
            int cols = d + h;
            byte[] w = new byte[rows * cols];
            double[] scales = new double[rows];
            for (int r = 0; r < rows; r++) {
                double max = 0;
                for (int c = 0; c < cols; c++) {
                    max = Math.max(max, Math.abs(c < d ? wx.get(r, c) : wh.get(r, c - d)));
                }
                double sw = max > 0 ? max / 127 : 1;
                for (int c = 0; c < cols; c++) {
                    w[r * cols + c] = weight(c < d ? wx.get(r, c) : wh.get(r, c - d), sw);
                }
                scales[r] = sw;
            }
            return new Rows(w, scales);
        }
    }

    private Flow fc(FullyConnectedLayer layer, Flow in, boolean toOutput) throws CompilationException {
        FloatTensor wt = layer.weights();
        int rows = wt.dim(0);
        int cols = wt.dim(1);
        Quant q = Quant.of(ranges.range(layer.name()));
        Flow out = destination(rows, in.sequence(), q, toOutput);
        byte[] w = new byte[rows * cols];
        int[] bias = new int[rows];
        Multiplier[] m = new Multiplier[rows];
        for (int r = 0; r < rows; r++) {
            double max = 0;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, Math.abs(wt.get(r, c)));
            }
            double sw = max > 0 ? max / 127 : 1;
            for (int c = 0; c < cols; c++) {
                w[r * cols + c] = weight(wt.get(r, c), sw);
            }
            bias[r] = int32(layer.bias().get(r) / (sw * in.quant().scale()));
            m[r] = multiplier(sw * in.quant().scale() / q.scale());
        }
        long wAt = unit(w);
        Int8Params.Fc rec = new Int8Params.Fc(Format.I8, in.quant().zero(), q.zero(), bias, m);
        int loop = program.size();
        if (in.sequence()) {
            program.add(Instruction.loop(0, false));
        }
        int step = in.sequence() ? 1 : 0;
        emitFc(layer.name(), 0, ActivationCode.NONE, 0, out.offset(), step * rows, wAt, cols,
                new Operand(in.offset(), step * cols), rows, cols, rec);
        if (in.sequence()) {
            program.set(loop, Instruction.loop(program.size() - loop - 1, false)); // one FC per row tile
        }
        return out;
    }

    /** The FC output rows one FC instruction may produce: the output memory in whole rows of the FC threads. */
    private int rowLimit() {
        return config.fcOutputMemorySize() / config.fcThreads() * config.fcThreads();
    }

    /**
     * Emits an FC as the processor's FC kernel takes it, as the float lowering tiles it: row tiles of at most
     * {@link #rowLimit} rows (each with the record of its rows), column tiles of at most fcInputMemorySize
     * columns, the later ones accumulating onto dst (an int16 dst only: an int8 one would be requantized in
     * between), the activation on the last column tile.
     *
     * @param flags  FLAG_ACCUMULATE for an FC that adds to dst, else 0
     * @param record the parameter record of all rows
     * @throws CompilationException when tiling is needed but fcTiling is off, or would requantize an int8 dst
     */
    private void emitFc(String component, int flags, ActivationCode act, int gateRows, long dst, int dstStride,
            long w, int rowStride, Operand x, int rows, int cols, Int8Params.Fc record) throws CompilationException {
        int rowLimit = rowLimit();
        int colLimit = config.fcInputMemorySize();
        if (rows > rowLimit || cols > colLimit) {
            if (!config.fcTiling()) {
                throw new CompilationException(sourceFile, component, "dataType int8: component '" + component
                        + "' has an FC of " + rows + " rows and " + cols + " columns, more than the FC kernel's "
                        + rowLimit + " output and " + colLimit + " input elements, and fcTiling is off");
            }
            if (cols > colLimit && record.dst() == Format.I8) {
                throw new CompilationException(sourceFile, component, "dataType int8: a fully connected layer of "
                        + cols + " inputs, more than the FC kernel's " + colLimit + " (fcInputMemorySize), is not"
                        + " tiled in int8 yet");
            }
        }
        int[] bias = record.bias();
        Multiplier[] m = record.multipliers();
        for (int r0 = 0; r0 < rows; r0 += rowLimit) {
            int rn = Math.min(rowLimit, rows - r0);
            long rec = unit(new Int8Params.Fc(record.dst(), record.zeroX(), record.zeroD(),
                    java.util.Arrays.copyOfRange(bias, r0, r0 + rn), java.util.Arrays.copyOfRange(m, r0, r0 + rn))
                    .encode());
            for (int c0 = 0; c0 < cols || c0 == 0; c0 += colLimit) {
                int cn = Math.min(colLimit, cols - c0);
                boolean last = c0 + cn >= cols;
                program.add(new Instruction(Opcode.FC, c0 == 0 ? flags : Instruction.FLAG_ACCUMULATE,
                        last ? act : ActivationCode.NONE, rn, cn,
                        new Operand(dst + (long) r0 * record.dst().bytes(), dstStride),
                        at(w + (long) r0 * rowStride + c0), new Operand(x.offset() + c0, x.stride()), at(rec),
                        last && act == ActivationCode.LSTM_GATES ? gateRows : 0, rowStride));
                if (cols == 0) {
                    break;
                }
            }
        }
    }

    private Flow activation(ActivationLayer layer, Flow in, boolean toOutput) {
        Quant q = Quant.of(ranges.range(layer.name()));
        Flow out = destination(in.features(), in.sequence(), q, toOutput);
        double sIn = in.quant().scale();
        ActivationCode code;
        Multiplier m1;
        Multiplier m2;
        switch (layer.activation()) {
            case RELU -> {
                code = ActivationCode.RELU;
                m1 = multiplier(sIn / q.scale());
                m2 = Int8Params.IDENTITY;
            }
            case SIGMOID, TANH -> {
                code = layer.activation() == io.github.lstmhdl.ir.Activation.SIGMOID ? ActivationCode.SIGMOID
                        : ActivationCode.TANH;
                m1 = multiplier(sIn * 4096);
                m2 = multiplier(1.0 / 32768 / q.scale());
            }
            default -> throw new IllegalStateException();
        }
        long rec = unit(new Int8Params.Elementwise(Format.I8, Format.I8, Format.I8, in.quant().zero(), 0, q.zero(),
                m1, m2).encode());
        if (in.sequence()) {
            program.add(Instruction.loop(1, false));
        }
        int step = in.sequence() ? in.features() : 0;
        program.add(new Instruction(Opcode.ACT, 0, code, in.features(), 0, new Operand(out.offset(), step),
                new Operand(in.offset(), step), Operand.NONE, at(rec), 0, 0));
        return out;
    }

    private static Instruction binary(Opcode op, int n, long dst, long a, long b, long rec) {
        return new Instruction(op, 0, ActivationCode.NONE, n, 0, at(dst), at(a), at(b), at(rec), 0, 0);
    }

    private static Instruction copy(Operand dst, long src, int n, int flags) {
        return new Instruction(Opcode.COPY, flags, ActivationCode.NONE, n, 0, dst, at(src), Operand.NONE,
                Operand.NONE, 0, 0);
    }

    /** An elementwise record whose operands are int16 but dst; M1 = m, M2 the identity. */
    private static byte[] elementwise(Format dst, Multiplier m) {
        return new Int8Params.Elementwise(Format.I16, Format.I16, dst, 0, 0, 0, m, Int8Params.IDENTITY).encode();
    }

    private static Operand at(long offset) {
        return Operand.at(offset);
    }

    private static byte weight(float v, double scale) {
        return (byte) Math.max(-127, Math.min(127, Math.round(v / scale)));
    }

    private static int int32(double v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round(v)));
    }

    /** The multiplier of a real scale; one below the smallest representable step is zero. */
    static Multiplier multiplier(double real) {
        Multiplier m = FixedPoint.quantize(real);
        return m.shift() < Int8Params.MIN_SHIFT ? new Multiplier(0, 0) : m;
    }

    private static long align(long v, long a) {
        return (v + a - 1) / a * a;
    }

    private ImageMetadata.TensorSpec inputSpec() {
        var in = network.input();
        return new ImageMetadata.TensorSpec(in.name(), in.featureSize(), true, 1, names(in.axes()),
                in.sequenceLength(), in.batchSize());
    }

    private ImageMetadata.TensorSpec outputSpec() {
        boolean sequence = network.outputIsSequence();
        return new ImageMetadata.TensorSpec(network.output().name(), network.outputSize(), sequence,
                network.outputDirections(), names(network.output().axes()),
                sequence ? network.input().sequenceLength() : 0, network.input().batchSize());
    }

    private static List<String> names(List<Axis> axes) {
        return axes.stream().map(Axis::name).toList();
    }

    private Map<String, String> processorMap() {
        Map<String, String> m = new LinkedHashMap<>();
        config.toMap().forEach((key, v) -> m.put(key, v instanceof DataType t ? t.id() : String.valueOf(v)));
        return m;
    }
}
