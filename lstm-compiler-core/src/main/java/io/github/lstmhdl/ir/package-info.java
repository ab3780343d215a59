/**
 * The network model: an immutable, validated intermediate representation of a recurrent network in
 * the toolbox's terms (sequence input, LSTM, fully connected, activations, softmax). Importers produce
 * it; the lowering stage consumes it. Gate order is canonical (i, f, g, o) throughout.
 */
package io.github.lstmhdl.ir;
