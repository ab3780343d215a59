/**
 * ONNX import: a protobuf wire-format reader of the ONNX messages the compiler needs (no generated
 * classes) that leaves tensor data in the file until a tensor is decoded, and a translator that turns
 * the dynamic path from the sequence input to the chosen graph output into the layers of an
 * {@link io.github.lstmhdl.ir.Network}. Entry point: {@link io.github.lstmhdl.onnx.OnnxImporter}.
 *
 * <p>The translation, one job per class: {@code GraphTranslator} drives it; {@code OutputChoice},
 * {@code GraphIndex} (names and topological order), {@code SequenceChoice} and {@code AxisRoles} prepare
 * it; {@code ValueResolver} gives each tensor name its {@code Value} (a {@code Constant} or a
 * {@code Flow}); {@code NetworkAssembler} makes the network. {@code OpTable} is the one table of op
 * support: per op type, the {@code ConstantOp} that folds it on constants ({@code ConstantSources},
 * {@code ShapeFolding}, {@code DataMovement}, {@code Elementwise}), the {@code OpTranslator} that
 * translates it on the dynamic path ({@code DataPathOps}, {@code AxisOps}, {@code TimeSelection},
 * {@code LstmTranslator}, {@code DenseOps}, {@code ActivationOps}), or the message that rejects it.
 * Shape arithmetic (axes, Slice ranges, broadcasting, Reshape's 0 and -1) is {@code ShapeArithmetic}'s.
 * Adding an op means one translator (and/or folding) and one entry in the table.
 */
package io.github.lstmhdl.onnx;
