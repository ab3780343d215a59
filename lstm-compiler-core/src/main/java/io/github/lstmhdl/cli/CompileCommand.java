package io.github.lstmhdl.cli;

import io.github.lstmhdl.CompileRequest;
import io.github.lstmhdl.CompileResult;
import io.github.lstmhdl.DeadlineCheck;
import io.github.lstmhdl.LstmCompiler;
import io.github.lstmhdl.codegen.OutputNames;
import io.github.lstmhdl.config.ConfigFields;
import io.github.lstmhdl.config.ConfigSettings;
import io.github.lstmhdl.config.InvalidSettingException;
import io.github.lstmhdl.config.ProcessorConfig;
import io.github.lstmhdl.diagnostics.CompilationException;
import io.github.lstmhdl.output.GeneratedFile;
import io.github.lstmhdl.output.IoErrors;
import io.github.lstmhdl.output.OutputSet;
import io.github.lstmhdl.ptq.QuantizationOptions;
import io.github.lstmhdl.source.ImportOptions;
import io.github.lstmhdl.timing.Deadlines;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * {@code compile <network>}: compiles one network and writes its outputs into one folder; with deadline
 * flags ({@link DeadlineOptions}) a network whose estimate misses one fails before anything is written.
 */
final class CompileCommand {
    static final Set<String> VALUES = Set.of("-o", "--output-dir", "--memory-size", "--max-sequence-length",
            "--package", "--class-name", "--preset", "--set", "--bind", "--output-name", "--data-type",
            "--calibration", "--max-quantization-error",
            DeadlineOptions.MAX_LATENCY_PER_STEP, DeadlineOptions.MAX_LATENCY_PER_SEQUENCE,
            DeadlineOptions.MIN_FRAMES_PER_SECOND);
    /** The flags with a value that {@link #config} reads (shared with {@code estimate}). */
    static final Set<String> CONFIG_VALUES = Set.of("--memory-size", "--max-sequence-length", "--preset", "--set");
    private static final Set<String> SWITCHES = Set.of("--no-gate-fusion", "-v", "--verbose",
            "--positional-layer-names");

    private CompileCommand() {
    }

    static int run(List<String> words, PrintStream out) throws UsageException, CompilationException {
        Arguments args = Arguments.parse(words, VALUES, SWITCHES);
        Path network = Path.of(args.single("network file"));
        Path dir = Path.of(Optional.ofNullable(args.value("-o", "--output-dir")).orElse("."));
        ProcessorConfig config = config(args);
        Deadlines deadlines = DeadlineOptions.of(args);
        ImportOptions options = Bindings.options(args.all("--bind"), args.all("--output-name").isEmpty() ? null
                : String.join(",", args.all("--output-name"))).withPositionalLayerNames(
                        args.has("--positional-layer-names"));
        String displayName = network.toString();
        if (!Files.isRegularFile(network)) {
            throw new CompilationException(displayName, "", "no such file");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CompilationException(dir.toString(), "", "is not a folder (-o names the folder that the outputs go"
                    + " into)");
        }
        String packageName = Optional.ofNullable(args.value("--package")).orElse("");
        Optional<String> className = Optional.ofNullable(args.value("--class-name"));
        try {
            // a --package or --class-name that is no Java name is a usage error, like any bad flag value
            OutputNames.of(network.getFileName().toString(), packageName, className);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Optional<Path> calibration = Optional.ofNullable(args.value("--calibration")).map(Path::of);
        if (calibration.isPresent() && !Files.isDirectory(calibration.get())) {
            throw new CompilationException(calibration.get().toString(), "", "is not a folder (--calibration names"
                    + " the folder of the .npy calibration samples of an int8 compile)");
        }
        OptionalDouble maxError = OptionalDouble.empty();
        if (args.value("--max-quantization-error") != null) {
            try {
                maxError = OptionalDouble.of(QuantizationOptions.parseMaxError(args.value("--max-quantization-error")));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        CompileRequest request = new CompileRequest(network, displayName, config, options, packageName, className,
                args.has("-v", "--verbose"), new QuantizationOptions(calibration, maxError));
        CompileResult result = LstmCompiler.compile(request);
        result.log().forEach(out::println);
        DeadlineCheck.check(request, result, deadlines); // before anything is written
        List<Path> written = new ArrayList<>();
        try (OutputSet set = OutputSet.besideTargets()) {
            // every file is staged before any target is replaced, and a failed replace restores the others
            for (GeneratedFile file : result.files()) {
                String name = file.relativePath().substring(file.relativePath().lastIndexOf('/') + 1);
                Path target = dir.resolve(name);
                set.stage(target, file.content());
                written.add(target);
            }
            set.commit();
        } catch (IOException e) {
            throw new CompilationException(dir.toString(), "", "cannot write the outputs (none was written): "
                    + IoErrors.describe(e), e);
        }
        written.forEach(target -> out.println("### Wrote " + target));
        return Main.OK;
    }

    /**
     * The configuration of the options, resolved as the Maven plugin resolves its parameters: the
     * preset, then {@code --memory-size}, {@code --max-sequence-length}, {@code --data-type} and
     * {@code --no-gate-fusion},
     * then each {@code --set} (a later one wins), every field set at once.
     */
    static ProcessorConfig config(Arguments args) throws UsageException {
        ConfigSettings settings = ConfigSettings.fromPreset(
                Optional.ofNullable(args.value("--preset")).orElse("zcu102_single"), "--preset");
        if (args.value("--memory-size") != null) {
            settings = settings.with(ConfigFields.MEMORY_SIZE.name(), args.value("--memory-size"), "--memory-size");
        }
        if (args.value("--max-sequence-length") != null) {
            settings = settings.with(ConfigFields.MAX_SEQUENCE_LENGTH.name(), args.value("--max-sequence-length"),
                    "--max-sequence-length");
        }
        if (args.value("--data-type") != null) {
            settings = settings.with(ConfigFields.DATA_TYPE.name(), args.value("--data-type"), "--data-type");
        }
        if (args.has("--no-gate-fusion")) {
            settings = settings.with(ConfigFields.GATE_FUSION.name(), "false", "--no-gate-fusion");
        }
        for (String setting : args.all("--set")) {
            int eq = setting.indexOf('=');
            if (eq < 1) {
                throw new UsageException("--set takes FIELD=VALUE, not '" + setting + "'");
            }
            settings = settings.with(setting.substring(0, eq), setting.substring(eq + 1), "--set " + setting);
        }
        try {
            return settings.resolve();
        } catch (InvalidSettingException e) {
            throw new UsageException(e.reason());
        }
    }
}
