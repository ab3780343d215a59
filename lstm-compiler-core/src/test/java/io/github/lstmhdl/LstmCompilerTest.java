package io.github.lstmhdl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LstmCompilerTest {

    @Test
    void theVersionIsTheFilteredProjectVersion() {
        String v = LstmCompiler.version();
        assertFalse(v.isBlank());
        assertFalse(v.contains("${"), v);
        assertTrue(v.matches("\\d+\\.\\d+\\.\\d+.*"), v);
    }
}
