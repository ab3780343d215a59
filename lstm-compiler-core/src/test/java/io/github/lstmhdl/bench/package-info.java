/**
 * Benchmarks that are run by hand, not by the test suite: end-to-end compile throughput and peak heap
 * ({@link io.github.lstmhdl.bench.CompileThroughputBenchmark}), and the ONNX writer it uses to produce
 * a large model without holding it in memory.
 */
package io.github.lstmhdl.bench;
