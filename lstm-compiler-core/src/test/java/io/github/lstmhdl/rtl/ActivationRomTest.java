package io.github.lstmhdl.rtl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The RTL's activation ROM holds exactly the simulator's sigmoid and tanh tables: the checked-in
 * {@code hdl/rtl/lstm_act_rom.v} equals what {@link ActivationRom} writes from {@code Int16Activation}.
 * With {@code -Dlstm.rtl.writeRom=true} the test writes the file instead (after a table change).
 */
class ActivationRomTest {
    @Test
    void theCheckedInRomIsTheSimulatorsTables() throws Exception {
        Path rom = RtlPaths.rtlDirectory().resolve("lstm_act_rom.v");
        String expected = ActivationRom.verilog();
        if (Boolean.getBoolean("lstm.rtl.writeRom")) {
            Files.writeString(rom, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, Files.readString(rom, StandardCharsets.UTF_8),
                rom + " is not the simulator's tables; regenerate it with -Dlstm.rtl.writeRom=true");
    }
}
