/**
 * The native network format: a {@code .lstm.json} file that lists layers in the toolbox's terms
 * (sequenceInput, lstm, fullyConnected, relu, sigmoid, tanh, softmax) with MATLAB's weight conventions,
 * and {@code .npy} weight files beside it. Owns the importer ({@link io.github.lstmhdl.json.JsonNetworkImporter}),
 * which validates every field, size and weight and reports errors at their JSON path, and the writer
 * ({@link io.github.lstmhdl.json.JsonNetworkWriter}), which exports any {@link io.github.lstmhdl.ir.Network}
 * to the format. The format itself is documented in {@code docs/formats.md}.
 */
package io.github.lstmhdl.json;
