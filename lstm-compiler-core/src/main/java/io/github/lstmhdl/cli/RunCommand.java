package io.github.lstmhdl.cli;

import io.github.lstmhdl.config.DataType;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.diagnostics.LocatedException;
import io.github.lstmhdl.image.ImageReader;
import io.github.lstmhdl.ir.FloatTensor;
import io.github.lstmhdl.npy.Npy;
import io.github.lstmhdl.sim.SimulationException;
import io.github.lstmhdl.sim.Simulator;
import io.github.lstmhdl.sim.Tensor;
import io.github.lstmhdl.timing.CycleCounts;
import io.github.lstmhdl.timing.InstructionOwners;
import io.github.lstmhdl.timing.PerformanceReport;
import io.github.lstmhdl.timing.ProgramTiming;
import io.github.lstmhdl.timing.TimingParameters;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code run <image> --input [NAME=]in.npy ... --output [NAME=]out.npy ... [--keep-state] [--profile]}: runs
 * an image on the reference simulator. Both flags repeat: {@code NAME=FILE} names a graph input or output of
 * the image (its state ports, docs/formats.md), a bare FILE is the first input or output (the main one), so
 * the one-input form keeps working; only the outputs asked for are written. {@code --profile} prints the
 * cycles the run took by the timing model (docs/isa.md §9), measured instruction by instruction. The input has the shape the source model declares for its input (dynamic dimensions
 * filled); the output has the shape the source model's runtime returns. A batch runs sequence by
 * sequence; with {@code --keep-state} each sequence continues from the state the previous one left
 * (the toolbox's predictAndUpdateState), else each starts from the initial state (predict). Every
 * error names a file: the input's for a shape or sequence length that does not fit the image, the
 * image's for anything else that fails while loading or running it, the output's when it cannot be
 * written. The output is written to what its name is ({@link OutputTarget}): through a symbolic link,
 * into a FIFO or a device, or atomically replacing a regular file.
 */
final class RunCommand {
    static final Set<String> VALUES = Set.of("--input", "--output");
    private static final Set<String> SWITCHES = Set.of("--keep-state", "--profile");

    private RunCommand() {
    }

    static int run(List<String> words, PrintStream out) throws UsageException, LocatedException {
        Arguments args = Arguments.parse(words, VALUES, SWITCHES);
        Path image = Path.of(args.single("image file"));
        args.required("--input");
        args.required("--output");
        Simulator simulator;
        try {
            simulator = Simulator.load(ImageReader.read(image, image.toString()));
        } catch (SimulationException e) {
            throw e.inFile(image.toString());
        }
        if (args.has("--profile")) {
            try {
                simulator.enableProfile();
            } catch (SimulationException e) {
                throw e.inFile(image.toString());
            }
        }
        Map<String, Path> inputs = PortFiles.of("--input", args.all("--input"), simulator.inputNames());
        Map<String, Path> outputs = PortFiles.of("--output", args.all("--output"), simulator.outputNames());
        Map<String, Tensor> feed = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : inputs.entrySet()) {
            FloatTensor in = Npy.read(e.getValue());
            requireFinite(in, e.getValue());
            feed.put(e.getKey(), new Tensor(in.shape(), in.toArray()));
        }
        Map<String, Tensor> results;
        try {
            results = simulator.run(feed, args.has("--keep-state"));
        } catch (SimulationException e) {
            // the simulator names no file: an error about an input's shape or length is that input file's,
            // every other (a failing instruction, an inconsistent image) the image's
            throw e.inFile((e.concernsInput() ? PortFiles.fileOf(e, inputs, image) : image).toString());
        }
        List<String> written = new ArrayList<>();
        for (Map.Entry<String, Path> e : outputs.entrySet()) {
            Tensor result = results.get(e.getKey());
            write(result, e.getValue());
            written.add((outputs.size() > 1 ? e.getKey() + " " : "") + Arrays.toString(result.shape()) + " to "
                    + e.getValue());
        }
        List<String> read = new ArrayList<>();
        feed.forEach((name, t) -> read.add((feed.size() > 1 ? name + " " : "") + Arrays.toString(t.shape())));
        out.println("### Ran " + image + " on " + String.join(", ", read) + ", wrote " + String.join(", ", written));
        if (args.has("--profile")) {
            printProfile(simulator, image, out);
        }
        return Main.OK;
    }

    /** Writes one output as a .npy file to what its name is ({@link OutputTarget}). */
    private static void write(Tensor result, Path output) throws CompilationException {
        byte[] bytes;
        try {
            bytes = Npy.toBytes(result.shape(), result.data());
        } catch (IllegalArgumentException e) {
            throw new CompilationException(output.toString(), "", "cannot write the output: " + e.getMessage(), e);
        }
        try {
            new OutputTarget(output).write(bytes);
        } catch (IOException e) {
            throw new CompilationException(output.toString(), "", "cannot write the output: " + e.getMessage(), e);
        }
    }

    /**
     * The measured table of the last run (the last sequence of a batch: every sequence of a batch has the
     * same length, so the same cycles), rows per layer group and layer when the JSON memory map beside the
     * image names them ({@link MemoryMapOwners}), else per loop and straight run of the program (the image
     * has no component table), and the model's figures per step beside it.
     */
    private static void printProfile(Simulator simulator, Path image, PrintStream out) throws SimulationException {
        CycleCounts counts = simulator.lastRunProfile().orElseThrow(
                () -> new IllegalStateException("profiling was enabled but no run completed"));
        // the simulator has loaded the image: its data type is known and its processor fields are complete
        TimingParameters parameters = TimingParameters.fromProcessorFields(simulator.metadata().processor(),
                DataType.byId(simulator.metadata().dataType()).orElseThrow().bytes());
        ProgramTiming timing = ProgramTiming.of(simulator.program(), parameters);
        MemoryMapOwners owners = MemoryMapOwners.beside(image, simulator.metadata().contentSha256(),
                InstructionOwners.segments(simulator.program()));
        out.println("### Profile of the last run (T = " + counts.steps() + "; every sequence of a batch takes as"
                + " many cycles), counted by the timing model of docs/isa.md section 9; " + owners.note() + ":");
        PerformanceReport.of(PerformanceReport.Source.PROFILE, timing, counts, owners.owners()).lines()
                .forEach(out::println);
    }

    /**
     * Refuses an input with NaN or an infinity, naming the first such element by its index in the input's
     * shape: on the processor, as in onnxruntime, it would spread through the LSTM states into every later
     * output, so a run would only print NaNs. (The simulator's API computes with them, as the processor
     * would.)
     */
    private static void requireFinite(FloatTensor in, Path file) throws CompilationException {
        int i = in.firstNonFinite();
        if (i >= 0) {
            throw new CompilationException(file.toString(), "element " + index(in.shape(), i),
                    in.get(i) + " is not a finite number: run takes finite inputs only (NaN and infinities would"
                            + " spread through the network's state into the outputs)");
        }
    }

    /** The row-major flat index {@code flat} as the index in {@code shape}, such as {@code [3, 0, 1]}. */
    private static String index(int[] shape, int flat) {
        int[] index = new int[shape.length];
        for (int k = shape.length - 1, rest = flat; k >= 0; k--) {
            index[k] = rest % shape[k];
            rest /= shape[k];
        }
        return Arrays.toString(index);
    }
}
