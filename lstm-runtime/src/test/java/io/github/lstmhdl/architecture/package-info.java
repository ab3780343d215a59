/**
 * Tests of lstm-runtime's structure as a whole: that it depends on nothing but the JDK. (Its package
 * cycles and layers are checked with the core's, by the core's {@code PackageCyclesTest}, which reads
 * both modules' classes.)
 */
package io.github.lstmhdl.architecture;
