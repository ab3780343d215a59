package io.github.lstmhdl.rtl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resources of one Yosys synthesis ({@code synth_xilinx -family xc7}) of the processor, read from the
 * cell statistics at the end of the log: LUTs (LUT1 to LUT6), flip-flops (FDRE, FDSE, FDCE, FDPE), DSP
 * slices (DSP48E1) and block RAMs in 36 Kb units (a RAMB36E1 is one, a RAMB18E1 a half).
 *
 * @param fcThreads the FC lanes synthesized
 * @param cells     every cell type and its count
 */
record SynthesisReport(int fcThreads, Map<String, Long> cells) {
    private static final Pattern CELL = Pattern.compile("^\\s+(\\w+)\\s+(\\d+)\\s*$");

    SynthesisReport {
        cells = Map.copyOf(cells);
    }

    /** The statistics after the last "Number of cells" line of a Yosys log. */
    static SynthesisReport parse(int fcThreads, List<String> log) {
        int last = -1;
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).contains("Number of cells:")) {
                last = i;
            }
        }
        if (last < 0) {
            throw new IllegalArgumentException("the Yosys log has no cell statistics");
        }
        Map<String, Long> cells = new LinkedHashMap<>();
        for (int i = last + 1; i < log.size(); i++) {
            Matcher m = CELL.matcher(log.get(i));
            if (!m.matches()) {
                break;
            }
            cells.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return new SynthesisReport(fcThreads, cells);
    }

    private long sum(String... kinds) {
        long s = 0;
        for (String k : kinds) {
            s += cells.getOrDefault(k, 0L);
        }
        return s;
    }

    long luts() {
        return sum("LUT1", "LUT2", "LUT3", "LUT4", "LUT5", "LUT6");
    }

    long flipFlops() {
        return sum("FDRE", "FDSE", "FDCE", "FDPE");
    }

    long dsps() {
        return sum("DSP48E1");
    }

    /** Block RAMs in RAMB36 units. */
    double blockRams() {
        return sum("RAMB36E1") + sum("RAMB18E1") / 2.0;
    }

    /** One row of the resources table. */
    String row(String preset) {
        return String.format(Locale.ROOT, "%-16s %9d %10d %11d %6d %8.1f", preset, fcThreads, luts(), flipFlops(), dsps(),
                blockRams());
    }

    static String header() {
        return String.format(Locale.ROOT, "%-16s %9s %10s %11s %6s %8s", "preset", "fcThreads", "LUTs", "flip-flops",
                "DSPs", "BRAM36");
    }
}
