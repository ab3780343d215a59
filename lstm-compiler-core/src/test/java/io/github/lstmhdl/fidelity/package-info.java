/**
 * Numerical fidelity tests (issue 5): ONNX models, random and real, go the whole way a user's model
 * goes (ONNX bytes, import, compile, ELF image bytes, image reader, simulator) and are compared with
 * onnxruntime or stored reference outputs; the JSON and ONNX forms of one network must give identical
 * bytes.
 */
package io.github.lstmhdl.fidelity;
