/**
 * The network model: an immutable, validated intermediate representation of a recurrent network in
 * the toolbox's terms (sequence input, LSTM, GRU, fully connected, activations, softmax). Importers produce
 * it; the lowering stage consumes it. The layer kinds form the sealed
 * {@link io.github.lstmhdl.ir.Layer} type, dispatched over exhaustively through
 * {@link io.github.lstmhdl.ir.Layer.Cases}; what all recurrent kinds share is
 * {@link io.github.lstmhdl.ir.RecurrentLayer}. An LSTM's gate order is canonical (i, f, g, o)
 * throughout; a GRU's is ONNX's (z, r, h).
 */
package io.github.lstmhdl.ir;
