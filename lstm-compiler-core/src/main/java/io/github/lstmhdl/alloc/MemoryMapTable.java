package io.github.lstmhdl.alloc;

import io.github.lstmhdl.config.ByteSize;
import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.MemorySymbol;
import io.github.lstmhdl.memory.Region;
import io.github.lstmhdl.memory.SymbolKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a memory map the way the toolbox's compile does: columns {@code offset_name},
 * {@code offset_address} ({@code "0x%08x"}, wider when needed) and {@code allocated_space} (kB or MB),
 * rows sorted by address, each size the distance to the next row, and a last row {@code EndOffset}
 * with {@code "Total: …"}. The verbose variant adds a row for every symbol with its own size.
 */
public final class MemoryMapTable {
    private MemoryMapTable() {
    }

    /** The toolbox table: a blank line, header, rule, one row per region, EndOffset, a blank line. */
    public static List<String> render(MemoryMap map) {
        return render(map, false);
    }

    /** The table with every symbol listed under its region. */
    public static List<String> renderVerbose(MemoryMap map) {
        return render(map, true);
    }

    private static List<String> render(MemoryMap map, boolean verbose) {
        List<String[]> rows = new ArrayList<>();
        for (Region r : map.regions()) {
            rows.add(row(r.kind().toolboxName(), r.offset(), ByteSize.toolboxFormat(r.size())));
            if (verbose) {
                for (MemorySymbol s : map.symbols()) {
                    if (s.kind() != SymbolKind.REGION && s.region() == r.kind()) {
                        rows.add(row(s.name(), s.offset(), ByteSize.toolboxFormat(s.size())));
                    }
                }
            }
        }
        rows.add(row("EndOffset", map.endOffset(), "Total: " + ByteSize.toolboxFormat(map.endOffset())));
        int nameWidth = "offset_name".length();
        int addressWidth = "offset_address".length();
        for (String[] r : rows) {
            nameWidth = Math.max(nameWidth, r[0].length());
            addressWidth = Math.max(addressWidth, r[1].length() + 2);
        }
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("    " + center("offset_name", nameWidth) + "    " + center("offset_address", addressWidth) + "    "
                + "allocated_space");
        lines.add("    " + "_".repeat(nameWidth) + "    " + "_".repeat(addressWidth) + "    " + "_".repeat(15));
        for (String[] r : rows) {
            lines.add(("    " + pad(r[0], nameWidth) + "    " + center(r[1], addressWidth) + "    " + r[2])
                    .stripTrailing());
        }
        lines.add("");
        return lines;
    }

    private static String[] row(String name, long address, String space) {
        return new String[] {"\"" + name + "\"", "\"" + String.format(Locale.ROOT, "0x%08x", address) + "\"",
                "\"" + space + "\""};
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String center(String s, int width) {
        int left = (width - s.length()) / 2;
        return pad(" ".repeat(Math.max(0, left)) + s, width);
    }
}
