package io.github.lstmhdl.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.memory.MemoryMap;
import io.github.lstmhdl.memory.MemorySymbol;
import io.github.lstmhdl.memory.Region;
import io.github.lstmhdl.memory.RegionKind;
import io.github.lstmhdl.memory.SymbolKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryMapTableTest {

    /** The figures of the toolbox's real compile log (reference.md §1). */
    @Test
    void printsTheToolboxTable() {
        long[] offsets = {0x0, 0x5c000, 0x5d000, 0x5d000, 0x62000, 0x63000};
        long end = 0x12a000;
        List<Region> regions = new ArrayList<>();
        RegionKind[] kinds = RegionKind.values();
        for (int i = 0; i < kinds.length; i++) {
            long next = i + 1 < kinds.length ? offsets[i + 1] : end;
            regions.add(new Region(kinds[i], offsets[i], next - offsets[i]));
        }
        MemoryMap map = new MemoryMap(0, 512L << 20, 4096, regions, List.of(), end);
        assertEquals(List.of(
                "",
                "          offset_name          offset_address    allocated_space",
                "    _______________________    ______________    _______________",
                "    \"InputDataOffset\"           \"0x00000000\"     \"368.0 kB\"",
                "    \"OutputResultOffset\"        \"0x0005c000\"     \"4.0 kB\"",
                "    \"SchedulerDataOffset\"       \"0x0005d000\"     \"0.0 kB\"",
                "    \"SystemBufferOffset\"        \"0x0005d000\"     \"20.0 kB\"",
                "    \"InstructionDataOffset\"     \"0x00062000\"     \"4.0 kB\"",
                "    \"FCWeightDataOffset\"        \"0x00063000\"     \"796.0 kB\"",
                "    \"EndOffset\"                 \"0x0012a000\"     \"Total: 1192.0 kB\"",
                ""), MemoryMapTable.render(map));
    }

    @Test
    void verboseListsSymbolsAndWidensForLongAddresses() {
        List<Region> regions = new ArrayList<>();
        long off = 0;
        for (RegionKind k : RegionKind.values()) {
            regions.add(new Region(k, off, 1L << 20));
            off += 1L << 20;
        }
        List<MemorySymbol> symbols = List.of(new MemorySymbol("a_rather_long_layer_name.gates.weights",
                SymbolKind.WEIGHTS, RegionKind.FC_WEIGHT_DATA, 5L << 20, 4096));
        MemoryMap map = new MemoryMap(0, 1L << 32, 4096, regions, symbols, off);
        List<String> lines = MemoryMapTable.renderVerbose(map);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"a_rather_long_layer_name.gates.weights\"")));
        int width = "\"a_rather_long_layer_name.gates.weights\"".length();
        assertEquals("    " + "_".repeat(width) + "    ______________    _______________", lines.get(2));
        assertEquals(List.of(), MemoryMapTable.render(map).stream().filter(l -> l.contains("gates")).toList());
    }
}
