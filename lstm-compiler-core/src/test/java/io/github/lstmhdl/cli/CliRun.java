package io.github.lstmhdl.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One command line run in-process: its exit code and what it printed, as the tests of the commands
 * read them.
 *
 * @param code   the exit code
 * @param stdout standard output
 * @param stderr standard error
 */
record CliRun(int code, String stdout, String stderr) {

    /** Runs {@link Main#run} with the words. */
    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
