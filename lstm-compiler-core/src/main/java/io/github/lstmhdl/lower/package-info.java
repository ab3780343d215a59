/**
 * Lowering: decomposes each layer of a validated {@link io.github.lstmhdl.ir.Network} into the
 * processor's components, toolbox style ({@code lstm_1.concat}, {@code lstm_1.wi} … {@code lstm_1.wo},
 * the gate activations and the cell update; {@code gru_1.wh}, {@code gru_1.rh} and the GRU's
 * elementwise parts; {@code fc_1}; activations; softmax), and emits a
 * symbolic program whose operands name storage units (buffers, states, weight blocks) instead of
 * addresses. The result, {@link io.github.lstmhdl.lower.LoweredNetwork}, is immutable and
 * inspectable: the golden listing, the log and the test evaluator read it; the allocator places its
 * units and {@link io.github.lstmhdl.lower.ProgramResolver} turns it into instructions.
 *
 * <p>Structure: {@link io.github.lstmhdl.lower.Lowering} walks the layers and hands each to the
 * {@code LayerLowering} of its kind ({@code LstmLowering}, {@code GruLowering}, {@code FullyConnectedLowering},
 * {@code ActivationLowering}, {@code SoftmaxLowering}), chosen through
 * {@link io.github.lstmhdl.ir.Layer.Cases} so that a kind without a lowering does not build. Every
 * lowering builds on one {@code ProgramBuilder}, which owns the storage units and their names, FC
 * emission with tiling, and time loops. A new layer kind adds its lowering class and one case.
 *
 * <p>Naming: the forward (or only) direction of LSTM or GRU layer {@code L} uses the prefix {@code L}; the
 * backward direction of a bidirectional layer uses {@code L_b} ({@code L_b.wi}, {@code L_b.h}, …).
 */
package io.github.lstmhdl.lower;
