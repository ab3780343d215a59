package io.github.lstmhdl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lstmhdl.alloc.MemoryOverflowException;
import org.junit.jupiter.api.Test;

class LstmCompilerTest {

    @Test
    void theVersionIsTheFilteredProjectVersion() {
        String v = LstmCompiler.version();
        assertFalse(v.isBlank());
        assertFalse(v.contains("${"), v);
        assertTrue(v.matches("\\d+\\.\\d+\\.\\d+.*"), v);
    }

    @Test
    void anOverflowCarriesItsFigures() {
        MemoryOverflowException e = new MemoryOverflowException("a.onnx", "FC_WEIGHT_DATA", "does not fit",
                3000, 1024);
        assertEquals(1976, e.excess());
        assertEquals(3000, e.required());
        assertEquals(1024, e.available());
        assertTrue(e.getMessage().startsWith("a.onnx: FC_WEIGHT_DATA: "), e.getMessage());
        assertEquals(0, new MemoryOverflowException("a", "", "r", 1, 2).excess());
    }
}
