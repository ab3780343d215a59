package io.github.lstmhdl.image;

import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.image.writer.CompiledNetwork;
import io.github.lstmhdl.isa.ActivationCode;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.InstructionCodec;
import io.github.lstmhdl.isa.Opcode;
import io.github.lstmhdl.isa.Operand;
import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.MemorySymbol;
import io.github.lstmhdl.memory.Region;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.memory.SymbolKind;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Compiled networks built by hand for the image and codegen tests: one LSTM layer (D inputs, H hidden
 * units, four gate components with random weights and biases), its states and a gate buffer, a small
 * program, and all six regions at 4 KiB alignment.
 */
public final class TestImages {
    private TestImages() {
    }

    /** A network at base address 0x8000_0000 with D = 5, H = 7. */
    public static CompiledNetwork small() {
        return network(0x8000_0000L, 5, 7, 42);
    }

    /**
     * A hand-built compiled network.
     *
     * @param base the base address (a multiple of 4096)
     * @param d    input features
     * @param h    hidden units
     * @param seed seeds the random weights
     */
    public static CompiledNetwork network(long base, int d, int h, long seed) {
        long align = 4096;
        ProcessorConfig config = ProcessorConfig.defaults().with("baseAddress", Long.toString(base));
        int frames = 30;
        int rows = (h + 3) / 4 * 4; // padded to 4 FC threads
        long off = 0;
        List<Region> regions = new ArrayList<>();
        off = add(regions, RegionKind.INPUT_DATA, off, (long) frames * d * 4, align);
        off = add(regions, RegionKind.OUTPUT_RESULT, off, (long) frames * h * 4, align);
        off = add(regions, RegionKind.SCHEDULER_DATA, off, 64, align);
        long sys = off;
        off = add(regions, RegionKind.SYSTEM_BUFFER, off, 2L * h * 4 + 4L * h * 4 + 64, align);

        List<Instruction> program = program(d, h);
        byte[] code = InstructionCodec.encode(program, 1);
        long instr = off;
        off = add(regions, RegionKind.INSTRUCTION_DATA, off, code.length, align);

        List<MemorySymbol> symbols = new ArrayList<>();
        symbols.add(new MemorySymbol("lstm_1.h", SymbolKind.STATE, RegionKind.SYSTEM_BUFFER, sys, h * 4L));
        symbols.add(new MemorySymbol("lstm_1.c", SymbolKind.STATE, RegionKind.SYSTEM_BUFFER, sys + 64, h * 4L));
        symbols.add(new MemorySymbol("lstm_1.gates", SymbolKind.BUFFER, RegionKind.SYSTEM_BUFFER, sys + 128, 4L * h * 4));
        long weights = off;
        long w = weights;
        for (String gate : List.of("wi", "wf", "wg", "wo")) {
            long wBytes = (long) rows * (d + h) * 4;
            symbols.add(new MemorySymbol("lstm_1." + gate + ".weights", SymbolKind.WEIGHTS, RegionKind.FC_WEIGHT_DATA,
                    w, wBytes));
            w = align(w + wBytes, 64);
            symbols.add(new MemorySymbol("lstm_1." + gate + ".bias", SymbolKind.BIAS, RegionKind.FC_WEIGHT_DATA, w,
                    rows * 4L));
            w = align(w + rows * 4L, 64);
        }
        symbols.add(new MemorySymbol("lstm_1.h0", SymbolKind.INITIAL_STATE, RegionKind.FC_WEIGHT_DATA, w, h * 4L));
        w += h * 4L;
        long weightBytes = w - weights;
        off = add(regions, RegionKind.FC_WEIGHT_DATA, off, weightBytes, align);
        MemoryMap map = new MemoryMap(base, config.memorySize(), align, regions, symbols, off);

        Map<RegionKind, RegionContent> contents = new EnumMap<>(RegionKind.class);
        byte[] sched = new byte[64];
        ByteBuffer.wrap(sched).order(ByteOrder.LITTLE_ENDIAN).putInt(0, frames).putInt(4, 1);
        contents.put(RegionKind.SCHEDULER_DATA, RegionContent.of(sched));
        contents.put(RegionKind.INSTRUCTION_DATA, RegionContent.of(code));
        contents.put(RegionKind.FC_WEIGHT_DATA, new RandomFloats(weightBytes, seed));
        String sha;
        try {
            sha = ContentChecksum.sha256(map, contents);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ImageMetadata.TensorSpec in = new ImageMetadata.TensorSpec("input", d, true, 1,
                List.of("TIME", "BATCH", "FEATURE"), 0, 1);
        ImageMetadata.TensorSpec out = new ImageMetadata.TensorSpec("Y", h, true, 1,
                List.of("TIME", "UNIT", "BATCH", "FEATURE"), 0, 1);
        Map<String, String> processor = new java.util.HashMap<>();
        config.toMap().forEach((k, v) -> processor.put(k, String.valueOf(v)));
        ImageMetadata meta = new ImageMetadata(ImageMetadata.FORMAT_VERSION, "0.1.0-test", "lstm_model", "single",
                frames, in, out, "none", processor, map, sha);
        return new CompiledNetwork("lstm_model.onnx", config, map, program, contents, meta, List.of("compiled"));
    }

    /** The same network with a different metadata (for negative tests). */
    public static CompiledNetwork withMetadata(CompiledNetwork n, ImageMetadata meta) {
        return new CompiledNetwork(n.sourceFile(), n.config(), n.memoryMap(), n.program(), n.contents(), meta, n.log());
    }

    /** The same network with its memory symbols renamed (metadata and map kept consistent). */
    public static CompiledNetwork renamed(CompiledNetwork n, java.util.function.UnaryOperator<String> rename) {
        MemoryMap m = n.memoryMap();
        List<MemorySymbol> symbols = m.symbols().stream()
                .map(s -> new MemorySymbol(rename.apply(s.name()), s.kind(), s.region(), s.offset(), s.size())).toList();
        MemoryMap map = new MemoryMap(m.baseAddress(), m.memorySize(), m.alignment(), m.regions(), symbols, m.endOffset());
        ImageMetadata x = n.metadata();
        ImageMetadata meta = new ImageMetadata(x.formatVersion(), x.compilerVersion(), x.networkName(), x.dataType(),
                x.frameLimit(), x.input(), x.output(), x.hostLayer(), x.processor(), map, x.contentSha256());
        return new CompiledNetwork(n.sourceFile(), n.config(), map, n.program(), n.contents(), meta, n.log());
    }

    private static List<Instruction> program(int d, int h) {
        List<Instruction> p = new ArrayList<>();
        p.add(Instruction.loop(3, false));
        p.add(Instruction.fc(Operand.at(0x3000), Operand.at(0x5000), new Operand(0, d * 4), Operand.at(0x6000), 4 * h,
                d + h, ActivationCode.LSTM_GATES, 0, h, d + h));
        p.add(Instruction.elementwise(Opcode.MUL, Operand.at(0x3040), Operand.at(0x3040), Operand.at(0x3080), h, 0));
        p.add(Instruction.elementwise(Opcode.ADD, Operand.at(0x3040), Operand.at(0x3040), Operand.at(0x30c0), h, 0));
        p.add(Instruction.halt());
        return p;
    }

    private static long add(List<Region> regions, RegionKind kind, long offset, long bytes, long align) {
        long size = align(Math.max(bytes, 1), align);
        regions.add(new Region(kind, offset, size));
        return offset + size;
    }

    static long align(long v, long a) {
        return (v + a - 1) / a * a;
    }

    /** Seeded random float32 values in [-1, 1), generated on every write, never held as a whole. */
    public static final class RandomFloats implements RegionContent {
        private final long size;
        private final long seed;

        public RandomFloats(long size, long seed) {
            this.size = size;
            this.seed = seed;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            Random r = new Random(seed);
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
            long left = size;
            while (left > 0) {
                chunk.clear();
                int n = (int) Math.min(left, chunk.capacity());
                while (chunk.position() + 4 <= n) {
                    chunk.putFloat(r.nextFloat() * 2 - 1);
                }
                while (chunk.position() < n) {
                    chunk.put((byte) r.nextInt());
                }
                out.write(chunk.array(), 0, n);
                left -= n;
            }
        }
    }
}
