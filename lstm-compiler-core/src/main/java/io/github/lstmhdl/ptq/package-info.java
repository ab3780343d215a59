/**
 * Post-training quantization to the int8 datapath (docs/isa.md §4a, issue 14): calibration samples
 * ({@link io.github.lstmhdl.ptq.Calibration}), a float evaluation of the network that records the ranges
 * the scales come from ({@link io.github.lstmhdl.ptq.FloatEvaluator}), the quantizer and int8 program
 * builder ({@link io.github.lstmhdl.ptq.Int8Builder}), and the accuracy of the result against the float
 * network ({@link io.github.lstmhdl.ptq.AccuracyReport}), all driven by
 * {@link io.github.lstmhdl.ptq.Int8Compilation}. A stage: it uses the IR, the ISA, the image records and
 * the simulator (to measure the accuracy), never the pipeline or the API.
 */
package io.github.lstmhdl.ptq;
