/**
 * The processor's timing model (docs/isa.md §9): the cycles of one executed instruction as a pure
 * function of its fields and the processor's timing parameters ({@link TimingModel}), the cycles of a
 * whole run of T time steps by the program's execution rule ({@link ProgramTiming}), and the report of
 * an estimate or a measured profile per layer, layer group and loop ({@link PerformanceReport}). It
 * depends on {@code isa} and {@code config} only, so the compiler (the estimate), the simulator (the
 * profile) and the front ends (deadlines) all count with the same function.
 */
package io.github.lstmhdl.timing;
