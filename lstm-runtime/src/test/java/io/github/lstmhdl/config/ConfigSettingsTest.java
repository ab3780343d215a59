package io.github.lstmhdl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The resolution that the command line and the Maven plugin share. */
class ConfigSettingsTest {

    private static final ConfigSettings DEFAULT = ConfigSettings.fromPreset("zcu102_single", "preset");

    @Test
    void aConsistentCombinationIsAcceptedInAnyOrder() throws Exception {
        // 0x40 is a multiple of the alignment 64 written after it, not of the preset's 4096
        ProcessorConfig c = DEFAULT.with("baseAddress", "0x40", "first").with("alignment", "64", "second").resolve();
        assertEquals(0x40, c.baseAddress());
        assertEquals(64, c.alignment());
        // the FC memories are applied before the thread count checked against them
        ProcessorConfig fc = ConfigSettings.fromPreset("zcu102_single", "preset")
                .with("fcThreads", "16", "a").with("fcInputMemorySize", "16", "b").with("fcOutputMemorySize", "16", "c")
                .resolve();
        assertEquals(16, fc.fcThreads());
        assertEquals(16, fc.fcOutputMemorySize());
    }

    @Test
    void combinationsThatNoOrderOfSingleStepsAcceptsAreAccepted() throws Exception {
        // memory before alignment: 2 KiB < the preset's alignment 4096; alignment first is fine here
        ProcessorConfig small = DEFAULT.with("memorySize", "2KiB", "a").with("alignment", "1KiB", "b").resolve();
        assertEquals(2048, small.memorySize());
        assertEquals(1024, small.alignment());
        // the FC memories before the threads: 8 < the preset's 16 threads
        ProcessorConfig fc = ConfigSettings.fromPreset("zcu102_single_16", "preset").with("fcThreads", "4", "a")
                .with("fcInputMemorySize", "8", "b").with("fcOutputMemorySize", "8", "c").resolve();
        assertEquals(4, fc.fcThreads());
        assertEquals(8, fc.fcInputMemorySize());
    }

    @Test
    void aBrokenRuleNamesTheSettingThatSingleStepsBreakItAt() {
        var e = assertThrows(InvalidSettingException.class, () -> DEFAULT.with("memorySize", "2KiB", "m").resolve());
        assertEquals("m", e.origin());
        assertEquals("invalid value '2KiB' for memorySize: alignment must be a power of two between 4 and the memory"
                + " size, not 4096", e.reason());
        e = assertThrows(InvalidSettingException.class, () -> DEFAULT.with("fcThreads", "16", "t")
                .with("fcInputMemorySize", "8", "i").resolve());
        assertEquals("t", e.origin());
        assertEquals("invalid value '16' for fcThreads: FC input and output memory sizes must hold at least 16"
                + " elements", e.reason());
    }

    @Test
    void aLaterSettingOfAFieldWinsAndTheLatestPresetIsTheBase() throws Exception {
        ProcessorConfig c = DEFAULT.with("gateFusion", "false", "a").with("memorySize", "1MiB", "b")
                .withPreset("small_single", "override").with("memorySize", "2MiB", "c").resolve();
        assertEquals("small_single", c.preset());
        assertEquals(2L << 20, c.memorySize());
        assertFalse(c.gateFusion());
    }

    @Test
    void anErrorNamesWhereTheSettingWasWritten() {
        var e = assertThrows(InvalidSettingException.class,
                () -> DEFAULT.with("baseAddress", "0x40", "--set baseAddress=0x40").resolve());
        assertEquals("--set baseAddress=0x40", e.origin());
        assertEquals("invalid value '0x40' for baseAddress: baseAddress 0x40 must be a multiple of the alignment 4096",
                e.reason());
        e = assertThrows(InvalidSettingException.class, () -> ConfigSettings.fromPreset("big", "--preset").resolve());
        assertEquals("--preset", e.origin());
        assertTrue(e.reason().startsWith("unknown processor preset 'big' (known: zcu102_single,"), e.reason());
    }

    @Test
    void unknownFieldsAreReportedBeforeAnyValue() {
        var e = assertThrows(InvalidSettingException.class, () -> DEFAULT.with("memorySize", "lots", "a")
                .with("memorySise", "1GiB", "b").resolve());
        assertEquals("b", e.origin());
        assertEquals(ConfigFields.unknown("memorySise"), e.reason());
        e = assertThrows(InvalidSettingException.class, () -> DEFAULT.with("preset", "small_single", "c").resolve());
        assertEquals("c", e.origin());
    }
}
