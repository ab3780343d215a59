/**
 * Tests of the processor's RTL ({@code hdl/}, docs/hardware.md, issue 18): compiled int8 images run on a
 * Verilator build of the Verilog and on the reference simulator must give identical output bytes; the
 * RTL's arithmetic blocks are held to the simulator's integer primitives; the activation ROM is the
 * simulator's tables; Yosys synthesis reports the resources. The test bench's memory file is written
 * here ({@link io.github.lstmhdl.rtl.MemoryFile}); the Verilator builds are cached under
 * {@code target/hdl/}, the reports written to {@code target/hdl-reports/}.
 */
package io.github.lstmhdl.rtl;
