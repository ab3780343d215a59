/**
 * The network model: an immutable, validated intermediate representation of a recurrent network in
 * the toolbox's terms (sequence input, LSTM, fully connected, activations, softmax). Importers produce
 * it; the lowering stage consumes it. The layer kinds form the sealed
 * {@link io.github.lstmhdl.ir.Layer} type, dispatched over exhaustively through
 * {@link io.github.lstmhdl.ir.Layer.Cases}; what all recurrent kinds share is
 * {@link io.github.lstmhdl.ir.RecurrentLayer}. Gate order is canonical (i, f, g, o) throughout.
 */
package io.github.lstmhdl.ir;
