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
}
