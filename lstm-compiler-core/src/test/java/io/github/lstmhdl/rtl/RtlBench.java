package io.github.lstmhdl.rtl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.lstmhdl.image.LoadedImage;
import io.github.lstmhdl.testing.Executables;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Verilator test bench of the RTL ({@code hdl/tb/lstm_tb.cpp}), built once per FC lane count
 * into {@code target/hdl/verilator-fc<P>/} and rebuilt only when a source under {@code hdl/rtl} or
 * {@code hdl/tb} changed (a SHA-256 of them is kept beside the executable), and run on memory files.
 * When verilator is not on the PATH the calling test is skipped with a message (.ci/run installs it).
 */
final class RtlBench {
    private final Path executable;
    private final Path work;

    private RtlBench(Path executable, Path work) {
        this.executable = executable;
        this.work = work;
    }

    /** One run's result: the exit status, the cycle counts, the memory after the run and the bench's messages. */
    record Run(int exitStatus, long cycles, long setupCycles, Map<Integer, Long> cyclesPerPc, byte[] memory,
            String messages) {
    }

    /** The bench for {@code fcThreads} lanes, built if needed; skips the test when verilator is missing. */
    static synchronized RtlBench forThreads(int fcThreads) throws IOException, InterruptedException {
        Path dir = built("verilator-fc" + fcThreads, "build.sh", Integer.toString(fcThreads));
        return new RtlBench(dir.resolve("lstm_tb"), dir);
    }

    /**
     * The executable {@code <top>_tb} of one block's bench ({@code hdl/tb/<top>_tb.cpp}), built if needed;
     * skips the test when verilator is missing.
     */
    static synchronized Path block(String top) throws IOException, InterruptedException {
        return built("verilator-" + top, "build-block.sh", top).resolve(top + "_tb");
    }

    /**
     * Runs {@code hdl/tb/<script> <dir> <argument>} unless {@code target/hdl/<name>} holds a build of the
     * current sources; returns the directory.
     */
    private static Path built(String name, String script, String argument) throws IOException, InterruptedException {
        assumeTrue(Executables.onPath("verilator").isPresent(), "verilator is not on the PATH (" + Executables.path()
                + "); .ci/run installs it with apt-get install -y verilator; the RTL tests need it");
        Path hdl = RtlPaths.hdlDirectory();
        Path dir = Path.of("target", "hdl", name).toAbsolutePath();
        Path stamp = dir.resolve("sources.sha256");
        String digest = sourceDigest(hdl) + " " + script + " " + argument;
        if (!Files.isRegularFile(stamp) || !Files.readString(stamp).equals(digest)) {
            Files.createDirectories(dir);
            Files.deleteIfExists(stamp);
            Path log = dir.resolve("build.log");
            Process p = new ProcessBuilder("bash", hdl.resolve("tb").resolve(script).toString(), dir.toString(),
                    argument).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("the Verilator build did not finish in 15 minutes; log: " + log);
            }
            if (p.exitValue() != 0) {
                List<String> lines = Files.readAllLines(log);
                throw new AssertionError("the Verilator build failed (" + log + "):\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
            }
            Files.writeString(stamp, digest);
        }
        return dir;
    }

    private static String sourceDigest(Path hdl) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            List<Path> files = new ArrayList<>();
            for (String sub : new String[] {"rtl", "tb"}) {
                try (Stream<Path> s = Files.list(hdl.resolve(sub))) {
                    s.filter(Files::isRegularFile).sorted().forEach(files::add);
                }
            }
            for (Path f : files) {
                md.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                md.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs the processor on {@code memory} until STATUS_DONE, an error, or {@code maxCycles}.
     *
     * @param stallSeed a seed for random memory stalls, or null for a memory that never stalls
     */
    Run run(LoadedImage image, byte[] memory, String name, long maxCycles, Long stallSeed)
            throws IOException, InterruptedException {
        String file = name.replaceAll("[^A-Za-z0-9_.-]", "_");
        Path in = work.resolve(file + ".mem");
        Path out = work.resolve(file + ".dump");
        Files.write(in, memory);
        Files.deleteIfExists(out);
        List<String> cmd = new ArrayList<>(List.of(executable.toString(), "--memory", in.toString(),
                "--scheduler-offset", Long.toString(MemoryFile.schedulerOffset(image)),
                "--instruction-offset", Long.toString(MemoryFile.instructionOffset(image)),
                "--end-offset", Long.toString(MemoryFile.limit(image)),
                "--frame-limit", Integer.toString(image.metadata().frameLimit()),
                "--max-cycles", Long.toString(maxCycles), "--dump", out.toString()));
        if (stallSeed != null) {
            cmd.add("--stall-seed");
            cmd.add(stallSeed.toString());
        }
        Path stdout = work.resolve(file + ".out");
        Path stderr = work.resolve(file + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the test bench did not finish in 10 minutes: " + String.join(" ", cmd));
        }
        long cycles = -1;
        long setup = -1;
        Map<Integer, Long> perPc = new TreeMap<>();
        for (String line : Files.readAllLines(stdout)) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "cycles" -> cycles = Long.parseLong(f[1]);
                case "setup" -> setup = Long.parseLong(f[1]);
                case "pc" -> perPc.put(Integer.parseInt(f[1]), Long.parseLong(f[2]));
                default -> {
                }
            }
        }
        byte[] after = Files.isRegularFile(out) ? Files.readAllBytes(out) : new byte[0];
        Files.deleteIfExists(in);
        Files.deleteIfExists(out);
        return new Run(p.exitValue(), cycles, setup, perPc, after, Files.readString(stderr).strip());
    }
}
