/**
 * Reading network files: options shared by every importer and the entry point that picks the importer
 * by file suffix ({@code .onnx} or {@code .lstm.json}).
 */
package io.github.lstmhdl.source;
