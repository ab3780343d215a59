package io.github.lstmhdl.cli;

import io.github.lstmhdl.CompileRequest;
import io.github.lstmhdl.CompileResult;
import io.github.lstmhdl.DeadlineCheck;
import io.github.lstmhdl.LstmCompiler;
import io.github.lstmhdl.config.DataType;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.image.ImageMetadata;
import io.github.lstmhdl.image.ImageReader;
import io.github.lstmhdl.image.LoadedImage;
import io.github.lstmhdl.isa.Instruction;
import io.github.lstmhdl.isa.InstructionCodec;
import io.github.lstmhdl.isa.InvalidInstructionException;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.timing.Deadlines;
import io.github.lstmhdl.timing.DeadlineMissedException;
import io.github.lstmhdl.timing.InstructionOwners;
import io.github.lstmhdl.timing.PerformanceReport;
import io.github.lstmhdl.timing.ProgramTiming;
import io.github.lstmhdl.timing.TimingParameters;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code estimate <network|image> [--sequence-length N] [compile's configuration flags] [deadlines]}:
 * prints the performance estimate (docs/isa.md §9) without writing anything. A network (any file that
 * is not an ELF image) is compiled in memory with the configuration the flags give, as {@code compile}
 * would; its rows are its layer groups and layers. An image is estimated from its program and the
 * processor figures its metadata records; its rows are its loops and straight runs. The estimate is of a
 * run of N steps (default: the frame limit); the deadlines are always checked against the frame limit,
 * the sequence of the maximum length.
 */
final class EstimateCommand {
    static final Set<String> VALUES;
    private static final Set<String> SWITCHES = Set.of("--no-gate-fusion");

    static {
        Set<String> values = new HashSet<>(CompileCommand.CONFIG_VALUES);
        values.addAll(Set.of("--sequence-length", "--bind", "--output-name"));
        values.addAll(DeadlineOptions.FLAGS);
        VALUES = Set.copyOf(values);
    }

    private EstimateCommand() {
    }

    static int run(List<String> words, PrintStream out) throws UsageException, CompilationException {
        Arguments args = Arguments.parse(words, VALUES, SWITCHES);
        Path file = Path.of(args.single("network or image file"));
        Deadlines deadlines = DeadlineOptions.of(args);
        String lengthText = args.value("--sequence-length");
        Optional<Integer> length = Optional.empty();
        if (lengthText != null) {
            try {
                length = Optional.of(Integer.parseInt(lengthText.strip()));
            } catch (NumberFormatException e) {
                throw new UsageException("--sequence-length takes a whole number of time steps, not '" + lengthText
                        + "'");
            }
        }
        if (!Files.isRegularFile(file)) {
            throw new CompilationException(file.toString(), "", "no such file");
        }
        if (isElf(file)) {
            if (hasConfigFlags(args)) {
                throw new UsageException("an image is estimated as it was compiled: the configuration flags (--preset,"
                        + " --set, ...) apply to a network only");
            }
            return image(file, length, deadlines, out);
        }
        CompileRequest request = new CompileRequest(file, file.toString(), CompileCommand.config(args),
                Bindings.options(args.all("--bind"), args.value("--output-name")), "", Optional.empty(), false);
        CompileResult result = LstmCompiler.compile(request);
        int frameLimit = result.network().metadata().frameLimit();
        int steps = steps(file, length, frameLimit);
        result.network().estimate(steps).lines().forEach(out::println);
        DeadlineCheck.check(request, result, deadlines);
        return Main.OK;
    }

    private static int image(Path file, Optional<Integer> length, Deadlines deadlines, PrintStream out)
            throws CompilationException {
        LoadedImage image = ImageReader.read(file, file.toString());
        ImageMetadata meta = image.metadata();
        DataType type = DataType.byId(meta.dataType()).orElseThrow(() -> new CompilationException(file.toString(),
                "metadata", "data type '" + meta.dataType() + "' is unknown (known: " + DataType.ids() + ")"));
        List<Instruction> program;
        try {
            program = InstructionCodec.decode(image.content(RegionKind.INSTRUCTION_DATA));
        } catch (InvalidInstructionException e) {
            throw new CompilationException(file.toString(), "instruction " + e.index(), e.getMessage(), e);
        }
        TimingParameters parameters;
        try {
            parameters = TimingParameters.fromProcessorFields(meta.processor(), type.bytes());
        } catch (IllegalArgumentException e) {
            throw new CompilationException(file.toString(), "metadata", e.getMessage(), e);
        }
        ProgramTiming timing = ProgramTiming.of(program, parameters);
        InstructionOwners owners = InstructionOwners.segments(program);
        int steps = steps(file, length, meta.frameLimit());
        PerformanceReport.estimate(timing, owners, steps).lines().forEach(out::println);
        List<String> misses = deadlines.misses(PerformanceReport.estimate(timing, owners, meta.frameLimit()));
        if (!misses.isEmpty()) {
            throw new DeadlineMissedException(file.toString(), "the estimate misses " + String.join("; ", misses)
                    + ". Estimate the network itself for what would fit (more fcThreads, a faster clock, gate"
                    + " fusion).");
        }
        return Main.OK;
    }

    private static int steps(Path file, Optional<Integer> length, int frameLimit) throws CompilationException {
        int steps = length.orElse(frameLimit);
        if (steps < 1 || steps > frameLimit) {
            throw new CompilationException(file.toString(), "--sequence-length", steps + " is outside 1 to the frame"
                    + " limit " + frameLimit + " (set maxSequenceLength, --max-sequence-length, for longer runs)");
        }
        return steps;
    }

    private static boolean hasConfigFlags(Arguments args) {
        for (String flag : CompileCommand.CONFIG_VALUES) {
            if (args.value(flag) != null) {
                return true;
            }
        }
        return args.has("--no-gate-fusion") || !args.all("--bind").isEmpty() || args.value("--output-name") != null;
    }

    /** Whether the file starts with the ELF magic 0x7F 'E' 'L' 'F'. */
    private static boolean isElf(Path file) throws CompilationException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(4), new byte[] {0x7F, 'E', 'L', 'F'});
        } catch (IOException e) {
            throw new CompilationException(file.toString(), "", "cannot read: " + e.getMessage(), e);
        }
    }
}
