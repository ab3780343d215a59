/**
 * Integer arithmetic for the int8 datapath (issue 14), specified so that hardware can match it bit for
 * bit: requantization by an int32 multiplier and a shift with gemmlowp's rounding
 * ({@link io.github.lstmhdl.quant.FixedPoint}), and sigmoid and tanh on 16-bit fixed point by a
 * 1025-entry table with linear interpolation ({@link io.github.lstmhdl.quant.Int16Activation}). Nothing
 * here uses floating point at run time; the tables and multipliers are computed once, at compile time.
 */
package io.github.lstmhdl.quant;
