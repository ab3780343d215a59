/**
 * ONNX import: a protobuf wire-format reader of the ONNX messages the compiler needs (no generated
 * classes) that leaves tensor data in the file until a tensor is decoded, a small constant folder for the shape and weight subgraphs that exporters emit, and the
 * pattern matcher that turns the dynamic path from the sequence input to the chosen graph output into
 * the layers of an {@link io.github.lstmhdl.ir.Network}. Entry point: {@link io.github.lstmhdl.onnx.OnnxImporter}.
 */
package io.github.lstmhdl.onnx;
