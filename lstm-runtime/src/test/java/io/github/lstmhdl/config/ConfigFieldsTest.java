package io.github.lstmhdl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.config.ConfigField.Part;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The field table against the records it describes and the canonical text of before the table. */
class ConfigFieldsTest {

    @Test
    void theCanonicalTextIsTheOneOfBeforeTheTable() {
        assertEquals("preset=zcu102_single;dataType=single;baseAddress=0;memorySize=536870912;alignment=4096;"
                + "maxSequenceLength=0;fcThreads=4;fcInputMemorySize=25088;fcOutputMemorySize=4096;fcTiling=true;"
                + "addBlock=true;multiplyBlock=true;sigmoidBlock=true;tanhBlock=true;softmaxOnHost=true;"
                + "gateFusion=true;fusedActivations=true;inputProjection=false;clockFrequencyMHz=220;"
                + "memoryBandwidthMBps=19200;", ProcessorConfig.defaults().canonicalText());
        assertEquals("preset=small_single;dataType=single;baseAddress=0;memorySize=67108864;alignment=4096;"
                + "maxSequenceLength=0;fcThreads=4;fcInputMemorySize=4096;fcOutputMemorySize=1024;fcTiling=true;"
                + "addBlock=true;multiplyBlock=true;sigmoidBlock=true;tanhBlock=true;softmaxOnHost=true;"
                + "gateFusion=true;fusedActivations=true;inputProjection=false;clockFrequencyMHz=150;"
                + "memoryBandwidthMBps=4200;", ProcessorConfig.preset("small_single").canonicalText());
    }

    @Test
    void eachPartIsTheComponentsOfItsRecordInTableOrder() {
        assertEquals(components(ProcessorModel.class), names(Part.PROCESSOR));
        assertEquals(components(CompileOptions.class), names(Part.COMPILE));
        assertEquals(ConfigFields.NAMES, ProcessorConfig.FIELDS);
        assertEquals(ConfigFields.NAMES, List.copyOf(ProcessorConfig.defaults().toMap().keySet()).subList(1, 20));
    }

    @Test
    void everyFieldReadsWhatItsAccessorsReadAndRoundTripsThroughItsText() {
        for (String preset : ProcessorConfig.presets()) {
            ProcessorConfig c = ProcessorConfig.preset(preset);
            for (ConfigField<?> f : ConfigFields.ALL) {
                assertEquals(c.toMap().get(f.name()), f.get(c), f.name());
                assertEquals(c, c.with(f.name(), f.text(c)), f.name());
            }
        }
    }

    @Test
    void aTypedSettingChangesOneFieldOnly() {
        ProcessorConfig c = ProcessorConfig.defaults();
        ProcessorConfig projected = c.with(ConfigFields.INPUT_PROJECTION, true);
        assertTrue(projected.inputProjection());
        assertTrue(projected.options().inputProjection());
        assertEquals(c.processor(), projected.processor());
        assertEquals(c, projected.with(ConfigFields.INPUT_PROJECTION, false));
        assertEquals(64L << 20, c.with(ConfigFields.MEMORY_SIZE, 64L << 20).processor().memorySize());
    }

    @Test
    void textIsParsedAsBeforeTheTable() {
        ProcessorConfig c = ProcessorConfig.defaults();
        assertEquals(1L << 30, c.with("memorySize", "1GB").memorySize());
        assertEquals(0x1000, c.with("baseAddress", "0x1000").baseAddress());
        assertEquals(12_000, c.with("maxSequenceLength", " 12_000 ").maxSequenceLength());
        assertFalse(c.with("gateFusion", "off").gateFusion());
        var e = assertThrows(IllegalArgumentException.class, () -> c.with("fcThreads", "5"));
        assertEquals("invalid value '5' for fcThreads: fcThreads must be 4, 8 or 16, not 5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.with("gateFusion", "maybe"));
        assertEquals("invalid value 'maybe' for gateFusion: expected true or false", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.with("preset", "small_single"));
        assertTrue(e.getMessage().startsWith("unknown processor field 'preset' (known: dataType, baseAddress,"),
                e.getMessage());
    }

    @Test
    void fieldsInCrossFieldRulesAreAppliedAfterTheFieldsTheyAreCheckedWith() {
        List<String> order = ConfigFields.APPLY_ORDER.stream().map(ConfigField::name).toList();
        assertEquals(List.of("memorySize", "alignment", "baseAddress", "fcInputMemorySize", "fcOutputMemorySize",
                "fcThreads"), order.subList(0, 6));
        assertEquals(ConfigFields.ALL.size(), order.size());
        assertTrue(order.containsAll(ConfigFields.NAMES));
    }

    @Test
    void theFlatConstructorBuildsTheSameConfiguration() {
        ProcessorConfig c = ProcessorConfig.defaults();
        assertEquals(c, new ProcessorConfig(c.preset(), c.dataType(), c.baseAddress(), c.memorySize(), c.alignment(),
                c.maxSequenceLength(), c.fcThreads(), c.fcInputMemorySize(), c.fcOutputMemorySize(), c.fcTiling(),
                c.addBlock(), c.multiplyBlock(), c.sigmoidBlock(), c.tanhBlock(), c.softmaxOnHost(), c.gateFusion(),
                c.fusedActivations(), c.inputProjection(), c.clockFrequencyMHz(), c.memoryBandwidthMBps()));
    }

    private static List<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    private static List<String> names(Part part) {
        return ConfigFields.ALL.stream().filter(f -> f.part() == part).map(ConfigField::name).toList();
    }
}
