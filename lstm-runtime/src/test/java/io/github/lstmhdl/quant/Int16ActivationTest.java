package io.github.lstmhdl.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The table-and-interpolation sigmoid and tanh against the exact functions over every int16 input. */
class Int16ActivationTest {

    @Test
    void sigmoidIsWithinAboutOneLsbOfTheExactFunctionEverywhere() {
        double error = Int16Activation.SIGMOID.maxErrorLsb();
        System.out.println("Int16Activation: sigmoid max error " + error + " LSB of Q0.15");
        assertTrue(error <= 1.0, "sigmoid error " + error + " LSB");
    }

    @Test
    void tanhIsWithinAboutOneLsbOfTheExactFunctionEverywhere() {
        double error = Int16Activation.TANH.maxErrorLsb();
        System.out.println("Int16Activation: tanh max error " + error + " LSB of Q0.15");
        assertTrue(error <= 1.0, "tanh error " + error + " LSB");
    }

    @Test
    void tableEntriesAndSymmetry() {
        int[] t = Int16Activation.SIGMOID.table();
        assertEquals(1025, t.length);
        assertEquals(16384 << 4, t[512], "sigmoid(0) = 1/2");
        assertEquals(16384, Int16Activation.SIGMOID.apply((short) 0));
        assertEquals(0, Int16Activation.TANH.apply((short) 0));
        assertEquals(Short.MAX_VALUE, Int16Activation.TANH.apply(Short.MAX_VALUE), "tanh(8) saturates at 1 − 2^−15");
        for (int x = 1; x < Short.MAX_VALUE; x += 97) {
            int sum = Int16Activation.TANH.apply((short) x) + Int16Activation.TANH.apply((short) -x);
            assertTrue(Math.abs(sum) <= 1, "tanh is odd within an LSB at " + x + ": " + sum);
        }
    }

    /**
     * docs/isa.md §4a pins the tables' contents by their SHA-256 (1025 little-endian int32 entries), so a
     * hardware ROM built from the documented formula can be checked against the simulator's.
     */
    @Test
    void tablesHaveTheDocumentedDigests() throws Exception {
        assertEquals(SIGMOID_SHA256, sha256(Int16Activation.SIGMOID.table()), "sigmoid table");
        assertEquals(TANH_SHA256, sha256(Int16Activation.TANH.table()), "tanh table");
    }

    /** The digests docs/isa.md §4a states. */
    static final String SIGMOID_SHA256 = "895f01785792d71cc42155530c361ec52c8cf7b82c470139e2bb0dfd7e78d46b";
    static final String TANH_SHA256 = "7f1d9e9871a314f7bc02bd0656b238e1c802610e2174d2858d3dd35101d617f7";

    private static String sha256(int[] table) throws Exception {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * table.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(table);
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b.array()));
    }
}
