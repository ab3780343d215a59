package io.github.lstmhdl.cli;

import io.github.lstmhdl.LstmCompiler;
import io.github.lstmhdl.alloc.MemoryOverflowException;
import io.github.lstmhdl.diagnostics.LocatedException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The command line: {@code compile}, {@code inspect}, {@code run} and {@code estimate}. Exit code 0 on success; 1 for an
 * invalid network or image, a failed check or an overflow, with one line {@code error: <file>: <reason>}
 * on standard error; 2 for bad usage.
 */
public final class Main {
    /** Success. */
    public static final int OK = 0;
    /** An invalid network or image, a failed check, an overflow. */
    public static final int FAILED = 1;
    /** The command line itself is wrong. */
    public static final int USAGE = 2;

    static final String USAGE_TEXT = String.join(System.lineSeparator(),
            "usage: lstm-hdl <command> [options]",
            "",
            "commands:",
            "  compile <network> [-o DIR] [--memory-size 512MiB] [--max-sequence-length N]",
            "          [--package P] [--class-name C] [--no-gate-fusion] [--preset NAME]",
            "          [--set FIELD=VALUE]... [--bind INPUT=FILE.pb|FILE.npy]... [--output-name NAME]... [-v]",
            "          [--positional-layer-names]",
            "          [--max-latency-per-step 250us] [--max-latency-per-sequence 2ms] [--min-frames-per-second N]",
            "          [--data-type single|int8] [--calibration DIR] [--max-quantization-error 5%]",
            "      compile an .onnx or .lstm.json network: writes the ELF image, the Java constants,",
            "      the C header and the JSON memory map into DIR (default: the current folder); a",
            "      deadline the estimate misses fails the compile before anything is written; int8",
            "      quantizes with the sample inputs DIR/*.npy ([T, D] or [N, T, D]) and fails when",
            "      the int8 output's max error exceeds the given share of the output range",
            "  inspect <image> [-v]",
            "      print an image's memory map, components and metadata; -v adds the disassembly",
            "  estimate <network|image> [--sequence-length N] [compile's configuration and deadline options]",
            "      print the performance estimate (cycles per step and per sequence, latency, throughput)",
            "  run <image> --input [NAME=]in.npy... --output [NAME=]out.npy... [--keep-state] [--profile]",
            "      run an image on the reference simulator; --profile prints the measured cycles",
            "",
            "  --help, --version");

    private Main() {
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** Runs one command line, printing to {@code out} and {@code err}; returns the exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (command) {
                case "--help", "-h", "help" -> {
                    out.println(USAGE_TEXT);
                    yield OK;
                }
                case "--version" -> {
                    out.println("lstm-hdl " + LstmCompiler.version());
                    yield OK;
                }
                case "compile" -> CompileCommand.run(rest, out);
                case "inspect" -> InspectCommand.run(rest, out);
                case "run" -> RunCommand.run(rest, out);
                case "estimate" -> EstimateCommand.run(rest, out);
                default -> throw new UsageException("unknown command '" + command + "'");
            };
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        } catch (MemoryOverflowException e) {
            err.println("error: " + oneLine(e.message(MemoryOverflowException.SettingNames.COMMAND_LINE)));
            return FAILED;
        } catch (LocatedException e) {
            err.println("error: " + oneLine(e.getMessage()));
            return FAILED;
        } catch (RuntimeException | OutOfMemoryError e) {
            // a bug or an exhausted heap: still one line naming the file, never a stack trace
            err.println("error: " + subject(command, rest) + ": internal error: " + oneLine(describe(e)));
            return FAILED;
        }
    }

    /**
     * The file a command works on, for the last-resort error: its first positional word (the network or
     * the image), skipping the values of the flags that take one; the command itself when there is none.
     */
    static String subject(String command, List<String> rest) {
        for (int i = 0; i < rest.size(); i++) {
            String w = rest.get(i);
            if (!w.startsWith("-") || w.length() == 1) {
                return w;
            }
            if (!w.contains("=") && (CompileCommand.VALUES.contains(w) || RunCommand.VALUES.contains(w)
                    || EstimateCommand.VALUES.contains(w))) {
                i++;
            }
        }
        return command;
    }

    private static String describe(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + e.getMessage() + "); run java with a larger heap, such as -Xmx4g";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message)
                + " (please report this as a bug)";
    }

    private static String oneLine(String message) {
        return message.replace(System.lineSeparator(), " ").replace('\n', ' ');
    }
}
