package io.github.lstmhdl.rtl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.lstmhdl.isa.Int8Params;
import io.github.lstmhdl.quant.FixedPoint;
import io.github.lstmhdl.quant.Int16Activation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The RTL's arithmetic blocks, each on its own Verilator bench, against the simulator's integer
 * primitives: the requantizer {@code lstm_requant} against {@link FixedPoint#multiply} on the edge cases
 * and random operands of every shift, and the activation unit {@code lstm_activation} against
 * {@link Int16Activation#apply} on all 65536 inputs of both functions.
 */
class RtlBlocksTest {
    @Test
    void theRequantizerIsFixedPointMultiply() throws Exception {
        Random rnd = new Random(18);
        List<int[]> cases = new ArrayList<>();
        int[] xs = {0, 1, -1, 2, -2, 3, -3, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1,
            Integer.MIN_VALUE + 1, 1 << 16, -(1 << 16), 32767, -32768, 255, -255};
        int[] ms = {0, 1 << 30, (1 << 30) + 1, Integer.MAX_VALUE, 1518500250, 1 << 30 | 1 << 29};
        for (int s = Int8Params.MIN_SHIFT; s <= Int8Params.MAX_SHIFT; s++) {
            for (int x : xs) {
                for (int m : ms) {
                    cases.add(new int[] {x, m, s});
                }
            }
            for (int i = 0; i < 300; i++) {
                int x = switch (i % 3) {
                    case 0 -> rnd.nextInt();
                    case 1 -> rnd.nextInt(1 << 17) - (1 << 16);
                    default -> rnd.nextInt(511) - 255;
                };
                cases.add(new int[] {x, (1 << 30) + rnd.nextInt(1 << 30), s});
            }
        }
        StringBuilder in = new StringBuilder();
        for (int[] c : cases) {
            in.append(c[0]).append(' ').append(c[1]).append(' ').append(c[2]).append('\n');
        }
        List<String> out = run(RtlBench.block("lstm_requant"), in.toString());
        assertEquals(cases.size(), out.size(), "one result per case");
        for (int i = 0; i < cases.size(); i++) {
            int[] c = cases.get(i);
            int expected = FixedPoint.multiply(c[0], new FixedPoint.Multiplier(c[1], c[2]));
            assertEquals(expected, Integer.parseInt(out.get(i)), "MBQM(" + c[0] + ", " + c[1] + ", " + c[2] + ")");
        }
    }

    @Test
    void theActivationUnitIsTheSimulatorsTableFunctionOnEveryInput() throws Exception {
        List<String> out = run(RtlBench.block("lstm_activation"), "");
        assertEquals(2 * 65536, out.size(), "sigmoid and tanh of every int16");
        Int16Activation[] functions = {Int16Activation.SIGMOID, Int16Activation.TANH};
        for (int f = 0; f < 2; f++) {
            for (int q = Short.MIN_VALUE; q <= Short.MAX_VALUE; q++) {
                int expected = functions[f].apply((short) q);
                int line = f * 65536 + q - Short.MIN_VALUE;
                assertEquals(expected, Integer.parseInt(out.get(line)), functions[f].name() + "(" + q + ")");
            }
        }
    }

    private static List<String> run(Path exe, String input) throws IOException, InterruptedException {
        Path dir = exe.getParent();
        Path in = dir.resolve("input.txt");
        Path out = dir.resolve("output.txt");
        Files.writeString(in, input, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(exe.toString()).redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectErrorStream(false).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(exe + " did not finish in 5 minutes");
        }
        assertEquals(0, p.exitValue(), exe + " failed: " + new String(p.getErrorStream().readAllBytes(),
                StandardCharsets.UTF_8));
        return Files.readAllLines(out);
    }
}
