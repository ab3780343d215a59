package io.github.lstmhdl.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The requantization primitives against exact arithmetic (BigDecimal), on edge and random values. */
class FixedPointTest {

    private static final int[] EDGES = {0, 1, -1, 2, -2, 3, -3, (1 << 30) - 1, 1 << 30, -(1 << 30), Integer.MAX_VALUE,
        Integer.MIN_VALUE, Integer.MIN_VALUE + 1, 12345, -12345};

    private static int halfAwayFromZero(BigDecimal v) {
        return v.setScale(0, RoundingMode.HALF_UP).intValueExact(); // HALF_UP is away from zero for BigDecimal
    }

    @Test
    void theDoublingHighMultiplyRoundsHalfTowardPlusInfinityAndSaturatesItsOneOverflow() {
        Random random = new Random(1);
        for (int n = 0; n < 200_000; n++) {
            int a = n < EDGES.length * EDGES.length ? EDGES[n / EDGES.length] : random.nextInt();
            int b = n < EDGES.length * EDGES.length ? EDGES[n % EDGES.length] : random.nextInt();
            int actual = FixedPoint.saturatingRoundingDoublingHighMul(a, b);
            if (a == Integer.MIN_VALUE && b == Integer.MIN_VALUE) {
                assertEquals(Integer.MAX_VALUE, actual);
                continue;
            }
            BigDecimal exact = new BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)))
                    .divide(BigDecimal.valueOf(1L << 31));
            int halfUp = exact.add(new BigDecimal("0.5")).setScale(0, RoundingMode.FLOOR).intValueExact();
            assertEquals(halfUp, actual, a + " * " + b);
        }
    }

    @Test
    void theRoundingShiftRoundsHalfAwayFromZero() {
        Random random = new Random(2);
        for (int n = 0; n < 200_000; n++) {
            int x = n < EDGES.length ? EDGES[n] : random.nextInt() >> random.nextInt(31);
            int e = n % 32;
            BigDecimal exact = new BigDecimal(x).divide(new BigDecimal(BigInteger.ONE.shiftLeft(e)));
            assertEquals(halfAwayFromZero(exact), FixedPoint.roundingDivideByPot(x, e), x + " / 2^" + e);
        }
        assertThrows(IllegalArgumentException.class, () -> FixedPoint.roundingDivideByPot(1, 32));
    }

    @Test
    void aQuantizedScaleIsWithinHalfAStepOfTheRealOne() {
        Random random = new Random(3);
        for (int n = 0; n < 100_000; n++) {
            double real = Math.scalb(0.5 + random.nextDouble() / 2, random.nextInt(60) - 40);
            FixedPoint.Multiplier m = FixedPoint.quantize(real);
            double back = m.multiplier() * Math.scalb(1.0, m.shift() - 31);
            assertTrue(Math.abs(back - real) <= Math.scalb(real, -31), real + " -> " + m);
        }
        assertEquals(new FixedPoint.Multiplier(1 << 30, 1), FixedPoint.quantize(1.0));
        assertEquals(new FixedPoint.Multiplier(1 << 30, 0), FixedPoint.quantize(0.5));
        assertEquals(new FixedPoint.Multiplier(0, 0), FixedPoint.quantize(0));
        assertThrows(IllegalArgumentException.class, () -> FixedPoint.quantize(-1));
        assertThrows(IllegalArgumentException.class, () -> FixedPoint.quantize(Double.NaN));
    }

    @Test
    void multiplyingByAQuantizedScaleIsWithinOneOfTheRoundedProduct() {
        Random random = new Random(4);
        for (int n = 0; n < 200_000; n++) {
            int x = random.nextInt(1 << 24) - (1 << 23);
            double real = random.nextDouble() * Math.scalb(1.0, -random.nextInt(20));
            long expected = Math.round(x * real);
            int actual = FixedPoint.multiply(x, FixedPoint.quantize(real));
            assertTrue(Math.abs(actual - expected) <= 1, x + " * " + real + ": " + actual + " vs " + expected);
        }
        // a scale above 1 shifts left first
        assertEquals(4000, FixedPoint.multiply(1000, FixedPoint.quantize(4.0)));
        assertEquals(-4000, FixedPoint.multiply(-1000, FixedPoint.quantize(4.0)));
    }
}
